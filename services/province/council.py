"""The province's Emulation and Commendation Council as a voting body.

It is stored as a Bloc of kind COUNCIL (one per province) so that its rounds reuse a
bloc round's conference, check-in, sealing, receipts, projector, minutes and audit
chain. Its voters are persons: active COUNCIL_MEMBER accounts scoped to that body
(UserScope.bloc_id), never units, and it has no member units, covenant or scores.
"""

from sqlmodel import Session, select

from db.models import Bloc, BlocKind, Province, Role, User, UserScope

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng tỉnh {province}"


def council_of(session: Session, province_id: int, *, create: bool = False) -> Bloc | None:
    """The province's council body; made on first use when create is set."""
    body = session.exec(select(Bloc).where(Bloc.province_id == province_id, Bloc.kind == BlocKind.COUNCIL)).first()
    if body is None and create:
        province = session.get(Province, province_id)
        if province is None:
            return None
        body = Bloc(province_id=province_id, name=COUNCIL_NAME.format(province=province.name), kind=BlocKind.COUNCIL)
        session.add(body)
        session.flush()
    return body


def is_council(bloc: Bloc | None) -> bool:
    return bloc is not None and bloc.kind == BlocKind.COUNCIL


def council_members(session: Session, council_id: int) -> list[User]:
    """The active members, by name: the base of "all council members" and the roll call."""
    query = (
        select(User)
        .join(UserScope, UserScope.user_id == User.id)
        .where(UserScope.bloc_id == council_id, User.role == Role.COUNCIL_MEMBER, User.is_active)
        .order_by(User.full_name, User.id)
    )
    return list(session.exec(query))
