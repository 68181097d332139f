"""Builds the demo data set. Deterministic: the same seed gives the same database."""

import random
from decimal import Decimal

from sqlmodel import Session, select

from db.models import (
    Award,
    AwardKind,
    AwardStatus,
    Bloc,
    Covenant,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    LeadershipRole,
    LeadershipTerm,
    Membership,
    Province,
    Score,
    ScoreSheet,
    SheetState,
    Unit,
    UnitName,
)
from manage.demo import facts
from manage.demo.accounts import add_demo_accounts
from manage.demo.conference import CONFERENCE_BLOC_YEAR, hold_2017_conference
from manage.demo.council import carry_year_through
from manage.demo.covenant import COVENANT_GROUPS

SEED = 2017
OWN_MARGINS = ["0", "0", "0.5", "1"]  # how far a self score runs above the verified one


def demo_loaded(session: Session) -> bool:
    return session.exec(select(Province).where(Province.code == facts.DIEN_BIEN)).first() is not None


def load_demo(session: Session, *, votes: bool = True) -> None:
    """Adds the demo data set once; a database that already has it is left alone.

    votes: Lai Châu's 2017 year-end conference is held through the voting services and
    its publication writes the flags, Bằng khen and 2018 chair the seeds report; each
    province's council votes on the 2025 proposals and its decision is recorded. Without
    it (tests that count rounds, ballots or audit events) those records are written directly.
    """
    if not demo_loaded(session):
        _load_registry_and_scores(session, seed_outcomes=not votes)
        add_demo_accounts(session)
        # Before the 2017 conference on the audit chain, so a replay can take that conference
        # off the chain's end (clear_2017_conference) and leave the chain whole.
        carry_year_through(session, votes=votes)
        if votes:
            hold_2017_conference(session)
    add_demo_accounts(session)


def _load_registry_and_scores(session: Session, *, seed_outcomes: bool) -> None:
    # Two streams: years before the reorganisation draw exactly what they always drew,
    # so the recorded past does not move when the re-formed blocs change.
    rngs = (random.Random(SEED), random.Random(SEED * 10_000 + facts.MERGER_YEAR))
    builders = []
    for code, province_name in facts.PROVINCES.items():
        province = Province(code=code, name=province_name)
        session.add(province)
        session.flush()
        for bloc_name, unit_rows in facts.UNITS[code].items():
            bloc = Bloc(province_id=province.id, name=bloc_name)
            session.add(bloc)
            session.flush()
            units = _add_units(session, province.id, unit_rows)
            builders.append(_BlocBuilder(session, rngs, code, bloc, units, seed_outcomes))
    for code in facts.PROVINCES:
        _reorganise(session, code, [b for b in builders if b.province == code])
    for builder in builders:
        builder.build()
    session.flush()


def _add_units(session: Session, province_id: int, rows: list[tuple[str, str]]) -> dict[str, Unit]:
    units = {}
    for name, short in rows:
        unit = Unit(province_id=province_id)
        session.add(unit)
        session.flush()
        session.add(UnitName(unit_id=unit.id, from_year=facts.FIRST_YEAR, name=name, short_name=short))
        units[short] = unit
    return units


def _reorganise(session: Session, code: str, builders: list["_BlocBuilder"]) -> None:
    """The 2025 reorganisation: the successors, who merged into whom, the new names."""
    province_id = builders[0].bloc.province_id
    units = _add_units(session, province_id, facts.OTHER_UNITS[code])
    for builder in builders:
        units |= builder.units
    for merged, successor in facts.MERGED_INTO[code].items():
        units[merged].merged_into_id = units[successor].id
        session.add(units[merged])
    for short, (name, new_short) in facts.RENAMED[code].items():
        session.add(UnitName(unit_id=units[short].id, from_year=facts.MERGER_YEAR, name=name, short_name=new_short))
    for builder in builders:
        builder.units = units
    session.flush()


