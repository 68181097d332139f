"""What the dashboard filters offer, restricted to the blocs a principal may see
(services.access.scope.visible_bloc_ids computes that set)."""

from sqlmodel import Session, select

from db.models import Bloc, Membership, Province
from services.registry.membership import members
from services.registry.places import ordinary


def provinces(session: Session, *, bloc_ids: set[int]) -> dict[int, tuple[str, str]]:
    """{province id: (code, name)} of the provinces holding any of the blocs, by name."""
    if not bloc_ids:
        return {}
    query = (
        select(Province)
        .where(Province.id.in_(ordinary(select(Bloc.province_id).where(Bloc.id.in_(sorted(bloc_ids))))))
        .order_by(Province.name)
    )
    return {p.id: (p.code, p.name) for p in session.exec(query)}


def blocs(session: Session, *, province_id: int, bloc_ids: set[int]) -> dict[int, str]:
    query = ordinary(
        select(Bloc.id, Bloc.name)
        .where(Bloc.province_id == province_id, Bloc.id.in_(sorted(bloc_ids)))
        .order_by(Bloc.name)
    )
    return {bloc_id: name for bloc_id, name in session.exec(query)}


def years(session: Session, *, bloc_ids: set[int]) -> list[int]:
    """Years in which any of the blocs had members, latest first."""
    if not bloc_ids:
        return []
    query = select(Membership.year).where(Membership.bloc_id.in_(sorted(bloc_ids))).distinct()
    return sorted(session.exec(query), reverse=True)


def units(session: Session, *, bloc_id: int, year: int) -> dict[int, str]:
    """Member units of the bloc that year, with that year's names."""
    return {m.unit_id: m.name for m in members(session, bloc_id=bloc_id, year=year)}
