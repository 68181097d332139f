"""One round: check-in and quorum, open, close, publish, cancel; turnout and results.

Each transition is a confirmed action. The page remembers which version of the
round it showed, and every action says so to the service: an action on a round
that another admin has moved since is refused (and the page says why) instead of
being applied to a state this admin never saw.
"""

import json

import streamlit as st

from components.auth import PRINCIPAL_KEY
from components.database import db_session, get_engine
from components.feedback import save_then_rerun
from components.i18n import t
from components.voting.check_in_all import absent_note, all_present_button, save_present
from components.voting.close_warning import not_voted_confirm
from components.voting.council_check_in import council_check_in
from components.voting.nominee_rejected import offer_open_election
from components.voting.paper_entry import paper_entry
from components.voting.results_table import result_rows
from components.voting.round_create import show_next
from components.voting.round_documents import details_form, documents
from components.voting.round_words import is_council_kind, round_t
from components.voting.schedule import schedule_note
from components.voting.sealing_close import after_publication, card_inputs, forget_typed
from components.voting.sealing_close import labels as card_labels
from components.voting.sealing_open import card_settings, hand_out, open_sealed
from db.models.voting import RoundStatus, VotingRound
from services.access.sessions import Principal
from services.clock import now
from services.registry.membership import members
from services.voting.ballot_box import cards_still_needed, vacuum_ballot_box
from services.voting.electorate import electorate_of
from services.voting.queries import checked_in
from services.voting.rounds import (
    cancel_round,
    close_round,
    create_runoff,
    publish_round,
    substitutes_of,
    turnout,
)

_SEEN = "_round_seen_version"


def _seen_version(round_: VotingRound) -> int:
    """The version this admin's page showed before this run (the one an action refers to)."""
    seen = st.session_state.setdefault(_SEEN, {})
    before = seen.get(round_.id, round_.version)
    if before != round_.version:
        st.info(t("round_race.changed"), icon=":material/sync_problem:")
    seen[round_.id] = round_.version
    return before


def _saw(round_id: int, version: int) -> None:
    """After this admin's own action: the new version is theirs, not news from elsewhere."""
    st.session_state.setdefault(_SEEN, {})[round_id] = version


def _principal() -> Principal | None:
    """Who acts: recorded (account and role) in the audit event of each action."""
    return st.session_state.get(PRINCIPAL_KEY)


def manage(round_: VotingRound, *, can_admin: bool) -> None:
    seen = _seen_version(round_)
    who = _principal()
    st.markdown(f"**{t('rounds.status')}:** {t(f'round_status.{round_.status.value}')}")
    schedule_note(round_)
    if round_.status == RoundStatus.DRAFT:
        if _by_person(round_):  # the council's members, not units
            council_check_in(round_, seen=seen, principal=who, saw=_saw)
        else:
            _check_in(round_, seen)
        details_form(round_)
        if can_admin:
            threshold, cards = card_settings(round_)
            _action(
                round_,
                "open",
                lambda s: open_sealed(s, round_, seen=seen, principal=who, threshold=threshold, cards=cards),
                labels={"cards": t("sealing_ui.cards")},
            )
    elif round_.status == RoundStatus.OPEN:
        with db_session() as session:
            voted, present = turnout(session, round_id=round_.id)
        st.metric(t("rounds.turnout"), f"{voted} / {present}")
        hand_out(round_, principal=who)
        with st.expander(t("paper.title")):
            paper_entry(round_)
        details_form(round_)
        typed = card_inputs(round_)
        _action(
            round_,
            "close",
            lambda s: close_round(s, round_id=round_.id, at=now(), expected_version=seen, principal=who, shares=typed),
            labels=card_labels(round_),
            after=lambda: forget_typed(round_.id),
            confirm_label=not_voted_confirm(voted=voted, present=present),
        )
    elif round_.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        results(round_)
        details_form(round_)
        documents(round_)
        after_publication(round_, others_pending=_cards_still_needed(round_))
        offer_open_election(round_, seen=seen, saw=_saw, can_admin=can_admin)
        if round_.status == RoundStatus.CLOSED and can_admin:
            _action(
                round_,
                "publish",
                lambda s: publish_round(s, round_id=round_.id, at=now(), expected_version=seen, principal=who),
                after=lambda: vacuum_ballot_box(get_engine()),
            )
            if json.loads(round_.result_json or "{}").get("runoff"):
                _action(
                    round_,
                    "runoff",
                    lambda s: show_next(
                        create_runoff(s, round_id=round_.id, at=now(), expected_version=seen, principal=who).id
                    ),
                )
    if can_admin and round_.status not in (RoundStatus.PUBLISHED, RoundStatus.CANCELLED):
        _cancel(round_, seen)


