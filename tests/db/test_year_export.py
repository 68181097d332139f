"""A whole year in one bundle: every record of the year, ballots anonymous, readable as JSON and XLSX."""

import io
import json
import zipfile
from collections import Counter
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Award, AwardKind, Bloc, Membership, Province, Score, ScoreSheet
from db.models.voting import Ballot, RoundStatus
from manage.__main__ import main
from services.clock import now
from services.province.decision import record_decision
from services.registry.units import rename_unit
from services.voting import audit
from services.voting.attendance import set_present
from services.voting.casting import Choice, cast_ballot
from services.voting.council_round import create_council_round
from services.voting.rounds import check_in, close_round, open_round, publish_round
from services.voting.tally import Mark
from services.year_export import collect_year, year_bundle_zip, year_xlsx
from tests.db.council_world import YEAR as COUNCIL_YEAR
from tests.db.council_world import build_council_world
from tests.db.records_world import YEAR, add_rounds
from tests.db.scoring_world import build_world


def test_the_bundle_holds_every_record_of_the_year(demo_session):
    rounds = add_rounds(demo_session)
    data = collect_year(demo_session, year=YEAR, at=now())
    assert (data["format"], data["version"], data["year"]) == ("thidua.year-export", 1, YEAR)
    assert {b["name"] for b in data["blocs"]} == set(demo_session.exec(select(Bloc.name)))
    members = demo_session.exec(select(Membership).where(Membership.year == YEAR)).all()
    assert len(data["memberships"]) == len(members)
    stored_scores = demo_session.exec(
        select(Score).join(ScoreSheet).where(ScoreSheet.covenant_id.in_([c["id"] for c in data["covenants"]]))
    ).all()
    assert sum(len(c["scores"]) for c in data["covenants"]) == len(stored_scores) > 0
    flags = demo_session.exec(select(Award).where(Award.year == YEAR)).all()
    assert sorted(a["id"] for a in data["awards"]) == sorted(a.id for a in flags)
    by_id = {r["id"]: r for r in data["rounds"]}
    assert set(by_id) == {rounds.published, rounds.closed, rounds.open, rounds.cancelled}
    for round_id in (rounds.published, rounds.closed):
        exported = by_id[round_id]
        assert len(exported["ballots"]) == exported["result"]["collected"] == len(exported["voted"])
        stored = demo_session.exec(select(Ballot).where(Ballot.round_id == round_id)).all()
        as_marks = Counter(json.dumps(sorted(json.loads(b.content_json)["marks"])) for b in stored)
        assert Counter(json.dumps(b["marks"]) for b in exported["ballots"]) == as_marks
        assert all(set(b) == {"valid", "invalid_reason", "marks"} for b in exported["ballots"])  # nothing else
    assert [b["invalid_reason"] for b in by_id[rounds.closed]["ballots"] if not b["valid"]] == ["identifying_marks"]
    assert by_id[rounds.open]["ballots"] is None and by_id[rounds.open]["voted"]  # turnout only, no running count
    assert by_id[rounds.open]["status"] == RoundStatus.OPEN.value
    events = data["audit"]["events"]
    assert {e["round_id"] for e in events} == set(by_id)
    assert data["audit"]["chain"] == {
        "intact": True,
        "events": audit.count_events(demo_session),
        "digest": audit.verify_chain(demo_session).digest,
    }


def test_one_province_only_and_names_as_they_were_that_year(demo_session):
    lai_chau = demo_session.exec(select(Province).where(Province.code == "LCU")).one()
    data = collect_year(demo_session, year=2017, province_id=lai_chau.id, at=now())
    assert data["province"] == "LCU" and [p["name"] for p in data["provinces"]] == ["Lai Châu"]
    assert all(b["province_id"] == lai_chau.id for b in data["blocs"])
    unit = data["units"][0]
    rename_unit(session=demo_session, unit_id=unit["id"], name="Tên mới từ 2020", short_name="", from_year=2020)
    again = collect_year(demo_session, year=2017, province_id=lai_chau.id, at=now())
    assert again["units"][0]["name"] == unit["name"]  # the 2017 records keep the 2017 name


