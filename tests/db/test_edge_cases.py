"""The odd shapes real data takes: very long names, an empty bloc, a bloc of one unit, a round
with a single candidate. Each gets a sensible outcome and, when refused, a Vietnamese reason."""

import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from db.models import Bloc, Role, SheetState
from locales import translate
from services.access.accounts import AccountInput, create_user
from services.access.code_sheet import CodeSheetRow, code_sheet_pdf
from services.clock import now
from services.dashboards.bloc_overview import bloc_year
from services.errors import ValidationFailed
from services.registry.membership import set_membership
from services.registry.places import save_bloc
from services.registry.units import create_unit, rename_unit
from services.scoring.actions import Entry, lock_year, save_self_scores, save_verified_scores
from services.scoring.covenants import create_covenant, criteria, replace_criteria
from services.scoring.excel_apply import import_scores
from services.scoring.excel_template import template_bytes
from services.scoring.queries import unit_totals
from services.voting.casting import Choice, cast_ballot
from services.voting.minutes import minutes_for_round
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, CandidateSource, RoundKind
from services.year_export import collect_year, year_xlsx
from tests.db.records_world import agree
from tests.db.scoring_world import ROWS, YEAR, build_world

LONG_UNIT = ("Sở Văn hóa, Thể thao và Du lịch " * 7)[:200]  # exactly the 200 characters allowed
UNBROKEN = "Đ" * 200  # one "word" wider than any cell: it must wrap, not overflow or fail


def said(call) -> list[str]:
    """The Vietnamese messages of a refusal."""
    with pytest.raises(ValidationFailed) as info:
        call()
    return [translate("vi", e.key, **e.params) for e in info.value.errors]


