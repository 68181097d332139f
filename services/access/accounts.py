"""User accounts: create, edit, disable, passwords, scope. Any change that should
end open sessions moves the user's session_version (see db/models/users.py)."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, delete, select

from db.models import Bloc, BlocKind, Province, Role, Unit, User, UserScope
from services.access.passwords import check_password, hash_password, password_problem
from services.clock import now
from services.errors import Checker
from services.province.council import council_of, is_council

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class AccountInput:
    username: str
    full_name: str
    role: Role
    unit_id: int | None = None
    province_ids: tuple[int, ...] = ()
    bloc_ids: tuple[int, ...] = ()
    is_active: bool = True
    # A council member's office (printed on the council's minutes); kept for no other role.
    position: str | None = None


# Roles whose scope is one whole province, given as province_ids, and nothing else: the
# standing office runs that province's stage; a council member sits on its council.
ONE_PROVINCE_ROLES = {
    Role.PROVINCE_OFFICER: "error.officer_one_province",
    Role.COUNCIL_MEMBER: "error.member_one_province",
}


def _check_account(session: Session, check: Checker, data: AccountInput, user_id: int | None) -> tuple[str, str]:
    username = check.text("username", data.username, max_len=64).lower()
    if username and not set(username) <= USERNAME_CHARS:
        check.add("username", "error.username_chars")
    clash = select(User).where(sa.func.lower(User.username) == username)
    if user_id:
        clash = clash.where(User.id != user_id)
    if username and session.exec(clash).first():
        check.add("username", "error.duplicate")
    full_name = check.text("full_name", data.full_name, max_len=200)
    if data.role not in set(Role):
        check.add("role", "error.invalid_choice")
    if data.role == Role.DELEGATE and data.unit_id is None:
        check.add("unit", "error.delegate_needs_unit")
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        check.add("unit", "error.not_found")
    if data.role in (Role.SECRETARY, Role.LEADER) and not (data.province_ids or data.bloc_ids):
        check.add("scope", "error.scope_required")
    if data.role in ONE_PROVINCE_ROLES and (len(set(data.province_ids)) != 1 or data.bloc_ids):
        check.add("scope", ONE_PROVINCE_ROLES[data.role])
    if data.role == Role.COUNCIL_MEMBER:
        check.text("position", data.position, max_len=300)
    # A council body is reached through a council member's province, never picked as a bloc scope.
    councils = select(Bloc.id).where(Bloc.id.in_(data.bloc_ids), Bloc.kind == BlocKind.COUNCIL)
    if data.bloc_ids and session.exec(councils).first() is not None:
        check.add("scope", "error.invalid_choice")
    known_blocs = set(session.exec(select(Bloc.id).where(Bloc.id.in_(data.bloc_ids))))
    known_provinces = set(session.exec(select(Province.id).where(Province.id.in_(data.province_ids))))
    if known_blocs != set(data.bloc_ids) or known_provinces != set(data.province_ids):
        check.add("scope", "error.not_found")
    return username, full_name


def _stored_scope(session: Session, data: AccountInput) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(province ids, bloc ids) as the UserScope rows hold them: a council member's province
    becomes its council body (made on first use), so council_members() finds the person."""
    if data.role in (Role.SECRETARY, Role.LEADER):
        return tuple(sorted(set(data.province_ids))), tuple(sorted(set(data.bloc_ids)))
    if data.role == Role.PROVINCE_OFFICER:
        return tuple(sorted(set(data.province_ids))), ()
    if data.role == Role.COUNCIL_MEMBER:
        return (), (council_of(session, data.province_ids[0], create=True).id,)
    return (), ()


