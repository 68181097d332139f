"""The voter's ballots: the open rounds their unit may vote in, or a council member's council rounds."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from components.page_links import page_link
from components.receipt_keeper import write_kept_receipts
from components.text import plain
from components.voting.ballot_form import ballot, ballot_views, voter_unit
from components.voting.schedule import schedule_text
from db.models import Role
from services.voting.queries import open_ballots, open_ballots_for_person


def render() -> None:
    principal = require_page("ballot")
    st.title(t("ballot.title"))
    # A council member votes as a person, with their own account (never an access code).
    person = principal.role == Role.COUNCIL_MEMBER and principal.user_id is not None
    if not person and principal.unit_id is None:
        st.info(t("ballot.no_unit"))
        return
    with db_session() as session:  # one read per run; the rest is cached per round (ballot_views)
        if person:
            found = open_ballots_for_person(session, user_id=principal.user_id)
        else:
            found = open_ballots(session, unit_id=principal.unit_id)
    views = ballot_views(found)
    if person:
        st.caption(t("council_ballot.intro", name=plain(principal.display_name)))
    else:
        # A code's principal is named after its unit (the conference year's name): no read.
        by_code = principal.access_code_id is not None and principal.display_name
        unit = principal.display_name if by_code else voter_unit(principal.unit_id) or principal.display_name
        st.caption(t("ballot.intro", unit=plain(unit)))
    if not views:
        st.info(t("council_ballot.nothing_open") if person else t("ballot.nothing_open"))
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
            if person:
                st.caption(t("council_ballot.each_line"))
                ballot(view, user_id=principal.user_id)
            else:
                ballot(view, unit_id=principal.unit_id)
    write_kept_receipts()  # a receipt just shown is kept in this device's cookie
