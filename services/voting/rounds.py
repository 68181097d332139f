"""A round's life: draft → open → closed → published, or cancelled with a reason.

Every transition is a guarded UPDATE (services/voting/transitions.py), so two admins
acting at once cannot both win; each is written to the audit chain. A sealed round's box
(key, cards, opening at the close) is services/voting/ballot_box.py.
Closing twice returns the same frozen result; publishing applies it once.
"""

import json
import logging
import secrets
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session, select

from db.models import Award, AwardKind, AwardStatus, Bloc, LeadershipRole, LeadershipTerm
from db.models.voting import CheckIn, RoundCandidate, RoundStatus, VotingRound
from services.access.sessions import Principal
from services.clock import as_utc
from services.errors import Checker
from services.province.council import council_members, is_council
from services.registry.membership import members
from services.voting import audit, sealing
from services.voting.ballot_box import drop_sealed, open_the_box, opener_for, rewrite_in_id_order, seal_values
from services.voting.council_candidates import proposed_units
from services.voting.electorate import electorate_of
from services.voting.results import count_round, result_to_json, verified_totals
from services.voting.rules import (
    COUNCIL_KINDS,
    OPEN_ELECTION_OF,
    CandidateSource,
    RoundKind,
    RoundSettings,
    check_settings,
    quorum_met,
)
from services.voting.settings_codec import from_json, to_json
from services.voting.transitions import expect_version, hold, move, refuse

_log = logging.getLogger(__name__)

AWARD_OF_KIND = {
    RoundKind.PROVINCIAL_FLAG: AwardKind.PROVINCIAL_FLAG,
    RoundKind.CERTIFICATE_OF_MERIT: AwardKind.CERTIFICATE_OF_MERIT,
    RoundKind.GOVERNMENT_FLAG: AwardKind.GOVERNMENT_FLAG,
}
TERM_OF_KIND = {RoundKind.CHAIR: LeadershipRole.CHAIR, RoundKind.DEPUTY: LeadershipRole.DEPUTY}
TERM_OF_KIND |= {confirm: TERM_OF_KIND[election] for confirm, election in OPEN_ELECTION_OF.items()}


def create_round(session: Session, *, bloc_id: int, year: int, title: str, settings: RoundSettings, at: datetime,
                 chosen: list[int] | None = None, conference_id: int | None = None, runoff_of_id: int | None = None,
                 opens_at: datetime | None = None, closes_at: datetime | None = None,
                 principal: Principal | None = None) -> VotingRound:  # fmt: skip
    body = session.get(Bloc, bloc_id)
    if is_council(body) != (settings.kind in COUNCIL_KINDS):  # a council votes on proposals, a bloc elects
        refuse("council.error.kind_body")
    if is_council(body):  # the proposals of the round's award, made by the province's blocs
        member_ids = proposed_units(session, province_id=body.province_id, year=year, kind=settings.kind)
        entitled = len(council_members(session, bloc_id))
    else:
        member_ids = [m.unit_id for m in members(session, bloc_id=bloc_id, year=year)]
        entitled = len(member_ids)
    if settings.candidates == CandidateSource.CHOSEN:
        candidate_ids = [u for u in dict.fromkeys(chosen or []) if u in member_ids]
    elif settings.candidates == CandidateSource.TOP_BY_SCORE:
        totals = verified_totals(session, bloc_id=bloc_id, year=year)
        candidate_ids = sorted(member_ids, key=lambda u: -totals.get(u, -1))[: settings.top_n or 0]
    else:
        candidate_ids = member_ids
    check = Checker()
    title = check.text("title", title, max_len=300)
    if settings.candidates == CandidateSource.CHOSEN and chosen and len(candidate_ids) != len(set(chosen)):
        check.add("candidates", "vote_error.chosen_not_member")
    if opens_at and closes_at and as_utc(closes_at) <= as_utc(opens_at):
        check.add("closes_at", "vote_error.schedule_order")
    if closes_at and as_utc(closes_at) <= as_utc(at):
        check.add("closes_at", "vote_error.schedule_past")
    check.raise_if_any()
    check_settings(settings, members=entitled, candidates=len(candidate_ids))
    round_ = VotingRound(
        bloc_id=bloc_id,
        year=year,
        conference_id=conference_id,
        kind=settings.kind.value,
        title=title,
        settings_json=to_json(settings),
        draw_seed=secrets.token_hex(8),  # fixed before any ballot: a recorded draw cannot be re-rolled
        runoff_of_id=runoff_of_id,
        opens_at=as_utc(opens_at),
        closes_at=as_utc(closes_at),
    )
    session.add(round_)
    session.flush()
    session.add_all([RoundCandidate(round_id=round_.id, unit_id=u, position=i) for i, u in enumerate(candidate_ids)])
    audit.append(session, kind="round_configured", at=at, round_id=round_.id, settings=to_json(settings),
                 candidates=candidate_ids, opens_at=_iso(opens_at), closes_at=_iso(closes_at),
                 **audit.actor_fields(principal))  # fmt: skip
    session.flush()
    return round_