def _write_scope(session: Session, user: User, scope: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    session.exec(delete(UserScope).where(UserScope.user_id == user.id))
    session.add_all([UserScope(user_id=user.id, province_id=p) for p in scope[0]])
    session.add_all([UserScope(user_id=user.id, bloc_id=b) for b in scope[1]])


def _unit_of(data: AccountInput) -> int | None:
    """Persons of the province's stage belong to no unit."""
    return None if data.role in ONE_PROVINCE_ROLES else data.unit_id


def _position_of(data: AccountInput) -> str | None:
    if data.role != Role.COUNCIL_MEMBER:
        return None
    return " ".join((data.position or "").split()) or None


def create_user(*, session: Session, data: AccountInput, password: str) -> User:
    check = Checker()
    username, full_name = _check_account(session, check, data, None)
    if problem := password_problem(password):
        check.add("password", problem)
    check.raise_if_any()
    user = User(
        username=username,
        full_name=full_name,
        password_hash=hash_password(password),
        position=_position_of(data),
        role=data.role,
        unit_id=_unit_of(data),
        is_active=data.is_active,
    )
    session.add(user)
    session.flush()
    _write_scope(session, user, _stored_scope(session, data))
    session.flush()
    return user


def update_user(*, session: Session, user_id: int, data: AccountInput) -> User:
    user = session.get(User, user_id)
    check = Checker()
    if user is None:
        check.add("username", "error.not_found")
        check.raise_if_any()
    username, full_name = _check_account(session, check, data, user_id)
    check.raise_if_any()
    old_scope = scope_of(session, user_id=user_id)
    new_scope = _stored_scope(session, data)
    revoke = (user.role, user.is_active, user.unit_id, user.username) != (
        data.role,
        data.is_active,
        _unit_of(data),
        username,
    ) or old_scope != new_scope
    user.username, user.full_name, user.role = username, full_name, data.role
    user.unit_id, user.is_active, user.position = _unit_of(data), data.is_active, _position_of(data)
    _write_scope(session, user, new_scope)
    if revoke:
        end_all_sessions(session=session, user=user)
    session.add(user)
    session.flush()
    return user


def scope_of(session: Session, *, user_id: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    rows = session.exec(select(UserScope).where(UserScope.user_id == user_id)).all()
    provinces = tuple(sorted(r.province_id for r in rows if r.province_id is not None))
    blocs = tuple(sorted(r.bloc_id for r in rows if r.bloc_id is not None))
    return provinces, blocs


def end_all_sessions(*, session: Session, user: User) -> None:
    """Every open session of the user ends at its next run; older login cookies stop working."""
    user.session_version += 1
    user.tokens_valid_after = now()
    session.add(user)
    session.flush()


def reset_password(*, session: Session, user_id: int, new_password: str) -> None:
    check = Checker()
    user = session.get(User, user_id)
    if user is None:
        check.add("username", "error.not_found")
    if problem := password_problem(new_password):
        check.add("password", problem)
    check.raise_if_any()
    user.password_hash = hash_password(new_password)
    end_all_sessions(session=session, user=user)


def change_own_password(*, session: Session, user_id: int, current: str, new: str, repeat: str) -> None:
    check = Checker()
    user = session.get(User, user_id)
    if user is None or not check_password(current, user.password_hash):
        check.add("current_password", "error.wrong_password")
    if problem := password_problem(new):
        check.add("new_password", problem)
    elif new != repeat:
        check.add("repeat_password", "error.passwords_differ")
    check.raise_if_any()
    user.password_hash = hash_password(new)
    end_all_sessions(session=session, user=user)


def province_of_account(session: Session, *, user_id: int) -> int | None:
    """The one province of an officer or a council member (through its council body)."""
    provinces, blocs = scope_of(session, user_id=user_id)
    if provinces:
        return provinces[0]
    councils = [body for b in blocs if is_council(body := session.get(Bloc, b))]
    return councils[0].province_id if councils else None


def scope_names(session: Session) -> dict[int, str]:
    """{user id: the provinces and blocs in scope, by name}: a council member's is the council."""
    provinces = {p.id: p.name for p in session.exec(select(Province))}
    blocs = {b.id: b for b in session.exec(select(Bloc))}
    names: dict[int, list[str]] = {}
    for row in session.exec(select(UserScope).order_by(UserScope.id)):
        if row.province_id is not None:
            name = provinces.get(row.province_id, "")
        else:
            bloc = blocs[row.bloc_id]
            # A bloc's name is not unique across provinces (a council's carries its province).
            name = bloc.name if is_council(bloc) else f"{provinces.get(bloc.province_id, '')} · {bloc.name}"
        names.setdefault(row.user_id, []).append(name)
    return {user_id: "; ".join(parts) for user_id, parts in names.items()}


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.role, User.username)))


def has_admin(session: Session) -> bool:
    query = select(User.id).where(User.role == Role.ADMIN, User.is_active, sa.not_(User.is_demo))
    return session.exec(query).first() is not None
