"""The covenant of a bloc-year: create it (empty or from an earlier year), edit its table until scoring starts."""

from decimal import Decimal

import streamlit as st

from components.database import db_session
from components.i18n import current_language, enum_labels, t
from components.number_field import read_number, show_problems
from components.scoring.common import points, run_and_flash
from components.text import plain
from db.models import CriterionKind
from services.access.sessions import Principal
from services.numbers import format_for_input
from services.scoring.covenants import (
    CriterionLine,
    CriterionRow,
    create_covenant,
    criteria,
    find_covenant,
    previous_covenant,
    replace_criteria,
    scoring_started,
)
from services.scoring.points import PLACES

COLUMNS = ("group", "name", "kind", "max_points")


def _labels(row_count: int = 0) -> dict[str, str]:
    labels = {
        "title": t("covenant.name"),
        "year": t("year_picker.label"),
        "rows": t("covenant.criteria"),
        "copy_from": t("covenant.copy_from"),
        "sheet": t("scoring.sheet"),
    }
    labels.update({f"row_{i}": t("covenant.row", n=i) for i in range(1, row_count + 1)})
    return labels


def covenant_section(principal: Principal, bloc_id: int, year: int) -> None:
    with db_session() as session:
        covenant = find_covenant(session, bloc_id=bloc_id, year=year)
        if covenant is None:
            source = previous_covenant(session, bloc_id=bloc_id, year=year)
            _create_form(principal, bloc_id, year, source.id if source else None, source.year if source else None)
            return
        lines = criteria(session, covenant_id=covenant.id)
        started = scoring_started(session, covenant_id=covenant.id)
    _summary(lines)
    if started:
        st.warning(t("covenant.locked"), icon=":material/lock:")
        _read_only(lines)
    else:
        st.info(t("covenant.editable"), icon=":material/edit:")
        _edit_form(principal, covenant.id, covenant.title, lines)


def _summary(lines: list[CriterionLine]) -> None:
    def cap(kind: CriterionKind) -> Decimal:
        return sum((line.max_points for line in lines if line.kind == kind), Decimal(0))

    # A wrapping row: four across on a desktop, two by two on a phone (not four stacked).
    row = st.container(horizontal=True, gap="medium")
    row.metric(t("covenant.count"), len(lines), width=150)
    row.metric(t("covenant.max_normal"), points(cap(CriterionKind.NORMAL)), width=150)
    row.metric(t("covenant.max_bonus"), points(cap(CriterionKind.BONUS)), width=150)
    row.metric(t("covenant.max_deduction"), points(cap(CriterionKind.DEDUCTION)), width=150)


def _read_only(lines: list[CriterionLine]) -> None:
    """Grouped lines rather than a wide table: nothing is cut off or scrolls sideways on a phone."""
    group = None
    items: list[str] = []
    for line in lines:
        if line.group != group:
            if items:
                st.markdown("\n".join(items))
            group, items = line.group, []
            st.markdown(f"**{plain(group)}**")
        cap = t(f"covenant.cap.{line.kind.value}", max=points(line.max_points))
        items.append(f"- {plain(line.code)}. {plain(line.name)} · *{cap}*")
    if items:
        st.markdown("\n".join(items))


def _create_form(principal: Principal, bloc_id: int, year: int, source_id: int | None, source_year: int | None) -> None:
    st.info(t("covenant.none_yet", year=year))
    with st.form(f"covenant_new_{bloc_id}_{year}"):
        title = st.text_input(t("covenant.name"), value=t("covenant.default_name", year=year), max_chars=300)
        copy = False
        if source_id is not None:
            copy = st.checkbox(t("covenant.copy_previous", year=source_year), value=True)
        if not st.form_submit_button(t("covenant.create"), type="primary"):
            return

    def action():
        with db_session() as session:
            create_covenant(
                session=session,
                principal=principal,
                bloc_id=bloc_id,
                year=year,
                title=title,
                copy_from_id=source_id if copy else None,
            )

    run_and_flash(action, lambda _: t("covenant.created", year=year), _labels())


def _edit_form(principal: Principal, covenant_id: int, title: str, lines: list[CriterionLine]) -> None:
    rows = [
        {
            "group": line.group,
            "name": line.name,
            "kind": line.kind.value,
            "max_points": format_for_input(line.max_points, locale=current_language()),
        }
        for line in lines
    ]
    with st.form(f"covenant_edit_{covenant_id}"):
        new_title = st.text_input(t("covenant.name"), value=title, max_chars=300)
        st.caption(t("covenant.table_help"))
        edited = st.data_editor(
            rows or [dict.fromkeys(COLUMNS)],
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_order=COLUMNS,
            column_config={
                "group": st.column_config.TextColumn(t("covenant.group"), required=True, max_chars=300),
                "name": st.column_config.TextColumn(t("scoring.criterion"), required=True, max_chars=500),
                "kind": st.column_config.SelectboxColumn(
                    t("scoring.kind_label"),
                    options=[k.value for k in CriterionKind],
                    format_func=enum_labels("scoring.kind"),
                    required=True,
                    default=CriterionKind.NORMAL.value,
                ),
                # Text, read by services.numbers: the grid's own number cell follows the browser's
                # language, so in an English browser "1,5" became 15 (checked in Chromium en-US).
                "max_points": st.column_config.TextColumn(t("scoring.max"), required=True, max_chars=20),
            },
            key=f"covenant_table_{covenant_id}",
        )
        if not st.form_submit_button(t("covenant.save"), type="primary"):
            return
    records = edited.to_dict("records") if hasattr(edited, "to_dict") else list(edited)
    new_rows, problems = [], []
    for number, r in enumerate(records, start=1):
        cap, problem = read_number(_cell(r.get("max_points")), minimum=None, decimals=PLACES)
        if problem:
            problems.append((f"{t('covenant.row', n=number)} · {t('scoring.max')}", problem))
        new_rows.append(CriterionRow(r.get("group") or "", r.get("name") or "", r.get("kind") or "", cap))
    if problems:  # a cap that is not a number: nothing is saved, each row says why
        show_problems(problems)
        return

    def action():
        with db_session() as session:
            replace_criteria(
                session=session, principal=principal, covenant_id=covenant_id, title=new_title, rows=new_rows
            )

    run_and_flash(action, lambda _: t("covenant.saved"), _labels(len(new_rows)))


def _cell(value) -> str | None:
    """A cell as text; None or NaN (an emptied cell) is empty."""
    return None if value is None or value != value else str(value)
