"""`python -m manage init --demo` (run by the README's first command) never wipes data."""

import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Province
from manage.__main__ import main
from services.registry.places import save_province


def test_init_twice_keeps_what_users_added(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    main(["init", "--demo"])
    engine = make_engine(url)
    with Session(engine) as session:
        save_province(session=session, code="SLA", name="Sơn La")
        session.commit()
        scores_before = session.exec(sa.text("SELECT COUNT(*) FROM score")).one()[0]
    main(["init", "--demo"])
    with Session(engine) as session:
        names = sorted(p.name for p in session.exec(select(Province)))
        assert names == ["Lai Châu", "Sơn La", "Điện Biên"]
        assert session.exec(sa.text("SELECT COUNT(*) FROM score")).one()[0] == scores_before
    engine.dispose()


def test_create_admin_command_makes_a_working_admin(tmp_path, monkeypatch):
    from services.access.login import Outcome, finish_password_login
    from services.clock import now

    url = f"sqlite:///{tmp_path / 'admin.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("THIDUA_ADMIN_PASSWORD", "mot-mat-khau-dai")
    assert main(["create-admin", "admin.tinh"]) == 0
    assert main(["create-admin", "admin.tinh"]) == 1  # the name is taken: refused, nothing changed
    engine = make_engine(url)
    with Session(engine) as session:
        result = finish_password_login(session, username="admin.tinh", credentials_ok=True, at=now(), demo=False)
        assert result.outcome == Outcome.OK
    engine.dispose()
