"""Forged ballots over the raw websocket: widget values a browser could not send.

A delegate logged in with their access code talks to the ballot page through
bench.stclient, the way a modified client could, and sends what the browser's widgets
never would: the disabled checkbox or radio of their own unit ticked, a radio value
that is not one of its options (their own unit, left out of a chair ballot), a mark no
form offers, and widgets of a round of another bloc that the page never drew.

Streamlit (1.67) drops such values on the server before the page sees them (a disabled
widget keeps its value, a radio falls back to its default, an undrawn widget does not
exist), so the review step shows a ballot the browser could have sent, and even a blind
confirmation stores only that: never the forged mark. What gets past the page anyway
(the voting hours ending while a delegate reviews) is refused by the service with the rule's
Vietnamese message and audit-logged without content; the service's own refusals of
every forged value are tested in tests/db/test_forged_ballots.py.
"""

import asyncio
import json
from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session, select

from bench.stclient import WidgetState, trigger, widget_state
from db.engine import make_engine, session_scope
from db.models import Bloc
from db.models.voting import AuditEvent, Ballot, VotingRound
from services.clock import now
from services.registry.membership import members
from services.voting.refusals import REFUSED
from services.voting.rounds import close_round
from services.voting.rules import PRESETS, BallotForm, RoundKind
from tests.conference_world import YEAR, open_round_for
from tests.e2e.conference import Delegate, app_server, build_conference, stored_counts, vi

FAKE_HASH = "0" * 32


def _more_rounds(conference) -> dict[str, int]:
    """A chair round (one name) and an approval round in the same bloc, and a round of another bloc."""
    engine = make_engine(conference.url)
    try:
        with session_scope(engine) as session:
            rounds = {
                "chair": open_round_for(session, bloc_id=conference.bloc_id, kind=RoundKind.CHAIR,
                                        title="Trưởng khối 2027", conference_id=None),
                "approval": open_round_for(session, bloc_id=conference.bloc_id, kind=RoundKind.CUSTOM,
                                           title="Bằng khen", conference_id=None,
                                           settings=replace(PRESETS[RoundKind.CERTIFICATE_OF_MERIT],
                                                            form=BallotForm.APPROVAL)),
            }  # fmt: skip
            other_bloc = next(
                b.id
                for b in session.exec(select(Bloc).order_by(Bloc.id))
                if b.id != conference.bloc_id and len(members(session, bloc_id=b.id, year=YEAR)) >= 3
            )
            rounds["other_bloc"] = open_round_for(session, bloc_id=other_bloc, kind=RoundKind.PROVINCIAL_FLAG,
                                                  title="Cờ thi đua khối khác", conference_id=None)  # fmt: skip
            return rounds
    finally:
        engine.dispose()