def check_in(session: Session, *, round_id: int, unit_ids: list[int], at: datetime,
             expected_version: int | None = None, substitutes: dict[int, str] | None = None,
             principal: Principal | None = None) -> int:  # fmt: skip
    """Marks voters present: member units, or in a council round its members (`unit_ids` then
    holds the persons' account ids). `substitutes` names who attends for a unit in place of
    its delegate (that unit is then present too); a blank name clears an earlier one. A
    council member votes in person: no substitute."""
    check = Checker()
    names = {u: check.text("substitute", name or "", max_len=200, required=False) or None
             for u, name in (substitutes or {}).items()}  # fmt: skip
    check.raise_if_any()
    round_ = session.get(VotingRound, round_id)
    if round_ is None or round_.status != RoundStatus.DRAFT:
        refuse("vote_error.checkin_closed")
    expect_version(round_, expected_version)
    electorate = electorate_of(session, round_)
    if electorate.by_person:
        names = {}
    allowed = electorate.entitled_ids(session)
    rows = {electorate.voter_in(row): row for row in electorate.check_in_rows(session)}
    wanted = [u for u in dict.fromkeys([*unit_ids, *(u for u, name in names.items() if name)]) if u in allowed]
    added = [u for u in wanted if u not in rows]
    # A unit that is neither present nor newly added has no name here (a name adds it).
    changed = {u: n for u, n in names.items() if u in allowed and (rows[u].substitute_name if u in rows else None) != n}
    if added or changed:  # who may vote changes: this waits for, or makes fail, an opening under way
        move(session, round_, to=RoundStatus.DRAFT, expected=RoundStatus.DRAFT)
    session.add_all([electorate.check_in_row(u, substitute=names.get(u)) for u in added])
    for u, name in changed.items():
        if u in rows:
            rows[u].substitute_name = name
            session.add(rows[u])
    if added or changed:
        extra = {"substitutes": {str(u): name for u, name in sorted(changed.items())}} if changed else {}
        who = {"persons": sorted(added)} if electorate.by_person else {"units": sorted(added)}
        audit.append(session, kind="check_in", at=at, round_id=round_id, **who, **extra,
                     **audit.actor_fields(principal))  # fmt: skip
    session.flush()
    return len(rows) + len(added)


def substitutes_of(session: Session, *, round_id: int) -> dict[int, str]:
    """Units present through a substitute, with the substitute's name (for the check-in list and the minutes)."""
    query = select(CheckIn.unit_id, CheckIn.substitute_name).where(
        CheckIn.round_id == round_id, CheckIn.substitute_name.is_not(None)
    )
    return dict(session.exec(query).all())