def test_the_zip_has_the_json_and_a_workbook_people_can_read(session):
    world = build_world(session)
    rename_unit(session=session, unit_id=world.units["A1"], name="=HYPERLINK(\"http://x\")", short_name="",
                from_year=2015)  # fmt: skip
    name, data, collected = year_bundle_zip(session, year=YEAR, province_id=world.bloc.province_id, at=now())
    assert name == "thidua-2026-ts.zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["thidua-2026-ts.json", "thidua-2026-ts.xlsx"]
    assert json.loads(archive.read("thidua-2026-ts.json")) == json.loads(json.dumps(collected))
    book = load_workbook(io.BytesIO(archive.read("thidua-2026-ts.xlsx")))
    assert book.sheetnames[:3] == ["Khối", "Đơn vị", "Trưởng, phó khối"]
    assert "Nhật ký kiểm toán" in book.sheetnames and "Phiếu bầu" in book.sheetnames
    units = book["Đơn vị"]
    cells = [c for row in units.iter_rows(min_row=2) for c in row if c.value == '\'=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)  # a hostile name stays text, never a formula
    english = load_workbook(io.BytesIO(year_xlsx(collected, lang="en")))
    assert english.sheetnames[0] == "Blocs"


def test_the_export_command_writes_the_bundle(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'export.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        build_world(session)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    out = tmp_path / "nam-2026.zip"
    assert main(["export-year", str(YEAR), "--province", "ts", "--out", str(out)]) == 0
    assert "Year 2026 exported" in capsys.readouterr().out
    assert "thidua-2026-ts.json" in zipfile.ZipFile(out).namelist()
    assert main(["export-year", str(YEAR), "--province", "XX"]) == 2


def test_the_workbook_holds_the_decision_and_the_council_members_check_ins_never_a_ballot_of_theirs(session):
    """Nine council members; six checked in at 08:00 (Vietnam), one of them taken out again at
    08:10 when a seventh arrives; six vote (a0: 6 agrees of 9 passes at 2/3 of all members, a1:
    5 does not, b0: none). Decision 18/QĐ-UBND of 25/11/2026 makes a0 an award, a1 and b0 not."""
    world = build_council_world(session)
    a0, a1, b0 = world.candidates
    m = world.members
    first, second = datetime(2026, 11, 20, 1, 0, tzinfo=UTC), datetime(2026, 11, 20, 1, 10, tzinfo=UTC)
    round_ = create_council_round(session, council_id=world.council_id, year=COUNCIL_YEAR, title="Hội đồng xét Cờ",
                                  award=AwardKind.PROVINCIAL_FLAG, at=first)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=list(m[:6]), at=first)
    set_present(session, round_id=round_.id, unit_ids=[*m[:5], m[6]], at=second)  # 6 out, 7 in
    open_round(session, round_id=round_.id, at=second)
    for i, member in enumerate([*m[:5], m[6]]):
        marks = ((a0, Mark.AGREE), *(((a1, Mark.AGREE),) if i < 5 else ()))
        cast_ballot(session, round_id=round_.id, user_id=member, choice=Choice(marks=marks), at=second)
    close_round(session, round_id=round_.id, at=second)
    publish_round(session, round_id=round_.id, at=second)
    record_decision(session, province_id=world.province_id, year=COUNCIL_YEAR, number="18",
                    signed_on=date(2026, 11, 25), at=now())  # fmt: skip
    data = collect_year(session, year=COUNCIL_YEAR, province_id=world.province_id, at=now())
    book = load_workbook(io.BytesIO(year_xlsx(data)))

    awards = list(book["Khen thưởng"].iter_rows(values_only=True))
    head = awards[0]
    flags = {
        row[head.index("Đơn vị")]: dict(zip(head, row, strict=True))
        for row in awards[1:]
        if row[head.index("Hình thức khen thưởng")] == "Cờ thi đua UBND tỉnh"
    }
    assert flags["Đơn vị A0"]["Trạng thái"] == "Đã có quyết định"
    assert flags["Đơn vị A0"]["Quyết định"] == "18/QĐ-UBND"
    assert flags["Đơn vị A0"]["Ngày quyết định"].date() == date(2026, 11, 25)
    assert flags["Đơn vị A0"]["Lý do"] is None
    assert flags["Đơn vị A1"]["Trạng thái"] == "Không được khen thưởng"
    assert flags["Đơn vị A1"]["Lý do"].startswith("Hội đồng: 5/9 phiếu đồng ý")
    assert flags["Đơn vị B0"]["Lý do"].startswith("Hội đồng: 0/9 phiếu đồng ý")
    assert flags["Đơn vị A1"]["Quyết định"] is None and flags["Đơn vị A1"]["Ngày quyết định"] is None

    sheet = list(book["Thành viên Hội đồng có mặt"].iter_rows(values_only=True))
    assert sheet[0] == ("Vòng", "Thành viên", "Chức vụ", "Điểm danh lúc (UTC)")  # nothing about a ballot
    assert sheet[1:] == [
        *((round_.id, f"Thành viên {i} (minh họa)", f"Chức vụ {i}", first.isoformat()) for i in range(1, 6)),
        (round_.id, "Thành viên 7 (minh họa)", "Chức vụ 7", second.isoformat()),
    ]
    rounds = list(book["Vòng bỏ phiếu"].iter_rows(values_only=True))
    council_row = dict(zip(rounds[0], next(r for r in rounds[1:] if r[0] == round_.id), strict=True))
    assert (council_row["Số có mặt"], council_row["Số đã bỏ phiếu"]) == (6, 6)
    (exported,) = [r for r in data["rounds"] if r["id"] == round_.id]
    assert all(set(c) == {"user_id", "name", "position", "at"} for c in exported["person_check_ins"])
    assert exported["persons_voted"] == 6
    (a1_award,) = [a for a in data["awards"] if a["unit_id"] == a1 and a["kind"] == "provincial_flag"
                   and a["bloc_id"] == world.blocs[0]]  # fmt: skip
    assert (a1_award["status"], a1_award["decision_date"], a1_award["council_round_id"]) == (
        "not_approved", None, round_.id,
    )  # fmt: skip
    assert [a["decision_date"] for a in data["awards"] if a["unit_id"] == a0 and a["status"] == "approved"] == [
        "2026-11-25"
    ]
    assert b0 in {a["unit_id"] for a in data["awards"] if a["status"] == "not_approved"}
