"""Demo accounts, one per role. They are flagged is_demo and log in only in demo mode;
the login page lists them only in demo mode."""

from sqlmodel import Session, select

from db.models import Bloc, Province, Role, User, UserScope
from manage.demo import facts
from manage.demo.council import add_councils
from services.access.passwords import hash_password
from services.registry.membership import members

DEMO_PASSWORD = "thidua-demo"
DEMO_ACCOUNTS = [
    # username, full name, role
    ("quantri", "Quản trị viên (demo)", Role.ADMIN),
    ("thuky", "Thư ký Khối Văn hóa – Xã hội Lai Châu (demo)", Role.SECRETARY),
    ("lanhdao", "Lãnh đạo tỉnh Lai Châu (demo)", Role.LEADER),
    ("daibieu", "Đại biểu Sở KH&CN Lai Châu (demo)", Role.DELEGATE),
    # The province's stage (manage/demo/council.py makes them, with their scopes): Lai Châu's
    # standing office and one of its council members; Điện Biên's are thuongtruc.dbn, hoidong1.dbn…
    ("thuongtruc", "Thường trực Hội đồng TĐKT tỉnh Lai Châu (demo)", Role.PROVINCE_OFFICER),
    ("hoidong1", "Thành viên Hội đồng TĐKT tỉnh Lai Châu (minh họa)", Role.COUNCIL_MEMBER),
]
STAGE_ROLES = {Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER}


def add_demo_accounts(session: Session) -> None:
    if session.exec(select(User).where(User.username == "quantri")).first():
        return
    lai_chau = session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
    culture = session.exec(select(Bloc).where(Bloc.province_id == lai_chau.id, Bloc.name == facts.VHXH)).one()
    delegate_unit = next(
        m for m in members(session, bloc_id=culture.id, year=facts.CURRENT_YEAR) if m.short_name == facts.DELEGATE_UNIT
    )
    password_hash = hash_password(DEMO_PASSWORD)  # one bcrypt run for every demo account
    for username, full_name, role in DEMO_ACCOUNTS:
        if role in STAGE_ROLES:
            continue
        user = User(
            username=username,
            full_name=full_name,
            password_hash=password_hash,
            role=role,
            unit_id=delegate_unit.unit_id if role == Role.DELEGATE else None,
            is_demo=True,
        )
        session.add(user)
        session.flush()
        if role == Role.SECRETARY:
            session.add(UserScope(user_id=user.id, bloc_id=culture.id))
        if role == Role.LEADER:
            session.add(UserScope(user_id=user.id, province_id=lai_chau.id))
    add_councils(session, password_hash=password_hash)
    session.flush()
