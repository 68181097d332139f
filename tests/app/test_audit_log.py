"""The audit page: events with Vietnamese kinds and Vietnam times, newest first, filtered by
round, who acted; never a ballot's content or its voter; each closed round's digest."""

from datetime import timedelta

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province, Role
from db.models.voting import AuditEvent, Ballot
from services.access.sessions import Principal
from services.clock import as_utc, now
from services.registry.membership import members
from services.registry.units import names_in_year
from services.voting import audit
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.app.conftest import open_page

ADMIN = Principal(session_id="a" * 32, role=Role.ADMIN, display_name="Quản trị", user_id=None, username="quantri")
EVENTS = "Sự kiện"  # the column that tells the events table from the digests table


def culture_bloc(session) -> Bloc:
    return session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()


def voted_round(url: str, *, title: str, voters: int, close: bool = True) -> tuple[int, list[int]]:
    """A 2026 flag round of Lai Châu's Culture–Society bloc run by the admin; the first
    `voters` units vote for the unit after them."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        units = [m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)]
        settings = PRESETS[RoundKind.PROVINCIAL_FLAG]
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title=title, settings=settings, at=now(),
                              principal=ADMIN)  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=units, at=now(), principal=ADMIN)
        open_round(session, round_id=round_.id, at=now(), principal=ADMIN)
        for i, voter in enumerate(units[:voters]):
            choice = Choice(marks=((units[i + 1], Mark.AGREE),))
            cast_ballot(session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
        if close:
            close_round(session, round_id=round_.id, at=now(), principal=ADMIN)
        round_id = round_.id
    engine.dispose()
    return round_id, units


def audit_page(make_app, round_title: str | None = None, lang: str = "vi"):
    at = open_page(make_app(role="admin", lang=lang).run(), "nhat-ky")
    assert not at.exception, at.exception
    if round_title is not None:
        picker = at.selectbox(key="audit_round")
        choice = next(o for o in picker.options if o.startswith(round_title + " · "))
        picker.select(choice).run()  # select() takes the label shown
        assert not at.exception, at.exception
    return at


def events_frame(at):
    return next(d.value for d in at.dataframe if EVENTS in d.value.columns)


def page_text(at) -> str:
    """Everything the page shows as text, tables included."""
    parts = [
        e.value for kind in ("title", "caption", "markdown", "success", "error", "info", "code") for e in at.get(kind)
    ]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [o for s in at.selectbox for o in s.options]
    return "\n".join(str(p) for p in parts)


def read(url: str, query):
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(query).all()
    engine.dispose()
    return rows


def test_the_page_lists_a_rounds_events_in_vietnamese_with_vietnam_times_and_who_acted(make_app, app_db):
    round_id, _ = voted_round(app_db, title="Cờ thi đua 2026 (nhật ký)", voters=3)
    at = audit_page(make_app, "Cờ thi đua 2026 (nhật ký)")
    assert at.title[0].value == "Nhật ký kiểm toán"
    assert any("Chuỗi nhật ký nguyên vẹn" in s.value for s in at.success)
    frame = events_frame(at)
    assert list(frame["Sự kiện"]) == [
        "Đóng vòng",
        "Phiếu được nhận",
        "Phiếu được nhận",
        "Phiếu được nhận",
        "Mở vòng",
        "Điểm danh",
        "Tạo và cấu hình vòng",
    ]
    assert set(frame["Vòng"]) == {"Cờ thi đua 2026 (nhật ký)"}
    admin = "Quản trị viên · quantri"
    assert list(frame["Người thực hiện"]) == [admin, "—", "—", "—", admin, admin, admin]
    # Times are Vietnam's (UTC+7 all year), computed here without the app's clock.
    stored = read(app_db, select(AuditEvent).where(AuditEvent.round_id == round_id).order_by(AuditEvent.id.desc()))
    expected = [(as_utc(e.at) + timedelta(hours=7)).strftime("%H:%M:%S %d/%m/%Y") for e in stored]
    assert list(frame["Thời gian"]) == expected
    assert any("Sự kiện 1–7 trên tổng 7" in c.value for c in at.caption)


def test_no_ballot_content_and_no_voter_appears(make_app, app_db):
    round_id, units = voted_round(app_db, title="Cờ thi đua 2026 (bí mật)", voters=4)
    engine = make_engine(app_db)
    with Session(engine) as session:
        names = names_in_year(session, year=2026, unit_ids=units)
        ballots = session.exec(select(Ballot).where(Ballot.round_id == round_id)).all()
    engine.dispose()
    for at in (audit_page(make_app), audit_page(make_app, "Cờ thi đua 2026 (bí mật)")):
        text = page_text(at)
        assert "Phiếu được nhận" in text  # the ballots are listed...
        for unit in units:  # ...but no unit is named, voter or candidate
            assert names[unit].name not in text and names[unit].short_name not in text
        for ballot in ballots:
            assert ballot.id not in text and ballot.content_json not in text
        assert "agree" not in text and "marks" not in text


def test_the_round_filter_shows_only_that_round_and_its_digest(make_app, app_db):
    first, _ = voted_round(app_db, title="Cờ thi đua 2026 (vòng A)", voters=2)
    voted_round(app_db, title="Bằng khen 2026 (vòng B)", voters=1, close=False)
    everything = audit_page(make_app)
    assert everything.selectbox(key="audit_round").value is None
    assert everything.selectbox(key="audit_round").options[0] == "Tất cả"
    titles = set(events_frame(everything)["Vòng"])
    assert {"Cờ thi đua 2026 (vòng A)", "Bằng khen 2026 (vòng B)"} <= titles
    only_b = audit_page(make_app, "Bằng khen 2026 (vòng B)")
    assert set(events_frame(only_b)["Vòng"]) == {"Bằng khen 2026 (vòng B)"}
    assert len(events_frame(only_b)) == 4  # configured, check-in, opened, one ballot; not closed
    assert "Vòng này chưa đóng nên chưa có mã kiểm toán." in [i.value for i in only_b.info]
    only_a = audit_page(make_app, "Cờ thi đua 2026 (vòng A)")
    close_event = read(
        app_db, select(AuditEvent).where(AuditEvent.round_id == first, AuditEvent.kind == "round_closed")
    )
    engine = make_engine(app_db)
    with Session(engine) as session:
        assert audit.round_digest(session, round_id=first) == close_event[0].hash
    engine.dispose()
    assert close_event[0].hash in [c.value for c in only_a.code]
    assert set(events_frame(only_a)["Vòng"]) == {"Cờ thi đua 2026 (vòng A)"}


def test_newest_first_with_a_limit_a_count_and_pages(make_app, app_db):
    round_id, _ = voted_round(app_db, title="Vòng đông sự kiện", voters=1, close=False)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        for _ in range(60):  # as many ballot arrivals as a large hall, without the hall
            audit.append(session, kind="ballot_accepted", at=now(), round_id=round_id)
    engine.dispose()
    at = audit_page(make_app, "Vòng đông sự kiện")
    frame = events_frame(at)
    assert len(frame) == 50
    assert any("Sự kiện 1–50 trên tổng 64" in c.value for c in at.caption)
    assert list(frame["Số"]) == sorted(frame["Số"], reverse=True)
    at.selectbox(key=f"audit_page_{round_id}").select(2).run()
    rest = events_frame(at)
    assert len(rest) == 14 and list(rest["Sự kiện"])[-1] == "Tạo và cấu hình vòng"
    assert max(rest["Số"]) < min(frame["Số"])
    assert any("Sự kiện 51–64 trên tổng 64" in c.value for c in at.caption)


def test_closing_on_the_rounds_page_records_the_admin(make_app, app_db):
    round_id, _ = voted_round(app_db, title="Cờ thi đua 2026 (đóng trên trang)", voters=1, close=False)
    rounds = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    engine.dispose()
    rounds.selectbox[0].set_value(bloc_id).run()
    rounds.checkbox(key=f"confirm_close_{round_id}").check().run()
    rounds.button(key=f"do_close_{round_id}").click().run()
    assert "Đã đóng vòng và kiểm phiếu." in [s.value for s in rounds.success]
    at = audit_page(make_app, "Cờ thi đua 2026 (đóng trên trang)")
    newest = events_frame(at).iloc[0]
    assert (newest["Sự kiện"], newest["Người thực hiện"]) == ("Đóng vòng", "Quản trị viên · quantri")


def test_the_page_in_english(make_app, app_db):
    voted_round(app_db, title="Flag round 2026", voters=1)
    at = audit_page(make_app, "Flag round 2026", lang="en")
    frame = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    assert list(frame["Event"])[:2] == ["Round closed", "Ballot accepted"]
    assert list(frame["By"])[:2] == ["Admin · quantri", "—"]
