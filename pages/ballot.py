"""The delegate's ballots: the open rounds their unit may vote in."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from components.page_links import page_link
from components.receipt_keeper import write_kept_receipts
from components.text import plain
from components.voting.ballot_form import ballot, ballot_views, voter_unit
from components.voting.schedule import schedule_text
from services.voting.queries import open_ballots


def render() -> None:
    principal = require_page("ballot")
    st.title(t("ballot.title"))
    if principal.unit_id is None:
        st.info(t("ballot.no_unit"))
        return
    with db_session() as session:  # one read per run; the rest is cached per round (ballot_views)
        found = open_ballots(session, unit_id=principal.unit_id)
    views = ballot_views(found)
    st.caption(t("ballot.intro", unit=plain(voter_unit(principal.unit_id) or principal.display_name)))
    if not views:
        st.info(t("ballot.nothing_open"))
        if st.button(t("ballot.refresh"), icon=":material/refresh:"):
            st.rerun()
        # After publication: the result on the projector, and the receipt check.
        st.caption(t("ballot.after_publication"))
        page_link("projector")
        page_link("receipt")
        write_kept_receipts()
        return
    for view in views:
        with st.container(border=True):
            st.subheader(plain(view.title))
            if hours := schedule_text(view.opens_at, view.closes_at):
                st.caption(hours)
            ballot(view, unit_id=principal.unit_id)
    write_kept_receipts()  # a receipt just shown is kept in this device's cookie
