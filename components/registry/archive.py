"""The registry's year tab: archive a bloc-year (read-only from then on) and download the
province's whole year as one bundle (JSON and XLSX in a zip)."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import current_language, t
from db.models import Province
from services.access.sessions import Principal
from services.archive import archive_states, archive_year
from services.clock import local_time, now
from services.year_export import bundle_name, year_bundle_zip


def archive_tab(principal: Principal, province_id: int, year: int) -> None:
    with db_session() as session:
        states = archive_states(session, province_id=province_id, year=year)
        code = session.get(Province, province_id).code
    st.caption(t("archive.intro", year=year))
    if not states:
        st.info(t("registry.no_blocs"))
    else:
        st.dataframe(
            [
                {
                    t("registry.bloc"): s.bloc,
                    t("archive.state"): t("archive.archived") if s.archived else t("archive.open"),
                    t("archive.when"): local_time(s.archived_at, "%d/%m/%Y %H:%M"),
                    t("archive.by"): s.archived_by or "",
                }
                for s in states
            ],
            hide_index=True,
            width="stretch",
        )
        _archive_form(principal, province_id, year, {s.bloc_id: s.bloc for s in states if not s.archived})
    st.subheader(t("archive.export_title", year=year))
    st.caption(t("archive.export_help"))
    lang = current_language()

    def build() -> bytes:
        with db_session() as session:
            return year_bundle_zip(session, year=year, province_id=province_id, at=now(), lang=lang)[1]

    st.download_button(
        t("archive.download", year=year),
        data=build,
        file_name=f"{bundle_name(year, code)}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/download:",
        key=f"year_export_{province_id}_{year}",
    )


def _archive_form(principal: Principal, province_id: int, year: int, still_open: dict[int, str]) -> None:
    if not still_open:
        st.success(t("archive.all_archived", year=year), icon=":material/inventory_2:")
        return
    with st.form(f"archive_{province_id}_{year}"):
        st.markdown(f"**{t('archive.action', year=year)}**")
        chosen = st.multiselect(t("archive.blocs"), list(still_open), format_func=still_open.get,
                                placeholder=t("common.choose"), select_all=False)  # fmt: skip
        confirmed = st.checkbox(t("archive.confirm", year=year))
        submitted = st.form_submit_button(t("archive.button", year=year), type="primary")
    if not submitted:
        return
    if not confirmed:
        st.warning(t("archive.confirm_first"))
        return

    def archive() -> None:
        with db_session() as session:
            archive_year(session, principal=principal, bloc_ids=list(chosen), year=year, at=now())

    labels = {"year": t("registry.year"), "blocs": t("archive.blocs")}
    save_then_rerun(archive, success_key="archive.done", labels=labels)