def squeezed_pdf(data: bytes) -> str:
    """The PDF's text without whitespace: long names wrap wherever the layout breaks them."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def bloc_of(session, world, names: list[str]) -> tuple[Bloc, list[int]]:
    bloc = save_bloc(session=session, province_id=world.bloc.province_id, name=f"Khối {len(names)}", kind="bloc")
    units = []
    for name in names:
        unit = create_unit(session=session, province_id=world.bloc.province_id, name=name, short_name="",
                           from_year=2020)  # fmt: skip
        set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
        units.append(unit.id)
    return bloc, units


def test_names_at_their_limit_are_kept_whole_and_one_more_character_is_refused(session):
    world = build_world(session)
    province = world.bloc.province_id
    unit = create_unit(session=session, province_id=province, name=LONG_UNIT, short_name="", from_year=2020)
    assert (
        rename_unit(session=session, unit_id=unit.id, name=LONG_UNIT, short_name="", from_year=2021).name == LONG_UNIT
    )
    assert said(lambda: create_unit(session=session, province_id=province, name=LONG_UNIT + "x", short_name="",
                                    from_year=2020)) == ["Dài quá 200 ký tự."]  # fmt: skip
    assert said(lambda: save_bloc(session=session, province_id=province, name="K" * 201, kind="bloc")) == [
        "Dài quá 200 ký tự."
    ]
    account = AccountInput(username="thuky.dai", full_name="N" * 201, role=Role.SECRETARY, bloc_ids=(world.bloc.id,))
    assert "Dài quá 200 ký tự." in said(lambda: create_user(session=session, data=account, password="mot-mat-khau-dai"))
    long_rows = [replace(ROWS[0], name="T" * 500), *ROWS[1:]]
    covenant = create_covenant(session=session, principal=world.people["admin"], bloc_id=world.other_bloc.id,
                               year=YEAR, title="G" * 300)  # fmt: skip
    replace_criteria(session=session, principal=world.people["admin"], covenant_id=covenant.id, title="G" * 300,
                     rows=long_rows)  # fmt: skip
    too_long = [replace(ROWS[0], name="T" * 501), *ROWS[1:]]
    assert said(lambda: replace_criteria(session=session, principal=world.people["admin"], covenant_id=covenant.id,
                                         title="G" * 300, rows=too_long)) == ["Dài quá 500 ký tự."]  # fmt: skip


def test_very_long_names_go_through_the_minutes_the_code_sheet_and_the_exports(session):
    world = build_world(session)
    bloc, units = bloc_of(session, world, [LONG_UNIT, UNBROKEN, "Sở Y tế"])
    title = "Bầu " + "rất dài " * 36
    round_ = create_round(session, bloc_id=bloc.id, year=YEAR, title=title.strip()[:300],
                          settings=replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1), at=now())  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    for voter in units:
        choice = agree(units[0] if voter != units[0] else units[1])
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    close_round(session, round_id=round_.id, at=now())
    minutes = squeezed_pdf(minutes_for_round(session, round_id=round_.id))
    assert "".join(LONG_UNIT.split()) in minutes and UNBROKEN in minutes  # wrapped over lines, never cut
    labels = dict.fromkeys(("unit", "code", "scan", "keep_secret"), "x")
    cards = [CodeSheetRow(name, "K7QF-9MZT-2XPA", "http://h/?code=K7QF9MZT2XPA") for name in (LONG_UNIT, UNBROKEN)]
    sheet = squeezed_pdf(code_sheet_pdf(title="Mã", subtitle="", expires_text="", labels=labels, rows=cards))
    assert "".join(LONG_UNIT.split()) in sheet and UNBROKEN in sheet
    book = load_workbook(
        io.BytesIO(year_xlsx(collect_year(session, year=YEAR, province_id=bloc.province_id, at=now())))
    )
    assert LONG_UNIT in [c.value for row in book["Đơn vị"].iter_rows() for c in row]


def test_an_empty_bloc_says_so_everywhere(session):
    world = build_world(session)
    empty = save_bloc(session=session, province_id=world.bloc.province_id, name="Khối mới lập", kind="bloc")
    admin = world.people["admin"]
    assert said(lambda: create_round(session, bloc_id=empty.id, year=YEAR, title="Cờ",
                                     settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())) == [
        "Vòng bỏ phiếu chưa có ứng viên nào."
    ]  # fmt: skip
    covenant = create_covenant(session=session, principal=admin, bloc_id=empty.id, year=YEAR, title="Giao ước")
    replace_criteria(session=session, principal=admin, covenant_id=covenant.id, title="Giao ước", rows=ROWS)
    assert unit_totals(session, covenant=covenant) == []
    assert said(lambda: lock_year(session=session, principal=admin, covenant_id=covenant.id)) == [
        "Khối không có đơn vị thành viên năm 2026."
    ]
    template = template_bytes(session, covenant=covenant)
    assert load_workbook(io.BytesIO(template))["Điểm"].max_row == 1  # the header, and no rows to fill
    result = import_scores(session=session, principal=admin, covenant_id=covenant.id, data=template)
    assert [p.key for p in result.report.problems] == ["excel_error.no_rows"] and result.written_rows == 0
    view = bloc_year(session, bloc_id=empty.id, year=YEAR)
    assert view.ranking.empty and view.chair is None
    exported = collect_year(session, year=YEAR, province_id=empty.province_id, at=now())
    assert "Khối mới lập" in [b["name"] for b in exported["blocs"]]
    assert not [m for m in exported["memberships"] if m["bloc_id"] == empty.id]


def test_a_bloc_of_one_unit_scores_ranks_and_votes_sensibly(session):
    world = build_world(session)
    bloc, (unit,) = bloc_of(session, world, ["Văn phòng Đoàn ĐBQH"])
    admin = world.people["admin"]
    covenant = create_covenant(session=session, principal=admin, bloc_id=bloc.id, year=YEAR, title="Giao ước")
    replace_criteria(session=session, principal=admin, covenant_id=covenant.id, title="Giao ước", rows=ROWS)
    lines = {line.name: line for line in criteria(session, covenant_id=covenant.id)}
    normal = lines["Hoàn thành nhiệm vụ"]
    normals = {line.id: Entry(Decimal(4)) for line in lines.values() if line.kind == "normal"}
    save_self_scores(session=session, principal=admin, covenant_id=covenant.id, unit_id=unit, entries=normals,
                     submit=True)  # fmt: skip
    sheet = unit_totals(session, covenant=covenant)[0]
    save_verified_scores(session=session, principal=admin, sheet_id=sheet.sheet_id,
                         values={line.id: Decimal(0) for line in lines.values()} | {normal.id: Decimal(8)},
                         verify=True)  # fmt: skip
    assert lock_year(session=session, principal=admin, covenant_id=covenant.id) == 1
    (only,) = unit_totals(session, covenant=covenant)
    assert (only.rank, only.state, only.verified_total) == (1, SheetState.LOCKED, Decimal("8.00"))
    # Nobody to vote for when the lone unit may not vote for itself: refused before the conference.
    flag = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
    assert said(lambda: create_round(session, bloc_id=bloc.id, year=YEAR, title="Cờ", settings=flag, at=now())) == [
        translate("vi", "vote_error.lone_member")
    ]
    # Allowed to vote for itself, it can: quorum of one, one ballot, elected.
    round_ = create_round(session, bloc_id=bloc.id, year=YEAR, title="Cờ", settings=replace(flag, self_vote=True),
                          at=now())  # fmt: skip
    assert said(lambda: open_round(session, round_id=round_.id, at=now())) == [
        "Chưa đủ số đơn vị có mặt để mở vòng (0/1)."
    ]
    check_in(session, round_id=round_.id, unit_ids=[unit], at=now())
    open_round(session, round_id=round_.id, at=now())
    cast_ballot(session, round_id=round_.id, unit_id=unit, choice=agree(unit), at=now())
    assert json.loads(close_round(session, round_id=round_.id, at=now()))["winners"] == [unit]


def test_a_round_with_a_single_candidate(session):
    world = build_world(session)
    bloc, units = bloc_of(session, world, ["Sở Y tế", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"])
    nominee = units[0]
    one = replace(PRESETS[RoundKind.GOVERNMENT_FLAG], candidates=CandidateSource.CHOSEN, seats=1)
    assert said(lambda: create_round(session, bloc_id=bloc.id, year=YEAR, title="Cờ Chính phủ",
                                     settings=replace(one, seats=2), at=now(), chosen=[nominee])) == [
        "Số suất (2) lớn hơn số ứng viên (1)."
    ]  # fmt: skip
    round_ = create_round(session, bloc_id=bloc.id, year=YEAR, title="Cờ Chính phủ", settings=one, at=now(),
                          chosen=[nominee])  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    assert said(lambda: cast_ballot(session, round_id=round_.id, unit_id=nominee, choice=agree(nominee),
                                    at=now())) == ["Không được bỏ phiếu cho chính đơn vị mình ở vòng này."]  # fmt: skip
    cast_ballot(session, round_id=round_.id, unit_id=nominee, choice=Choice(), at=now())  # blank: counts as against
    for voter in units[1:3]:
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=agree(nominee), at=now())
    cast_ballot(session, round_id=round_.id, unit_id=units[3], choice=Choice(), at=now())
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    (candidate,) = result["candidates"]
    assert (candidate["votes"], result["collected"], result["winners"]) == (2, 4, [])  # 2 of 4 is not more than half
    pages = PdfReader(io.BytesIO(minutes_for_round(session, round_id=round_.id))).pages
    minutes = " ".join("".join(page.extract_text() for page in pages).split())
    assert "Sở Y tế" in minutes and "Kết quả trúng: không có đơn vị nào." in minutes