def _refusals(url: str) -> list[tuple[int | None, dict]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            events = session.exec(select(AuditEvent).where(AuditEvent.kind == REFUSED).order_by(AuditEvent.id))
            return [(e.round_id, json.loads(e.payload_json)) for e in events]
    finally:
        engine.dispose()


def _end_voting_hours(url: str, round_id: int) -> None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            round_ = session.get(VotingRound, round_id)
            round_.closes_at = now() - timedelta(minutes=1)
            session.add(round_)
    finally:
        engine.dispose()


def _contents(url: str, round_id: int) -> list[list]:
    """The round's ballots as counted: sealed until the close, so it is closed here (its
    cards are in this test process's memory)."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            close_round(session, round_id=round_id, at=now())
        with Session(engine) as session:
            rows = session.exec(select(Ballot.content_json).where(Ballot.round_id == round_id))
            return [json.loads(row)["marks"] for row in rows]
    finally:
        engine.dispose()


def _form_widgets(run, round_id: int, prefix: str) -> dict[str, object]:
    return {w.user_key: w for w in run.widgets() if (w.user_key or "").startswith(f"{prefix}_{round_id}_")}


def _submit(run, round_id: int):
    return next(w for w in run.widgets("button") if w.form_id == f"ballot_{round_id}")


async def _forge(delegate: Delegate, states: list[WidgetState]) -> str:
    """Send forged widget states with a form's submit; the page as the delegate then reads it."""
    return delegate._keep(await delegate.session.rerun(states)).text()


async def _back(delegate: Delegate) -> None:
    """Sửa lại: leave the review step without casting anything."""
    change = delegate.button("ballot.change")
    if change is not None:
        delegate._keep(await delegate.session.click(change))


async def _scenario(port: int, conference, rounds: dict[str, int]) -> dict[str, str]:
    voter, other = conference.units[0], conference.units[1]
    flag, chair, approval = conference.round_id, rounds["chair"], rounds["approval"]
    seen: dict[str, str] = {}
    async with Delegate(port, voter, conference.codes[voter], conference.names) as delegate:
        await delegate.login()
        run = await delegate.open_ballot()
        assert "Cờ thi đua khối khác" not in run.text()  # another bloc's round is not on the page

        own_box = _form_widgets(run, flag, "c")[f"c_{flag}_{voter}"]
        assert own_box.proto.disabled  # the browser cannot tick it
        seen["own checkbox"] = await _forge(delegate, [widget_state(own_box, True), trigger(_submit(run, flag))])
        await _back(delegate)

        run = delegate.last
        radio = next(w for w in run.widgets("radio") if w.form_id == f"ballot_{chair}")
        assert conference.names[voter] not in radio.options  # no own unit on a chair ballot
        forged = widget_state(radio.id, conference.names[voter], field_name="string_value")
        seen["own unit as a chair option"] = await _forge(delegate, [forged, trigger(_submit(run, chair))])
        await _back(delegate)

        run = delegate.last
        own_radio = _form_widgets(run, approval, "a")[f"a_{approval}_{voter}"]
        assert own_radio.proto.disabled
        agree = widget_state(own_radio, vi("ballot.agree"))
        seen["own approval radio"] = await _forge(delegate, [agree, trigger(_submit(run, approval))])
        await _back(delegate)

        run = delegate.last
        other_radio = _form_widgets(run, approval, "a")[f"a_{approval}_{other}"]
        maybe = widget_state(other_radio.id, "maybe", field_name="string_value")
        seen["a mark no form offers"] = await _forge(delegate, [maybe, trigger(_submit(run, approval))])
        await _back(delegate)

        # Widgets of a round the page never drew: ids made up the way Streamlit makes them.
        foreign = rounds["other_bloc"]
        made_up = [f"$$ID-{FAKE_HASH}-c_{foreign}_{unit}" for unit in conference.units[1:3]]
        states = [widget_state(wid, True, field_name="bool_value") for wid in made_up]
        states.append(trigger(f"$$ID-{FAKE_HASH}-review_{foreign}"))
        seen["another bloc's round"] = await _forge(delegate, states)

        # A blind confirmation of a forged form: own unit forced on, one honest tick.
        run = delegate.last
        boxes = _form_widgets(run, flag, "c")
        forged = [widget_state(boxes[f"c_{flag}_{voter}"], True), widget_state(boxes[f"c_{flag}_{other}"], True)]
        await _forge(delegate, [*forged, trigger(_submit(run, flag))])
        await delegate.confirm()
        seen["blind confirm"] = delegate.outcome()

    # The voting hours end while another delegate reviews: the page still offers to confirm.
    unit = conference.units[2]
    async with Delegate(port, unit, conference.codes[unit], conference.names) as late:
        await late.login()
        await late.open_ballot()
        await late.review([other], round_id=flag)
        _end_voting_hours(conference.url, flag)
        await late.confirm()
        seen["after the hours"] = late.last.text()
    return seen


def test_forged_widget_values_never_reach_a_stored_ballot_and_refusals_are_logged(tmp_path):
    conference = build_conference(f"sqlite:///{tmp_path / 'forged.db'}")
    rounds = _more_rounds(conference)
    with app_server(conference.url, conference.key, tmp_path / "app.log") as server:
        seen = asyncio.run(_scenario(server.port, conference, rounds))

    blank = vi("ballot.you_chose_blank")
    for what in ("own checkbox", "own unit as a chair option", "own approval radio", "a mark no form offers"):
        assert blank in seen[what], f"{what}: the review shows something else than a blank ballot:\n{seen[what]}"
        assert vi("ballot.you_chose") not in seen[what], seen[what]
    assert vi("ballot.you_chose") not in seen["another bloc's round"] and blank not in seen["another bloc's round"]
    assert seen["blind confirm"] == "receipt"
    assert vi("vote_error.time_over").split("{")[0] in seen["after the hours"]

    # Only the service's refusal is in the chain: the forged values never reached it.
    logged = _refusals(conference.url)
    assert [(round_id, payload) for round_id, payload in logged] == [
        (conference.round_id, {"reasons": ["vote_error.time_over"]})
    ]
    voter, other = conference.units[:2]
    assert stored_counts(conference.url, conference.round_id) == ({voter}, 1)
    assert _contents(conference.url, conference.round_id) == [[[other, "agree"]]]  # never the own unit
    for name in ("chair", "approval", "other_bloc"):
        assert stored_counts(conference.url, rounds[name]) == (set(), 0), name
