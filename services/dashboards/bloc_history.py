"""Dashboard 4: a bloc over the years. Chair and deputy (the rotation), flags and
Bằng khen, the leading unit, and who joined or left."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from db.models import Award, AwardStatus, Covenant, LeadershipTerm, Membership, Unit
from services.clock import format_day
from services.dashboards.totals import as_float, competition_ranks, names_by_year, sheet_totals, unit_awards_of_blocs

YEAR_COLUMNS = [
    "year",
    "members",
    "chair",
    "deputy",
    "leaders",
    "top_total",
    "flags",
    "merits",
    "decided",
    "proposed",
    "not_awarded",
    "joined",
    "left",
]
EVENT_COLUMNS = ["year", "unit_id", "unit", "short_name", "event", "successor"]
SEPARATOR = "; "
NOT_AWARDED = "not_awarded"  # the event of a proposal the council did not approve


@dataclass(frozen=True)
class BlocHistory:
    bloc_id: int
    years: pd.DataFrame  # YEAR_COLUMNS, latest year first; names as they were that year
    # One row per (year, unit, event): event is "chair", "deputy", an award kind, "not_awarded"
    # (a proposal not approved), "joined" or "left"; for the rotation and awards charts.
    # successor: for a unit that left because it was merged into another, that unit's name that year ("" otherwise).
    events: pd.DataFrame


def _members_by_year(session: Session, bloc_id: int) -> dict[int, set[int]]:
    members: dict[int, set[int]] = defaultdict(set)
    for year, unit in session.exec(select(Membership.year, Membership.unit_id).where(Membership.bloc_id == bloc_id)):
        members[year].add(unit)
    return dict(members)


def _leading_units(session: Session, bloc_id: int, members: dict[int, set[int]]) -> dict[int, tuple[list[int], float]]:
    """Per year, the unit(s) with the highest verified total (all of them on a tie)."""
    query = select(Covenant.id, Covenant.year).where(Covenant.bloc_id == bloc_id)
    covenants = {covenant: year for covenant, year in session.exec(query)}
    by_year: dict[int, dict[int, object]] = defaultdict(dict)
    for sheet in sheet_totals(session, covenant_ids=covenants):
        year = covenants[sheet.covenant_id]
        if sheet.unit_id in members.get(year, set()):
            by_year[year][sheet.unit_id] = sheet.verified
    leading = {}
    for year, totals in by_year.items():
        ranks = competition_ranks(totals)
        first = sorted(u for u, r in ranks.items() if r == 1)
        if first:
            leading[year] = (first, as_float(totals[first[0]]))
    return leading


def _decisions(awards: list[Award]) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Per year: the decisions that awarded the bloc's units ("18/QĐ-UBND (20/01/2026)"), and
    how many of its proposals have no decision yet."""
    decided: dict[int, list[str]] = defaultdict(list)
    proposed: dict[int, int] = defaultdict(int)
    for award in sorted(awards, key=lambda a: (a.decision_date or date.min, a.decision_ref or "")):
        if award.status == AwardStatus.PROPOSED:
            proposed[award.year] += 1
        elif award.status == AwardStatus.APPROVED and award.decision_ref:
            day = f" ({format_day(award.decision_date)})" if award.decision_date else ""
            if award.decision_ref + day not in decided[award.year]:
                decided[award.year].append(award.decision_ref + day)
    return decided, proposed


def bloc_history(session: Session, *, bloc_id: int) -> BlocHistory:
    members = _members_by_year(session, bloc_id)
    years = sorted(members)
    events: list[tuple[int, int, str]] = []
    for year in years:
        before = members.get(year - 1)
        if before is not None:  # the first recorded year is no change
            events += [(year, u, "joined") for u in sorted(members[year] - before)]
            events += [(year, u, "left") for u in sorted(before - members[year])]
    terms = session.exec(select(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc_id))
    events += [(t.year, t.unit_id, t.role.value) for t in terms]
    awards = [a for _, a in unit_awards_of_blocs(session, bloc_ids=[bloc_id], years=years)]
    # Flags and Bằng khen, proposed or decided; a proposal the council turned down is listed apart.
    events += [(a.year, a.unit_id, a.kind.value) for a in awards if a.status != AwardStatus.NOT_APPROVED]
    events += [(a.year, a.unit_id, NOT_AWARDED) for a in awards if a.status == AwardStatus.NOT_APPROVED]
    decided, proposed = _decisions(awards)
    leading = _leading_units(session, bloc_id, members)

    # A unit that left is named as it was in its last year in the bloc; one merged into
    # another unit names that unit too (as it was named the year it left).
    gone = {u for _, u, e in events if e == "left"}
    query = select(Unit.id, Unit.merged_into_id).where(Unit.id.in_(gone))
    merged_into = dict(session.exec(query).all()) if gone else {}
    known_years = set(years)
    wanted = {(y - 1 if e == "left" else y, u) for y, u, e in events}
    wanted |= {(year, u) for year, (first, _) in leading.items() for u in first}
    wanted = {pair for pair in wanted if pair[0] in known_years}
    wanted |= {(y, merged_into[u]) for y, u, e in events if e == "left" and merged_into.get(u)}
    names = names_by_year(session, pairs=wanted)
    event_rows = []
    by_year: dict[int, list[tuple[str, str]]] = defaultdict(list)  # year → (unit name, event), in event order
    for year, unit, event in sorted(events):
        name = names.get((year - 1 if event == "left" else year, unit))
        successor = names.get((year, merged_into.get(unit))) if event == "left" else None
        event_rows.append([year, unit, name.name if name else "?", name.short_name if name else "?", event,
                           successor.name if successor else ""])  # fmt: skip
        by_year[year].append((event_rows[-1][2], event))
    event_frame = pd.DataFrame(event_rows, columns=EVENT_COLUMNS)

    def named(year: int, kinds: set[str]) -> str:
        return SEPARATOR.join(name for name, event in by_year[year] if event in kinds)

    year_rows = []
    for year in sorted(years, reverse=True):
        first, top = leading.get(year, ([], None))
        year_rows.append(
            [
                year,
                len(members[year]),
                named(year, {"chair"}),
                named(year, {"deputy"}),
                SEPARATOR.join(names[(year, u)].name for u in first if (year, u) in names),
                top,
                named(year, {"provincial_flag", "government_flag"}),
                named(year, {"certificate_of_merit"}),
                SEPARATOR.join(decided.get(year, [])),
                proposed.get(year, 0),
                named(year, {NOT_AWARDED}),
                named(year, {"joined"}),
                named(year, {"left"}),
            ]
        )
    return BlocHistory(bloc_id=bloc_id, years=pd.DataFrame(year_rows, columns=YEAR_COLUMNS), events=event_frame)