def open_round(session: Session, *, round_id: int, at: datetime, expected_version: int | None = None,
               principal: Principal | None = None, sealed: bool = True,
               threshold: int = sealing.DEFAULT_THRESHOLD, cards: int = sealing.DEFAULT_SHARES,
               keeper: sealing.MemoryKeeper | None = None, handed_out: bool = True) -> VotingRound:  # fmt: skip
    """Opens a draft round. Sealed (the default): its ballots are sealed with the key of its
    conference (or of the round it is a runoff of); the first round opened makes that key and
    gives its k-of-n shares, once, to `keeper` (and to the process keeper in demo mode and
    in tests that opt in). `handed_out` False: electronic ballots wait until the admin
    confirms the cards were handed out (the app's page passes False outside demo mode)."""
    round_ = session.get(VotingRound, round_id)
    expect_version(round_, expected_version)
    settings = from_json(round_.settings_json)
    # A council's roll as it stands now is the one the quorum is checked against and the round keeps.
    electorate = electorate_of(session, round_).frozen_now(session)
    entitled, present = electorate.count(session), electorate.present_count(session)
    if round_.status != RoundStatus.DRAFT:
        refuse("vote_error.not_draft")
    if not quorum_met(settings, present=present, members=entitled):
        refuse("vote_error.no_quorum", present=present, members=entitled)
    seal = seal_values(
        session, round_, sealed=sealed, threshold=threshold, cards=cards, keeper=keeper, handed_out=handed_out
    )
    roll = electorate.roll_json()
    move(session, round_, to=RoundStatus.OPEN, expected=RoundStatus.DRAFT, **seal,
         **({"roll_json": roll} if roll else {}))  # fmt: skip
    _freeze_scores(session, round_)
    sealed_fields = {"public_key": round_.seal_public_key, "threshold": round_.seal_threshold} if seal else {}
    persons = {"persons": sorted(v.id for v in electorate.frozen)} if roll else {}
    audit.append(session, kind="round_opened", at=at, round_id=round_id, present=present, members=entitled,
                 **persons, **sealed_fields, **audit.actor_fields(principal))  # fmt: skip
    return round_


def _freeze_scores(session: Session, round_: VotingRound) -> None:
    """The verified totals as they stand at opening are the ones a tie-break by score uses."""
    totals = verified_totals(session, bloc_id=round_.bloc_id, year=round_.year)
    for candidate in session.exec(select(RoundCandidate).where(RoundCandidate.round_id == round_.id)):
        candidate.score = totals.get(candidate.unit_id)
        session.add(candidate)
    session.flush()


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()


def set_minutes_details(session: Session, *, round_id: int, place: str, committee: list[str], at: datetime) -> None:
    """Where the count took place and who counted: printed on the minutes."""
    round_ = session.get(VotingRound, round_id)
    check = Checker()
    place = check.text("place", place, max_len=300, required=False)
    members_ = [check.text("committee", name, max_len=200) for name in committee if name.strip()]
    if len(members_) > 15:
        check.add("committee", "vote_error.committee_too_long", max=15)
    check.raise_if_any()
    if round_.status in (RoundStatus.PUBLISHED, RoundStatus.CANCELLED):
        refuse("vote_error.minutes_final")
    hold(session, round_)  # a publication under way commits first; then these details are refused
    round_.place = place or None
    round_.committee_json = json.dumps(members_, ensure_ascii=False) if members_ else None
    session.add(round_)
    audit.append(session, kind="minutes_details", at=at, round_id=round_id, place=round_.place, committee=members_)
    session.flush()


def close_round(session: Session, *, round_id: int, at: datetime, expected_version: int | None = None,
                principal: Principal | None = None, shares: list[str] | None = None) -> str:  # fmt: skip
    """Closes an open round and freezes its result; closing again returns the same result
    (unless the caller says which version it saw: then it learns someone else closed it).

    A sealed round needs k of the committee's cards (`shares`, as typed; without them, the
    process keeper's in demo mode or in tests): the key is rebuilt in memory, every ballot
    is checked against its hash in the audit chain, opened, shuffled and written in that
    order to the ballot table in this transaction; then the key is dropped."""
    round_ = session.get(VotingRound, round_id)
    expect_version(round_, expected_version)
    if round_.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        return round_.result_json
    if round_.status != RoundStatus.OPEN:
        refuse("vote_error.not_open")
    opener = opener_for(round_, shares) if round_.seal_public_key else None
    # Close first: the row lock makes every ballot already under way commit before
    # the count, and every later one find the round closed.
    move(session, round_, to=RoundStatus.CLOSED, expected=RoundStatus.OPEN)
    if opener is not None:
        open_the_box(session, round_id, opener)
        del opener  # the key lives no longer than this call
    else:
        rewrite_in_id_order(session, round_id)
    result = result_to_json(count_round(session, round_))
    round_.result_json = result
    session.add(round_)
    session.flush()
    audit.append(session, kind="round_closed", at=at, round_id=round_id, digest=audit.head(session),
                 **audit.actor_fields(principal))  # fmt: skip
    return result


