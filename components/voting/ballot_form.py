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
from services.voting.casting import Choice
from services.voting.casting_together import cast_together
from services.voting.queries import BallotView, OpenBallot, ballot_view, voter_unit_name
from services.voting.rules import BallotForm
from services.voting.tally import Mark

_REVIEW = "_ballot_review"
_RECEIPTS = "_ballot_receipts"
_SENT_BEFORE = "_ballot_sent_before"  # Sửa lại: what the form had sent, its widgets' starting values


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
    # A step's click is read from the widgets' state before anything is drawn, so the step it
    # ends is not drawn again only to be replaced (10 checkboxes fewer on the review's run).
    slot = st.empty()
    review = st.session_state.get(_REVIEW, {}).get(view.round_id)
    if review is None:
        sent = _sent(view, unit_id=unit_id)
        over_limit = sent is not None and sum(1 for _, mark in sent if mark == Mark.AGREE.value) > view.limit
        if sent is None or over_limit:
            with slot.container():
                _form(view, unit_id=unit_id, person=user_id is not None)  # what was sent stays ticked
            if over_limit:
                st.error(t("vote_error.too_many", max=view.limit))
            return
        review = st.session_state.setdefault(_REVIEW, {})[view.round_id] = sent
    _review(slot, view, unit_id=unit_id, user_id=user_id, chosen=review)


def _keys(view: BallotView) -> dict[str, str]:
    """The widgets' keys, one place: the form draws them, _sent and _review read them."""
    round_id = view.round_id
    return {
        "review": f"review_{round_id}",
        "single": f"s_{round_id}",
        "change": f"change_{round_id}",
        "confirm": f"confirm_{round_id}",
        **{f"c{c.id}": f"c_{round_id}_{c.id}" for c in view.candidates},
        **{f"a{c.id}": f"a_{round_id}_{c.id}" for c in view.candidates},
    }


def _offered(view: BallotView, unit_id: int | None) -> list[int]:
    return [c.id for c in view.candidates if view.settings.self_vote or c.id != unit_id]


def _sent(view: BallotView, *, unit_id: int | None) -> list[tuple[int, str]] | None:
    """What the form sent in this run (None: it was not sent), read from its widgets' state.
    Only what the drawn form offers counts, as Streamlit's widgets themselves would return it:
    a value for the own unit's disabled box, or an option or a mark no form offers, is blank.
    The service checks everything again when the ballot is cast."""
    state, keys = st.session_state, _keys(view)
    if state.get(keys["review"]) is not True:
        return None
    offered = _offered(view, unit_id)
    if view.settings.form == BallotForm.SINGLE:
        pick = state.get(keys["single"])
        return [(pick, Mark.AGREE.value)] if type(pick) is int and pick in offered else []
    if view.settings.form == BallotForm.APPROVAL:
        marks = ((cid, state.get(keys[f"a{cid}"])) for cid in offered)
        return [(cid, mark) for cid, mark in marks if mark in (Mark.AGREE.value, Mark.DISAGREE.value)]
    return [(cid, Mark.AGREE.value) for cid in offered if state.get(keys[f"c{cid}"]) is True]


def _form(view: BallotView, *, unit_id: int | None, person: bool = False) -> None:
    """The ballot form; what it sends is read by _sent on the run its button starts. After
    "Sửa lại" it starts as it was sent (its widgets, not drawn while reviewing, were forgotten)."""
    names, keys = {c.id: c.name for c in view.candidates}, _keys(view)
    before = dict(st.session_state.get(_SENT_BEFORE, {}).get(view.round_id, ()))
    with st.form(f"ballot_{view.round_id}"):
        if view.settings.form == BallotForm.SINGLE:
            options = [None, *_offered(view, unit_id)]
            shown = {i: plain(name) for i, name in names.items()} | {None: t("ballot.blank")}
            pick = next((i for i in options if i in before), None)
            st.radio(t("ballot.choose_one"), options, index=options.index(pick), format_func=shown.get,
                     key=keys["single"])  # fmt: skip
        elif view.settings.form == BallotForm.APPROVAL:
            # A council member judges each proposal on its own: no cap on agrees to state.
            st.markdown(t("council_ballot.approve_each") if person else t("ballot.approve_each", max=view.limit))
            marks = [Mark.AGREE.value, Mark.DISAGREE.value, ""]
            labels = {
                Mark.AGREE.value: t("ballot.agree"),
                Mark.DISAGREE.value: t("ballot.disagree"),
                "": t("ballot.leave_blank"),
            }
            for candidate in view.candidates:
                own = candidate.id == unit_id and not view.settings.self_vote
                index = marks.index(before.get(candidate.id, "")) if not own else 2
                st.radio(plain(candidate.name), marks, index=index, horizontal=True, format_func=labels.get,
                         key=keys[f"a{candidate.id}"], disabled=own)  # fmt: skip
        else:
            st.markdown(t("ballot.choose_up_to", max=view.limit))
            for candidate in view.candidates:
                own = candidate.id == unit_id and not view.settings.self_vote
                label = plain(candidate.name) + (f" ({t('ballot.own_unit')})" if own else "")
                st.checkbox(label, value=candidate.id in before and not own, key=keys[f"c{candidate.id}"],
                            disabled=own)  # fmt: skip
        st.form_submit_button(t("ballot.review"), type="primary", width="stretch", key=keys["review"])


def _review(slot, view: BallotView, *, unit_id: int | None, user_id: int | None, chosen: list[tuple[int, str]]) -> None:
    keys = _keys(view)
    # A click on the review's own buttons is read before drawing it: "Xác nhận" puts the receipt
    # in its place, "Sửa lại" the form, so a hall confirming at once does not draw it again.
    if st.session_state.get(keys["change"]) is True:
        st.session_state[_REVIEW].pop(view.round_id, None)
        st.session_state.setdefault(_SENT_BEFORE, {})[view.round_id] = chosen  # the form comes back as sent
        st.rerun()  # the whole app: rare, and a fragment-scoped rerun is refused in a full run
    if st.session_state.get(keys["confirm"]) is True:
        if receipt := _cast(view, unit_id=unit_id, user_id=user_id, chosen=chosen):
            _receipt(slot, receipt)
            write_kept_receipts()  # the page's own call is not reached in a fragment's rerun
            return
        if view.round_id not in st.session_state[_REVIEW]:  # refused: the form again, the reason below it
            with slot.container():
                _form(view, unit_id=unit_id, person=user_id is not None)
            return
    names = {c.id: c.name for c in view.candidates}
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
        left.button(t("ballot.change"), key=keys["change"], width="stretch")
        right.button(t("ballot.confirm"), key=keys["confirm"], type="primary", width="stretch")


def _receipt(where, code: str) -> None:
    where.success(t("ballot.receipt", code=code), icon=":material/verified:")


def _cast(view: BallotView, *, unit_id: int | None, user_id: int | None, chosen: list[tuple[int, str]]) -> str | None:
    # Marks go to the service as sent: a forged one ("maybe") is refused there, and audit-logged.
    choice = Choice(marks=tuple(chosen))
    try:
        # With the ballots of the same round confirmed at the same moment (services/voting/casting_together.py).
        engine = get_engine()
        receipt = cast_together(lambda: session_scope(engine), database=engine.url.render_as_string(),
                                round_id=view.round_id, unit_id=unit_id, user_id=user_id, choice=choice,
                                at=now())  # fmt: skip
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