def _by_person(round_: VotingRound) -> bool:
    with db_session() as session:
        return electorate_of(session, round_).by_person


def _check_in(round_: VotingRound, seen: int) -> None:
    with db_session() as session:
        units = {m.unit_id: m.name for m in members(session, bloc_id=round_.bloc_id, year=round_.year)}
        present = checked_in(session, round_id=round_.id)
        substitutes = substitutes_of(session, round_id=round_.id)
    unit_key, name_key = f"substitute_unit_{round_.id}", f"substitute_name_{round_.id}"
    no_unit = t("checkin.no_substitute_unit")
    with st.form(f"checkin_{round_.id}"):
        chosen = st.multiselect(
            t("rounds.present_units"),
            list(units),
            sorted(present),
            format_func=units.get,
            placeholder=t("common.choose"),
            select_all=False,
        )
        left, right = st.columns(2)
        substitute_unit = left.selectbox(
            t("checkin.substitute_unit"),
            [None, *units],
            format_func=lambda u: no_unit if u is None else units[u],
            key=unit_key,
            help=t("checkin.substitute_help"),
        )
        substitute_name = right.text_input(t("checkin.substitute_name"), max_chars=200, key=name_key)
        submitted = st.form_submit_button(t("rounds.check_in"))
    all_present_button(round_, seen=seen, principal=_principal(), saw=_saw)
    st.caption(t("rounds.present_count", present=len(present), members=len(units)))
    absent_note(units, present)
    _present_list(units, present, substitutes)
    if submitted:

        def save() -> None:
            named = {substitute_unit: substitute_name} if substitute_unit is not None else {}
            save_present(round_, unit_ids=list(chosen), seen=seen, substitutes=named, principal=_principal(), saw=_saw)
            for key in (unit_key, name_key):  # saved: the next substitute starts from empty fields
                st.session_state.pop(key, None)

        save_then_rerun(
            save,
            success_key="rounds.checked_in",
            labels={"round": t("rounds.round"), "substitute": t("checkin.substitute_name")},
        )


def _present_list(units: dict[int, str], present: set[int], substitutes: dict[int, str]) -> None:
    """The units checked in so far, with who attends in place of a unit's delegate."""
    if not present:
        return
    st.dataframe(
        [
            {t("checkin.col_unit"): units.get(u, str(u)), t("checkin.col_substitute"): substitutes.get(u, "")}
            for u in sorted(present, key=lambda u: units.get(u, ""))
        ],
        hide_index=True,
        width="stretch",
    )


def _action(round_: VotingRound, name: str, call, *, labels: dict[str, str] | None = None, after=None,
            confirm_label: str | None = None) -> None:  # fmt: skip
    confirmed = st.checkbox(confirm_label or t(f"rounds.confirm_{name}"), key=f"confirm_{name}_{round_.id}")
    if st.button(t(f"rounds.do_{name}"), key=f"do_{name}_{round_.id}", type="primary", disabled=not confirmed):

        def run() -> None:
            with db_session() as session:
                call(session)
                _saw(round_.id, session.get(VotingRound, round_.id).version)
            if after is not None:  # once committed
                after()

        save_then_rerun(run, success_key=f"rounds.done_{name}", labels={"round": t("rounds.round"), **(labels or {})})


def _cards_still_needed(round_: VotingRound) -> bool:
    """Another round sharing this round's cards is not published yet: keep the cards."""
    if not round_.seal_public_key:
        return False
    with db_session() as session:
        return cards_still_needed(session, round_=round_)


def _cancel(round_: VotingRound, seen: int) -> None:
    with st.expander(t("rounds.cancel")), st.form(f"cancel_{round_.id}"):
        reason = st.text_area(t("rounds.cancel_reason"), max_chars=1000)
        if st.form_submit_button(t("rounds.do_cancel")):

            def cancel() -> None:
                with db_session() as session:
                    cancel_round(
                        session,
                        round_id=round_.id,
                        reason=reason,
                        at=now(),
                        expected_version=seen,
                        principal=_principal(),
                    )
                    _saw(round_.id, session.get(VotingRound, round_.id).version)

            save_then_rerun(cancel, success_key="rounds.done_cancel", labels={"reason": t("rounds.cancel_reason")})


def results(round_: VotingRound) -> None:
    data = json.loads(round_.result_json or "{}")
    if not data:
        return
    council = is_council_kind(round_.kind)
    counts = {key: data[key] for key in ("collected", "valid", "invalid", "required")}
    st.caption(round_t("rounds.counts", council=council, **counts))
    st.dataframe(
        result_rows(data, council=council),
        hide_index=True,
        width="stretch",
    )
    if data.get("runoff"):
        st.warning(t("rounds.runoff_needed"))