class _BlocBuilder:
    def __init__(self, session: Session, rngs: tuple[random.Random, random.Random], province: str, bloc: Bloc,
                 units: dict[str, Unit], seed_outcomes: bool):  # fmt: skip
        self.session, self.rngs, self.province, self.bloc = session, rngs, province, bloc
        self.own = list(units)  # the bloc's members before 2025, by short name
        self.units = units  # short name → unit: every unit of the province once _reorganise ran
        self.seed_outcomes = seed_outcomes

    def seeded(self, rows: list[tuple], year: int) -> list[str]:
        return [short for p, b, y, short in rows if (p, b, y) == (self.province, self.bloc.name, year)]

    def voted(self, year: int) -> bool:
        """The outcome of `year`'s conference comes from the demo's published rounds."""
        return not self.seed_outcomes and (self.province, self.bloc.name, year) == CONFERENCE_BLOC_YEAR

    def members_in(self, year: int) -> list[str]:
        if year >= facts.MERGER_YEAR:
            return list(facts.BLOCS_2025[self.province][self.bloc.name])
        return list(self.own)

    def build(self) -> None:
        past, reorganised = self.rngs
        for index, year in enumerate(range(facts.FIRST_YEAR, facts.CURRENT_YEAR + 1)):
            self.rng = reorganised if year >= facts.MERGER_YEAR else past
            members = self.members_in(year)
            for short in members:
                self.session.add(Membership(bloc_id=self.bloc.id, unit_id=self.units[short].id, year=year))
            self.add_leaders(year, index, members)
            criteria = self.add_covenant(year)
            totals = self.add_scores(year, members, criteria)
            if year <= facts.LAST_YEAR:
                self.add_awards(year, totals)
            if year >= facts.MERGER_YEAR:
                self.keep_past_draws(past, criteria)
        self.session.flush()

    def keep_past_draws(self, rng: random.Random, criteria: list[Criterion]) -> None:
        """Until the real reorganisation came in, the demo drew 2025 and 2026 from the same
        stream as the years before, with one unit less in each culture bloc. Drawing as much
        again keeps every later bloc's past (2015-2024) exactly as it was."""
        size = len(self.own) - (self.bloc.name == facts.VHXH)
        self.rng, current = rng, self.rng
        rng.shuffle(list(range(size)))
        for rank in range(size):
            for criterion in criteria:
                self.verified_score(criterion, 0.96 - 0.03 * rank, rank, size)
                rng.choice(OWN_MARGINS)
        self.rng = current

    def add_leaders(self, year: int, index: int, members: list[str]) -> None:
        chair = (self.seeded(facts.SEED_CHAIRS, year) or [members[index % len(members)]])[0]
        deputy = next(m for m in members[index % len(members) + 1 :] + members if m != chair)
        for role, short in ((LeadershipRole.CHAIR, chair), (LeadershipRole.DEPUTY, deputy)):
            if role == LeadershipRole.CHAIR and self.voted(year - 1):
                continue  # elected at the previous year's conference: its publication writes the term
            self.session.add(LeadershipTerm(bloc_id=self.bloc.id, year=year, role=role, unit_id=self.units[short].id))

    def add_covenant(self, year: int) -> list[Criterion]:
        covenant = Covenant(bloc_id=self.bloc.id, year=year, title=f"Giao ước thi đua năm {year}")
        self.session.add(covenant)
        self.session.flush()
        criteria = []
        for g_pos, (group_name, rows) in enumerate(COVENANT_GROUPS):
            group = CriteriaGroup(covenant_id=covenant.id, position=g_pos, name=group_name)
            self.session.add(group)
            self.session.flush()
            for c_pos, (name, kind, max_points) in enumerate(rows):
                criterion = Criterion(
                    group_id=group.id, position=c_pos, name=name, kind=kind, max_points=Decimal(max_points)
                )
                self.session.add(criterion)
                criteria.append(criterion)
        self.session.flush()
        self.covenant = covenant
        return criteria

    def ranking(self, year: int, members: list[str]) -> list[str]:
        """The order the synthetic scores follow; the seeds' winners come first in their year."""
        first = self.seeded(facts.SEED_FLAGS, year) + self.seeded(facts.SEED_MERITS, year)
        rest = [m for m in members if m not in first]
        self.rng.shuffle(rest)
        return first + rest

    def add_scores(self, year: int, members: list[str], criteria: list[Criterion]) -> dict[str, Decimal]:
        totals = {}
        for rank, short in enumerate(self.ranking(year, members)):
            state, reason = self.sheet_state(year, rank, short)
            sheet = ScoreSheet(
                unit_id=self.units[short].id, covenant_id=self.covenant.id, state=state, return_reason=reason
            )
            self.session.add(sheet)
            self.session.flush()
            quality = 0.96 - 0.03 * rank
            total = Decimal(0)
            for criterion in criteria:
                verified = self.verified_score(criterion, quality, rank, len(members))
                own = min(criterion.max_points, verified + Decimal(self.rng.choice(OWN_MARGINS)))
                if criterion.kind != CriterionKind.NORMAL:
                    own = verified
                keep_verified = state in (SheetState.VERIFIED, SheetState.LOCKED)
                self.session.add(
                    Score(
                        sheet_id=sheet.id,
                        criterion_id=criterion.id,
                        self_score=own,
                        verified_score=verified if keep_verified else None,
                        evidence_note="Báo cáo tổng kết năm (minh họa)" if criterion.position == 0 else None,
                    )
                )
                total += verified
            totals[short] = total
        return totals

    def sheet_state(self, year: int, rank: int, short: str) -> tuple[SheetState, str | None]:
        if year <= facts.LAST_YEAR:
            return SheetState.LOCKED, None
        if (self.province, self.bloc.name, short) == (facts.LAI_CHAU, facts.VHXH, facts.DELEGATE_UNIT):
            return SheetState.DRAFT, None  # the demo delegate's own sheet: still open to self-scoring
        cycle = [SheetState.VERIFIED, SheetState.SUBMITTED, SheetState.RETURNED, SheetState.DRAFT]
        state = cycle[rank % len(cycle)]
        return state, ("Thiếu minh chứng cho tiêu chí cải cách hành chính" if state == SheetState.RETURNED else None)

    def verified_score(self, criterion: Criterion, quality: float, rank: int, size: int) -> Decimal:
        cap = float(criterion.max_points)
        if criterion.kind == CriterionKind.BONUS:
            value = (
                cap
                if rank == 0 and self.rng.random() < 0.6
                else (cap / 2 if rank == 1 and self.rng.random() < 0.4 else 0)
            )
        elif criterion.kind == CriterionKind.DEDUCTION:
            value = -cap / 2 if rank >= size - 2 and self.rng.random() < 0.5 else 0
        else:
            value = cap * min(1.0, max(0.4, quality + self.rng.uniform(-0.03, 0.03)))
        return Decimal(round(value * 2) / 2).quantize(Decimal("0.01"))

    def add_awards(self, year: int, totals: dict[str, Decimal]) -> None:
        flags, merits = self.seeded(facts.SEED_FLAGS, year), self.seeded(facts.SEED_MERITS, year)
        if self.voted(year):  # the conference's published rounds propose them
            self.add_individual_awards(year)
            return
        if flags or merits:
            status, note, ref = AwardStatus.PROPOSED, facts.SEED_SOURCE, None
        elif year == facts.DECIDED_YEAR:  # proposed by the bloc; the council and the decision follow (council.py)
            ranked = sorted(totals, key=lambda s: totals[s], reverse=True)
            flags, merits = ranked[:1], ranked[1:3]
            status, note, ref = AwardStatus.PROPOSED, facts.SYNTHETIC_NOTE, None
        else:
            ranked = sorted(totals, key=lambda s: totals[s], reverse=True)
            flags, merits = ranked[:1], ranked[1:3]
            status, note, ref = (
                AwardStatus.APPROVED,
                facts.SYNTHETIC_NOTE,
                f"Quyết định khen thưởng năm {year} (minh họa)",
            )
        for kind, shorts in ((AwardKind.PROVINCIAL_FLAG, flags), (AwardKind.CERTIFICATE_OF_MERIT, merits)):
            for short in shorts:
                self.session.add(
                    Award(
                        year=year,
                        kind=kind,
                        status=status,
                        unit_id=self.units[short].id,
                        bloc_id=self.bloc.id,
                        decision_ref=ref,
                        note=note,
                    )
                )
        self.add_individual_awards(year)

    def add_individual_awards(self, year: int) -> None:
        # Điện Biên 2017: 7 "Thầy thuốc ưu tú" and 9 "Nhà giáo ưu tú" in the bloc (seed);
        # the people's names are not in the report, so they are placeholders.
        if (self.province, self.bloc.name, year) != (facts.DIEN_BIEN, facts.VHXH, 2017):
            return
        for kind, short, count in (
            (AwardKind.PEOPLES_DOCTOR, "Sở Y tế", 7),
            (AwardKind.PEOPLES_TEACHER, "Sở GD-ĐT", 9),
        ):
            for i in range(1, count + 1):
                self.session.add(
                    Award(
                        year=year,
                        kind=kind,
                        status=AwardStatus.APPROVED,
                        unit_id=self.units[short].id,
                        person_name=f"Cá nhân {i} (tên minh họa)",
                        note="Theo tin tổng kết Khối Văn hóa – Xã hội Điện Biên năm 2017",
                    )
                )
