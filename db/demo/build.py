"""Builds the demo data set. Deterministic: the same seed gives the same database."""

import random
from decimal import Decimal

from sqlmodel import Session, select

from db.demo import facts
from db.demo.accounts import add_demo_accounts
from db.demo.covenant import COVENANT_GROUPS
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

SEED = 2017


def demo_loaded(session: Session) -> bool:
    return session.exec(select(Province).where(Province.code == facts.DIEN_BIEN)).first() is not None


def load_demo(session: Session) -> None:
    """Adds the demo data set once; a database that already has it is left alone."""
    if not demo_loaded(session):
        _load_registry_and_scores(session)
    add_demo_accounts(session)


def _load_registry_and_scores(session: Session) -> None:
    rng = random.Random(SEED)
    for code, province_name in facts.PROVINCES.items():
        province = Province(code=code, name=province_name)
        session.add(province)
        session.flush()
        for bloc_name, unit_rows in facts.UNITS[code].items():
            bloc = Bloc(province_id=province.id, name=bloc_name)
            session.add(bloc)
            session.flush()
            units = _add_units(session, province.id, unit_rows)
            _BlocBuilder(session, rng, code, bloc, units).build()
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


class _BlocBuilder:
    def __init__(self, session: Session, rng: random.Random, province: str, bloc: Bloc, units: dict[str, Unit]):
        self.session, self.rng, self.province, self.bloc, self.units = session, rng, province, bloc, units

    def seeded(self, rows: list[tuple], year: int) -> list[str]:
        return [short for p, b, y, short in rows if (p, b, y) == (self.province, self.bloc.name, year)]

    def members_in(self, year: int) -> list[str]:
        gone, into = facts.MERGERS_2025[self.province]
        shorts = list(self.units)
        if year >= facts.MERGER_YEAR and gone in shorts:
            self.units[gone].merged_into_id = self.units[into].id
            shorts.remove(gone)
        return shorts

    def build(self) -> None:
        for index, year in enumerate(range(facts.FIRST_YEAR, facts.CURRENT_YEAR + 1)):
            members = self.members_in(year)
            for short in members:
                self.session.add(Membership(bloc_id=self.bloc.id, unit_id=self.units[short].id, year=year))
            self.add_leaders(year, index, members)
            criteria = self.add_covenant(year)
            totals = self.add_scores(year, members, criteria)
            if year <= facts.LAST_YEAR:
                self.add_awards(year, totals)
        self.session.flush()

    def add_leaders(self, year: int, index: int, members: list[str]) -> None:
        chair = (self.seeded(facts.SEED_CHAIRS, year) or [members[index % len(members)]])[0]
        deputy = next(m for m in members[index % len(members) + 1 :] + members if m != chair)
        for role, short in ((LeadershipRole.CHAIR, chair), (LeadershipRole.DEPUTY, deputy)):
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
            state, reason = self.sheet_state(year, rank)
            sheet = ScoreSheet(
                unit_id=self.units[short].id, covenant_id=self.covenant.id, state=state, return_reason=reason
            )
            self.session.add(sheet)
            self.session.flush()
            quality = 0.96 - 0.03 * rank
            total = Decimal(0)
            for criterion in criteria:
                verified = self.verified_score(criterion, quality, rank, len(members))
                own = min(criterion.max_points, verified + Decimal(self.rng.choice(["0", "0", "0.5", "1"])))
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

    def sheet_state(self, year: int, rank: int) -> tuple[SheetState, str | None]:
        if year <= facts.LAST_YEAR:
            return SheetState.LOCKED, None
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
        if flags or merits:
            status, note, ref = AwardStatus.PROPOSED, facts.SEED_SOURCE, None
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