def publish_round(session: Session, *, round_id: int, at: datetime, expected_version: int | None = None,
                  principal: Principal | None = None) -> VotingRound:  # fmt: skip
    round_ = session.get(VotingRound, round_id)
    expect_version(round_, expected_version)
    if round_.status == RoundStatus.PUBLISHED:
        return round_
    if round_.status != RoundStatus.CLOSED:
        refuse("vote_error.not_closed")
    move(session, round_, to=RoundStatus.PUBLISHED, expected=RoundStatus.CLOSED)
    _apply(session, round_)
    drop_sealed(session, round_id=round_id)
    audit.append(session, kind="round_published", at=at, round_id=round_id, **audit.actor_fields(principal))
    return round_


def _apply(session: Session, round_: VotingRound) -> None:
    """Published winners become history: award proposals, or next year's chair/deputy. A council
    round creates nothing: its candidates are already proposals, and the chair's decision
    (services/province/decision.py) marks them approved or not from its result."""
    winners = json.loads(round_.result_json)["winners"]
    kind = RoundKind(round_.kind)
    if kind in AWARD_OF_KIND:
        note = f"Kết quả bỏ phiếu: {round_.title}"
        session.add_all([Award(year=round_.year, kind=AWARD_OF_KIND[kind], status=AwardStatus.PROPOSED, unit_id=u,
                               bloc_id=round_.bloc_id, note=note[:1000]) for u in winners])  # fmt: skip
    if kind in TERM_OF_KIND and winners:
        role, year = TERM_OF_KIND[kind], round_.year + 1
        term = session.exec(
            select(LeadershipTerm).where(
                LeadershipTerm.bloc_id == round_.bloc_id, LeadershipTerm.year == year, LeadershipTerm.role == role
            )
        ).first() or LeadershipTerm(bloc_id=round_.bloc_id, year=year, role=role, unit_id=winners[0])
        term.unit_id = winners[0]
        session.add(term)
    session.flush()


def cancel_round(session: Session, *, round_id: int, reason: str, at: datetime,
                 expected_version: int | None = None, principal: Principal | None = None) -> None:  # fmt: skip
    round_ = session.get(VotingRound, round_id)
    expect_version(round_, expected_version)
    check = Checker()
    reason = check.text("reason", reason, max_len=1000)
    check.raise_if_any()
    if round_.status in (RoundStatus.PUBLISHED, RoundStatus.CANCELLED):
        refuse("vote_error.cannot_cancel")
    move(session, round_, to=RoundStatus.CANCELLED, expected=round_.status, cancel_reason=reason)
    drop_sealed(session, round_id=round_id)
    audit.append(session, kind="round_cancelled", at=at, round_id=round_id, reason=reason,
                 **audit.actor_fields(principal))  # fmt: skip


def create_runoff(session: Session, *, round_id: int, at: datetime, expected_version: int | None = None,
                  principal: Principal | None = None) -> VotingRound:  # fmt: skip
    round_ = session.get(VotingRound, round_id)
    expect_version(round_, expected_version)
    runoff = json.loads(round_.result_json or "{}").get("runoff")
    if not runoff:
        refuse("vote_error.no_runoff")
    # Two admins pressing "runoff" at once must not make two runoff rounds.
    move(session, round_, to=round_.status, expected=round_.status)
    if session.exec(select(VotingRound.id).where(VotingRound.runoff_of_id == round_id)).first() is not None:
        refuse("vote_error.changed_meanwhile")
    # The seats still open, as a number: a share of members would count them again (and an
    # export naming both seats and seats_share is refused by the recount).
    settings = replace(from_json(round_.settings_json), candidates=CandidateSource.CHOSEN, seats=runoff["seats"],
                       seats_share=None, max_choices=None)  # fmt: skip
    return create_round(session, bloc_id=round_.bloc_id, year=round_.year, title=f"{round_.title} (bầu lại)",
                        settings=settings, at=at, chosen=runoff["candidates"], conference_id=round_.conference_id,
                        runoff_of_id=round_.id, principal=principal)  # fmt: skip


def turnout(session: Session, *, round_id: int) -> tuple[int, int]:
    """(ballots cast, voters present): all that is shown while a round is open."""
    electorate = electorate_of(session, session.get(VotingRound, round_id))
    return electorate.voted_count(session), electorate.present_count(session)
