"""Who may vote in a round, and how many they are: the one place that knows it.

A bloc's voters are its member units of the round's year (CheckIn, Participation); the
province's council votes as persons, its active council members (PersonCheckIn,
PersonParticipation). Everything else about a round (sealing, closing, the count, the
minutes, the audit chain) is the same for both, so every service asks this module rather
than testing the body's kind itself.
"""

from dataclasses import dataclass

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
        """Everyone entitled to vote, by name: the base of "all members" and the roll call."""
        if self.by_person:
            return [Voter(u.id, u.full_name, u.position) for u in council_members(session, self.bloc_id)]
        return [Voter(m.unit_id, m.name) for m in members(session, bloc_id=self.bloc_id, year=self.year)]

    def count(self, session: Session) -> int:
        """How many are entitled (tổng số thành viên): seats, limits and the ENTITLED base come from it."""
        if self.by_person:
            return len(council_members(session, self.bloc_id))
        # A COUNT, not members(): that also looks up every member's name (a ballot page's run paid for it).
        query = select(sa.func.count()).select_from(Membership)
        return session.exec(query.where(Membership.bloc_id == self.bloc_id, Membership.year == self.year)).one()

    def entitled_ids(self, session: Session) -> set[int]:
        return {voter.id for voter in self.roll(session)}

    def present(self, session: Session) -> set[int]:
        model = self._check_in
        return set(session.exec(select(self._column(model)).where(model.round_id == self.round_id)))

    def present_count(self, session: Session) -> int:
        model = self._check_in
        query = select(sa.func.count()).select_from(model).where(model.round_id == self.round_id)
        return session.exec(query).one()

    def is_present(self, session: Session, voter_id: int) -> bool:
        """Checked in, and (a person) still an active member: a member disabled after the
        check-in may not vote."""
        model = self._check_in
        row = session.exec(
            select(model.id).where(model.round_id == self.round_id, self._column(model) == voter_id)
        ).first()
        if row is None:
            return False
        return not self.by_person or voter_id in self.entitled_ids(session)

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
    return Electorate(round_id=round_.id, bloc_id=round_.bloc_id, year=round_.year, by_person=by_person)


def is_council_round(session: Session, round_: VotingRound) -> bool:
    return is_council(session.get(Bloc, round_.bloc_id))
