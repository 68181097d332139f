"""The committee's paper-ballot entry: who handed one in, then each ballot from the box."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_labels, t
from components.text import plain
from db.models.voting import VotingRound
from services.clock import now
from services.voting.casting import Choice
from services.voting.electorate import electorate_of
from services.voting.paper import InvalidReason, paper_ballots_pending, record_paper_ballot, record_paper_voters
from services.voting.queries import checked_in, voted_units
from services.voting.results import round_candidates
from services.voting.rules import BallotForm
from services.voting.settings_codec import from_json
from services.voting.tally import Mark


def paper_entry(round_: VotingRound) -> None:
    st.subheader(t("paper.title"))
    st.caption(t("paper.intro"))
    with db_session() as session:
        present = checked_in(session, round_id=round_.id)
        voted = voted_units(session, round_id=round_.id)
        candidates = round_candidates(session, round_, with_scores=False)
        pending = paper_ballots_pending(session, round_id=round_.id)
        electorate = electorate_of(session, round_)
        # Voters by name: member units, or the council's members (persons).
        voters = {v.id: v.name for v in electorate.roll(session)}
    names = {c.id: c.name for c in candidates}
    waiting = [u for u in present if u not in voted]
    with st.form(f"paper_voters_{round_.id}"):
        units = st.multiselect(
            t("council.paper_voters") if electorate.by_person else t("paper.voters"),
            sorted(waiting, key=lambda u: voters.get(u, "")),
            format_func=lambda u: voters.get(u, str(u)),
            placeholder=t("common.choose"),
            select_all=False,
        )
        if st.form_submit_button(t("paper.record_voters")):

            def record() -> None:
                with db_session() as session:
                    record_paper_voters(session, round_id=round_.id, unit_ids=list(units), at=now())

            save_then_rerun(record, success_key="paper.voters_saved", labels={"paper": t("paper.title")})
    st.markdown(t("paper.pending", count=pending))
    if pending > 0:
        _ballot_form(round_, names, approval=from_json(round_.settings_json).form == BallotForm.APPROVAL)


def _ballot_form(round_: VotingRound, names: dict[int, str], *, approval: bool) -> None:
    with st.form(f"paper_ballot_{round_.id}", clear_on_submit=True):
        st.markdown(f"**{t('paper.enter')}**")
        if approval:  # agree / disagree / blank on each line, as the paper ballot reads
            chosen = _approval_marks(round_, names)
        else:
            chosen = [(cid, Mark.AGREE) for cid, name in names.items()
                      if st.checkbox(plain(name), key=f"paper_{round_.id}_{cid}")]  # fmt: skip
        invalid = st.checkbox(t("paper.invalid"))
        reason = st.selectbox(
            t("paper.reason"), [r.value for r in InvalidReason], format_func=enum_labels("invalid_reason")
        )
        submitted = st.form_submit_button(t("paper.save"), type="primary")
    if submitted:
        choice = Choice(marks=tuple(chosen))

        def save() -> None:
            with db_session() as session:
                record_paper_ballot(
                    session,
                    round_id=round_.id,
                    choice=choice,
                    at=now(),
                    invalid=InvalidReason(reason) if invalid else None,
                )

        save_then_rerun(save, success_key="paper.saved", labels={"ballot": t("paper.title"), "paper": t("paper.title")})


def _approval_marks(round_: VotingRound, names: dict[int, str]) -> list[tuple[int, Mark]]:
    labels = {
        Mark.AGREE.value: t("ballot.agree"),
        Mark.DISAGREE.value: t("ballot.disagree"),
        "": t("ballot.leave_blank"),
    }
    marks = []
    for cid, name in names.items():
        mark = st.radio(plain(name), list(labels), index=2, horizontal=True, format_func=labels.get,
                        key=f"paper_{round_.id}_{cid}")  # fmt: skip
        if mark:
            marks.append((cid, Mark(mark)))
    return marks
