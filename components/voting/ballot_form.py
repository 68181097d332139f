"""The delegate's ballot: one st.form, a review step, then the receipt.

The form only offers what the rules allow, but the server checks everything
again when the ballot is cast (services.voting.casting).
"""

from dataclasses import replace

import sqlalchemy as sa
import streamlit as st

from components.auth import app_run, still_logged_in
from components.database import get_engine
from components.fragment import guarded_fragment
from components.i18n import show_errors, t
from components.receipt_keeper import keep_receipt, kept_receipts, write_kept_receipts
from components.text import plain
from db.engine import session_scope
from services.clock import now
from services.db_faults import DbFault, classify, log_fault
from services.errors import ValidationFailed
from services.voting.casting import Choice, cast_with_retry
from services.voting.queries import BallotView, OpenBallot, ballot_view, voter_unit_name
from services.voting.rules import BallotForm
from services.voting.tally import Mark

_REVIEW = "_ballot_review"
_RECEIPTS = "_ballot_receipts"


@st.cache_data(ttl=600, show_spinner=False)
def voter_unit(unit_id: int) -> str:
    """The delegate's unit as named this year: read once, not on each of 200 phones' reruns."""
    with session_scope(get_engine()) as session:
        return voter_unit_name(session, unit_id=unit_id)


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _fixed_part(database: str, round_id: int, version: int) -> BallotView | None:
    """What cannot change while the round is open, read once per round and version (a round
    that moves gets a new version), not on each of 200 phones' runs. The key names the
    database too: a process pointed at another one (tests are) never sees another's round 1."""
    with session_scope(get_engine()) as session:
        return ballot_view(session, round_id=round_id)


def ballot_views(found: list[OpenBallot]) -> list[BallotView]:
    """The ballots of the open rounds found this run, with this run's "already voted"."""
    database = get_engine().url.render_as_string()
    views = ((_fixed_part(database, f.round_id, f.version), f.already_voted) for f in found)
    return [replace(view, already_voted=voted) for view, voted in views if view is not None]


def receipt_holder(*, unit_id: int | None, user_id: int | None) -> int | str:
    """Whose receipts this device keeps: a delegate's unit, or a council member (a person)."""
    return unit_id if unit_id is not None else f"person:{user_id}"


@guarded_fragment
def ballot(view: BallotView, *, unit_id: int | None = None, user_id: int | None = None) -> None:
    """A delegate votes for its unit (unit_id); a council member as a person (user_id).

    A fragment: "Xem lại phiếu", "Sửa lại" and "Xác nhận" rerun this block only, not the whole
    app (navigation, sidebar, page), which a hall of phones confirming at once pays for
    (bench/RESULTS.md). app.py's session check does not run then, so the block makes it."""
    seen = f"_ballot_drawn_in_{view.round_id}"
    # Called again without app.py having run: the fragment's own rerun.
    if st.session_state.get(seen) == app_run() and not still_logged_in():
        st.rerun(scope="app")  # the whole app: the login page says the session ended
    st.session_state[seen] = app_run()
    receipts = st.session_state.setdefault(_RECEIPTS, {})
    if view.round_id in receipts:
        _receipt(st, receipts[view.round_id])
        return
    if view.already_voted:
        st.info(t("ballot.already_voted") if user_id is None else t("council_ballot.already_voted"))
        # After a reload: the code this device kept (never the server, see components/receipt_keeper.py).
        if code := kept_receipts(receipt_holder(unit_id=unit_id, user_id=user_id)).get(view.round_id):
            st.success(t("reload.receipt", round=plain(view.title), code=code), icon=":material/verified:")
        return
    # One slot for the form, the review and the receipt: each step replaces the one before in
    # the same run, so a delegate's visit costs no more runs than a bare form's (bench/RESULTS.md).
    slot = st.empty()
    review = st.session_state.get(_REVIEW, {}).get(view.round_id)
    if review is None:
        with slot.container():
            review = _form(view, unit_id=unit_id, person=user_id is not None)
    if review is not None:
        _review(slot, view, unit_id=unit_id, user_id=user_id, chosen=review)


