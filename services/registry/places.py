"""Provinces and blocs: list, create, edit."""

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Bloc, BlocKind, Province
from services.errors import Checker


def list_provinces(session: Session) -> list[Province]:
    return list(session.exec(select(Province).order_by(Province.name)))


# The kinds a registry keeps and offers. A province's council (BlocKind.COUNCIL) is a voting
# body with no member units: only services/province/council.py makes it, and only the rounds
# page lists it (with councils=True); every other list and picker leaves it out.
ORDINARY_KINDS = (BlocKind.BLOC, BlocKind.CLUSTER)


def ordinary(query):
    """The query restricted to ordinary blocs and clusters (no council body)."""
    return query.where(Bloc.kind.in_(ORDINARY_KINDS))


def list_blocs(session: Session, *, province_id: int | None = None, councils: bool = False) -> list[Bloc]:
    query = select(Bloc).order_by(Bloc.province_id, Bloc.name)
    if not councils:
        query = ordinary(query)
    if province_id is not None:
        query = query.where(Bloc.province_id == province_id)
    return list(session.exec(query))


def save_province(*, session: Session, code: str, name: str, province_id: int | None = None) -> Province:
    check = Checker()
    code = check.text("code", code, max_len=16).upper()
    name = check.text("name", name, max_len=120)
    others = select(Province).where(Province.id != province_id) if province_id else select(Province)
    if code and session.exec(others.where(Province.code == code)).first():
        check.add("code", "error.duplicate")
    if name and session.exec(others.where(Province.name == name)).first():
        check.add("name", "error.duplicate")
    check.raise_if_any()
    province = session.get(Province, province_id) if province_id else Province(code=code, name=name)
    province.code, province.name = code, name
    session.add(province)
    session.flush()
    return province


def save_bloc(*, session: Session, province_id: int, name: str, kind: BlocKind, bloc_id: int | None = None) -> Bloc:
    check = Checker()
    name = check.text("name", name, max_len=200)
    if session.get(Province, province_id) is None:
        check.add("province", "error.not_found")
    if kind not in set(ORDINARY_KINDS):
        check.add("kind", "error.invalid_choice")
    if bloc_id and (existing := session.get(Bloc, bloc_id)) is not None and existing.kind not in ORDINARY_KINDS:
        check.add("kind", "error.invalid_choice")
    clash = select(Bloc).where(Bloc.province_id == province_id, sa.func.lower(Bloc.name) == name.lower())
    if bloc_id:
        clash = clash.where(Bloc.id != bloc_id)
    if name and session.exec(clash).first():
        check.add("name", "error.duplicate")
    check.raise_if_any()
    bloc = session.get(Bloc, bloc_id) if bloc_id else Bloc(province_id=province_id, name=name)
    bloc.province_id, bloc.name, bloc.kind = province_id, name, BlocKind(kind)
    session.add(bloc)
    session.flush()
    return bloc
