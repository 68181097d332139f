"""Dashboard 5: every bloc of a province in a year. Leading unit, flags and Bằng khen,
and how far scoring has got (blocs whose sheets are not all locked)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from db.models import AwardStatus, Bloc, Covenant, Membership, SheetState
from services.dashboards.totals import as_float, competition_ranks, sheet_totals, unit_awards_of_blocs
from services.registry.places import ordinary
from services.registry.units import names_in_year

BLOC_COLUMNS = [
    "bloc_id",
    "bloc",
    "members",
    "leaders",
    "top_total",
    "flags",
    "government_flags",
    "merits",
    "verified",
    "locked",
    "scoring_locked",
]
STATE_COLUMNS = ["bloc_id", "bloc", "state", "count"]
SEPARATOR = "; "


@dataclass(frozen=True)
class ProvinceYear:
    province_id: int
    year: int
    blocs: pd.DataFrame  # BLOC_COLUMNS, in bloc name order
    # Sheets per state and bloc (members without a sheet count as "draft").
    states: pd.DataFrame


def province_year(session: Session, *, province_id: int, year: int) -> ProvinceYear:
    blocs = {
        b.id: b.name
        for b in session.exec(ordinary(select(Bloc).where(Bloc.province_id == province_id).order_by(Bloc.name)))
    }
    members: dict[int, set[int]] = defaultdict(set)
    query = select(Membership.bloc_id, Membership.unit_id).where(
        Membership.bloc_id.in_(list(blocs)), Membership.year == year
    )
    for bloc_id, unit_id in session.exec(query):
        members[bloc_id].add(unit_id)
    covenant_query = select(Covenant.id, Covenant.bloc_id).where(
        Covenant.bloc_id.in_(list(blocs)), Covenant.year == year
    )
    covenants = {covenant: bloc for covenant, bloc in session.exec(covenant_query)}
    totals: dict[int, dict[int, object]] = defaultdict(dict)
    states: dict[int, Counter] = defaultdict(Counter)
    for sheet in sheet_totals(session, covenant_ids=covenants):
        bloc_id = covenants[sheet.covenant_id]
        if sheet.unit_id in members[bloc_id]:
            totals[bloc_id][sheet.unit_id] = sheet.verified
            states[bloc_id][sheet.state.value] += 1
    awards: dict[int, Counter] = defaultdict(Counter)
    for bloc_id, award in unit_awards_of_blocs(session, bloc_ids=list(blocs), years=[year]):
        if award.status != AwardStatus.NOT_APPROVED:  # a proposal the council turned down is no award
            awards[bloc_id][award.kind.value] += 1
    names = names_in_year(session, year=year, unit_ids=sorted(set().union(*members.values())))

    rows, state_rows = [], []
    for bloc_id, bloc in blocs.items():
        if not members[bloc_id]:
            continue  # no members that year: the bloc did not exist yet, or was dissolved
        ranks = competition_ranks({u: totals[bloc_id].get(u) for u in members[bloc_id]})
        first = sorted((u for u, r in ranks.items() if r == 1), key=lambda u: names[u].name if u in names else "")
        states[bloc_id][SheetState.DRAFT.value] += len(members[bloc_id]) - sum(states[bloc_id].values())
        locked = states[bloc_id][SheetState.LOCKED.value]
        rows.append(
            [
                bloc_id,
                bloc,
                len(members[bloc_id]),
                SEPARATOR.join(names[u].name for u in first if u in names),
                as_float(totals[bloc_id][first[0]]) if first else None,
                awards[bloc_id]["provincial_flag"],
                awards[bloc_id]["government_flag"],
                awards[bloc_id]["certificate_of_merit"],
                locked + states[bloc_id][SheetState.VERIFIED.value],
                locked,
                locked == len(members[bloc_id]),
            ]
        )
        state_rows += [[bloc_id, bloc, state.value, states[bloc_id][state.value]] for state in SheetState]
    return ProvinceYear(
        province_id=province_id,
        year=year,
        blocs=pd.DataFrame(rows, columns=BLOC_COLUMNS),
        states=pd.DataFrame(state_rows, columns=STATE_COLUMNS),
    )


def unlocked_blocs(frame: pd.DataFrame) -> list[str]:
    return list(frame.loc[~frame["scoring_locked"].astype(bool), "bloc"])