def _form(view: BallotView, *, unit_id: int | None, person: bool = False) -> list[tuple[int, str]] | None:
    """The ballot; what was marked once it is sent and within the limit (None before, or refused)."""
    names = {c.id: c.name for c in view.candidates}
    with st.form(f"ballot_{view.round_id}"):
        if view.settings.form == BallotForm.SINGLE:
            options = [None, *[c.id for c in view.candidates if view.settings.self_vote or c.id != unit_id]]
            shown = {i: plain(name) for i, name in names.items()} | {None: t("ballot.blank")}
            pick = st.radio(t("ballot.choose_one"), options, format_func=shown.get)
            chosen = [] if pick is None else [pick]
        elif view.settings.form == BallotForm.APPROVAL:
            # A council member judges each proposal on its own: no cap on agrees to state.
            st.markdown(t("council_ballot.approve_each") if person else t("ballot.approve_each", max=view.limit))
            marks = [Mark.AGREE.value, Mark.DISAGREE.value, ""]
            labels = {
                Mark.AGREE.value: t("ballot.agree"),
                Mark.DISAGREE.value: t("ballot.disagree"),
                "": t("ballot.leave_blank"),
            }
            chosen = []
            for candidate in view.candidates:
                own = candidate.id == unit_id and not view.settings.self_vote
                mark = st.radio(plain(candidate.name), marks, index=2, horizontal=True, format_func=labels.get,
                                key=f"a_{view.round_id}_{candidate.id}", disabled=own)  # fmt: skip
                if mark:
                    chosen.append((candidate.id, mark))
        else:
            st.markdown(t("ballot.choose_up_to", max=view.limit))
            chosen = []
            for candidate in view.candidates:
                own = candidate.id == unit_id and not view.settings.self_vote
                label = plain(candidate.name) + (f" ({t('ballot.own_unit')})" if own else "")
                if st.checkbox(label, key=f"c_{view.round_id}_{candidate.id}", disabled=own):
                    chosen.append(candidate.id)
        submitted = st.form_submit_button(t("ballot.review"), type="primary", width="stretch")
    if not submitted:
        return None
    chosen = [c if isinstance(c, tuple) else (c, Mark.AGREE.value) for c in chosen]
    if sum(1 for _, mark in chosen if mark == Mark.AGREE.value) > view.limit:
        st.error(t("vote_error.too_many", max=view.limit))
        return None
    st.session_state.setdefault(_REVIEW, {})[view.round_id] = chosen
    return chosen


def _review(slot, view: BallotView, *, unit_id: int | None, user_id: int | None, chosen: list[tuple[int, str]]) -> None:
    names = {c.id: c.name for c in view.candidates}
    # The receipt replaces the review in the same run: a hall confirming at once costs one
    # run per phone, not two (bench/RESULTS.md, section 1).
    with slot.container():
        if chosen:
            approval = view.settings.form == BallotForm.APPROVAL
            said = {mark: f": {t('ballot.' + mark)}" if approval else "" for _, mark in chosen}
            lines = [f"- {plain(names.get(i, '?'))}{said[mark]}" for i, mark in chosen]
            st.markdown(t("ballot.you_chose") + "\n" + "\n".join(lines))
        else:
            st.markdown(t("ballot.you_chose_blank"))
        st.caption(t("ballot.final_warning"))
        left, right = st.columns(2)
        change = left.button(t("ballot.change"), key=f"change_{view.round_id}", width="stretch")
        confirm = right.button(t("ballot.confirm"), key=f"confirm_{view.round_id}", type="primary", width="stretch")
    if change:
        st.session_state[_REVIEW].pop(view.round_id, None)
        st.rerun()  # the whole app: rare, and a fragment-scoped rerun is refused in a full run
    if confirm and (receipt := _cast(view, unit_id=unit_id, user_id=user_id, chosen=chosen)):
        _receipt(slot, receipt)
        write_kept_receipts()  # the page's own call is not reached in a fragment's rerun


def _receipt(where, code: str) -> None:
    where.success(t("ballot.receipt", code=code), icon=":material/verified:")


def _cast(view: BallotView, *, unit_id: int | None, user_id: int | None, chosen: list[tuple[int, str]]) -> str | None:
    # Marks go to the service as sent: a forged one ("maybe") is refused there, and audit-logged.
    choice = Choice(marks=tuple(chosen))
    try:
        receipt = cast_with_retry(lambda: session_scope(get_engine()), round_id=view.round_id, unit_id=unit_id,
                                  user_id=user_id, choice=choice, at=now())  # fmt: skip
    except ValidationFailed as error:
        st.session_state[_REVIEW].pop(view.round_id, None)
        show_errors(error, {"ballot": t("ballot.title")})
        return None
    except sa.exc.SQLAlchemyError as error:  # unreachable or read-only: nothing was stored, the delegate can try again
        fault = classify(error) or DbFault.UNAVAILABLE
        log_fault(fault, error)
        st.error(t("db_fault.ballot_read_only") if fault == DbFault.READ_ONLY else t("ballot.try_again"))
        return None
    st.session_state[_REVIEW].pop(view.round_id, None)
    st.session_state[_RECEIPTS][view.round_id] = receipt
    holder = receipt_holder(unit_id=unit_id, user_id=user_id)
    keep_receipt(holder, round_id=view.round_id, code=receipt)  # on this device only
    return receipt
