"""Who may vote in a round, and how many they are: the one place that knows it.

A bloc's voters are its member units of the round's year (CheckIn, Participation); the
province's council votes as persons, its active council members (PersonCheckIn,
PersonParticipation). Everything else about a round (sealing, closing, the count, the
minutes, the audit chain) is the same for both, so every service asks this module rather
than testing the body's kind itself.

A council's roll is frozen when its round opens (VotingRound.roll_json): from then on "all
members" (the ENTITLED base), the present and the minutes' absent are the members of the
opening, whoever is disabled or appointed during the vote. A member disabled after the
opening stays in the base but may not cast a ballot.
"""

import json
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Bloc, Membership
from db.models.voting import CheckIn, Participation, PersonCheckIn, PersonParticipation, VotingRound
from services.province.council import council_members, is_council
from services.registry.membership import members


@dataclass(frozen=True)
class Voter:
    id: int  # a unit's id (bloc) or a person's account id (council)
    name: str
    position: str | None = None  # a council member's office, printed on the minutes


@dataclass(frozen=True)
class Electorate:
    round_id: int
    bloc_id: int
    year: int
    by_person: bool  # the council: voters are persons, not units
    frozen: tuple[Voter, ...] | None = None  # a council round's roll as it stood at the opening

    @property
    def _check_in(self):
        return PersonCheckIn if self.by_person else CheckIn

    @property
    def _participation(self):
        return PersonParticipation if self.by_person else Participation

    def _column(self, model):
        return model.user_id if self.by_person else model.unit_id

    def voter_of(self, *, unit_id: int | None, user_id: int | None) -> int | None:
        """The id that votes here: the person's in a council round, the unit's in a bloc's."""
        return user_id if self.by_person else unit_id

    def roll(self, session: Session) -> list[Voter]:
        """Everyone entitled to vote, by name: the base of "all members" and the roll call (a
        council's: as frozen at the opening, else its active members now)."""
        if self.by_person:
            return list(self.frozen) if self.frozen is not None else _active_members(session, self.bloc_id)
        return [Voter(m.unit_id, m.name) for m in members(session, bloc_id=self.bloc_id, year=self.year)]

    def frozen_now(self, session: Session) -> "Electorate":
        """This electorate with a council's roll taken as it stands (the round's opening stores it)."""
        if not self.by_person or self.frozen is not None:
            return self
        return replace(self, frozen=tuple(_active_members(session, self.bloc_id)))

    def roll_json(self) -> str | None:
        """The frozen roll as VotingRound.roll_json stores it (None for a bloc's round)."""
        if not self.by_person or self.frozen is None:
            return None
        return json.dumps([[v.id, v.name, v.position] for v in self.frozen], ensure_ascii=False)

    def count(self, session: Session) -> int:
        """How many are entitled (tổng số thành viên): seats, limits and the ENTITLED base come from it."""
        if self.by_person:
            return len(self.roll(session))
        # A COUNT, not members(): that also looks up every member's name (a ballot page's run paid for it).
        query = select(sa.func.count()).select_from(Membership)
        return session.exec(query.where(Membership.bloc_id == self.bloc_id, Membership.year == self.year)).one()

    def entitled_ids(self, session: Session) -> set[int]:
        return {voter.id for voter in self.roll(session)}

    def present(self, session: Session) -> set[int]:
        """Checked in: a council member only while on the roll (one checked in, then disabled
        before the opening, is neither in the base nor present)."""
        model = self._check_in
        found = set(session.exec(select(self._column(model)).where(model.round_id == self.round_id)))
        return found & self.entitled_ids(session) if self.by_person else found

    def present_count(self, session: Session) -> int:
        if self.by_person:
            return len(self.present(session))
        model = self._check_in
        query = select(sa.func.count()).select_from(model).where(model.round_id == self.round_id)
        return session.exec(query).one()

    def is_present(self, session: Session, voter_id: int) -> bool:
        """Checked in, and (a person) on the roll and still an active member: a member disabled
        after the check-in may not vote (though the frozen roll keeps them in the base)."""
        model = self._check_in
        row = session.exec(
            select(model.id).where(model.round_id == self.round_id, self._column(model) == voter_id)
        ).first()
        if row is None:
            return False
        if not self.by_person:
            return True
        active = {v.id for v in _active_members(session, self.bloc_id)}
        return voter_id in active and voter_id in self.entitled_ids(session)

    def present_among(self, session: Session, voter_ids: set[int]) -> set[int]:
        """is_present for several voters: one read for a bloc's units."""
        if self.by_person:
            return {voter for voter in voter_ids if self.is_present(session, voter)}
        model = self._check_in
        query = select(self._column(model)).where(model.round_id == self.round_id, self._column(model).in_(voter_ids))
        return set(session.exec(query)) if voter_ids else set()

    def voted_among(self, session: Session, voter_ids: set[int]) -> set[int]:
        """Those of `voter_ids` who have a participation row in this round."""
        model = self._participation
        query = select(self._column(model)).where(model.round_id == self.round_id, self._column(model).in_(voter_ids))
        return set(session.exec(query)) if voter_ids else set()

    def voted(self, session: Session) -> set[int]:
        model = self._participation
        return set(session.exec(select(self._column(model)).where(model.round_id == self.round_id)))

    def voted_count(self, session: Session) -> int:
        model = self._participation
        query = select(sa.func.count()).select_from(model).where(model.round_id == self.round_id)
        return session.exec(query).one()

    def has_voted(self, session: Session, voter_id: int) -> bool:
        return session.get(self._participation, (self.round_id, voter_id)) is not None

    def check_in_row(self, voter_id: int, *, substitute: str | None = None):
        """A unit may attend through a named substitute; a council member votes in person."""
        if self.by_person:
            return PersonCheckIn(round_id=self.round_id, user_id=voter_id)
        return CheckIn(round_id=self.round_id, unit_id=voter_id, substitute_name=substitute)

    def check_in_rows(self, session: Session) -> list:
        model = self._check_in
        return list(session.exec(select(model).where(model.round_id == self.round_id)))

    def voter_in(self, row) -> int:
        """The voter's id on a check-in or participation row."""
        return row.user_id if self.by_person else row.unit_id

    def participation_row(self, voter_id: int):
        """THAT this voter voted; its primary key refuses a second ballot, even two at once."""
        if self.by_person:
            return PersonParticipation(round_id=self.round_id, user_id=voter_id)
        return Participation(round_id=self.round_id, unit_id=voter_id)


def electorate_of(session: Session, round_: VotingRound) -> Electorate:
    by_person = is_council(session.get(Bloc, round_.bloc_id))
    frozen = _frozen_roll(round_.roll_json) if by_person else None
    return Electorate(round_id=round_.id, bloc_id=round_.bloc_id, year=round_.year, by_person=by_person,
                      frozen=frozen)  # fmt: skip


def _active_members(session: Session, council_id: int) -> list[Voter]:
    return [Voter(u.id, u.full_name, u.position) for u in council_members(session, council_id)]


def _frozen_roll(text: str | None) -> tuple[Voter, ...] | None:
    """VotingRound.roll_json read back; None (a round opened before it was kept): the live members."""
    if not text:
        return None
    return tuple(Voter(int(user_id), name, position) for user_id, name, position in json.loads(text))


def is_council_round(session: Session, round_: VotingRound) -> bool:
    return is_council(session.get(Bloc, round_.bloc_id))
