"""The official parts of the voting documents, checked against hand-written expectations:
the issuing body, dates in words, the threshold in plain Vietnamese, the legal basis, and
one signature for each member of the counting committee."""

from dataclasses import replace
from datetime import date
from fractions import Fraction
from types import SimpleNamespace

import pytest

from db.models import BlocKind
from services.voting.document_parts import bloc_title, parent_body, place_date, province_phrase, rules_basis, vn_date
from services.voting.minutes_content import rule_text, share_text, signatures_of, split_member
from services.voting.rules import PRESETS, Comparison, RoundKind, ThresholdBase


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Khối Văn hóa – Xã hội", BlocKind.BLOC, "Khối thi đua Văn hóa – Xã hội"),
        ("Khối thi đua Văn hóa – Xã hội", BlocKind.BLOC, "Khối thi đua Văn hóa – Xã hội"),
        ("khối: Kinh tế – Tổng hợp", BlocKind.BLOC, "Khối thi đua Kinh tế – Tổng hợp"),
        ("Văn hóa – Xã hội", BlocKind.BLOC, "Khối thi đua Văn hóa – Xã hội"),
        ("Cụm số 1", BlocKind.CLUSTER, "Cụm thi đua số 1"),
        ("Số 2", BlocKind.CLUSTER, "Cụm thi đua Số 2"),
        ("Cụm thi đua số 3", BlocKind.BLOC, "Cụm thi đua số 3"),  # the name's own word wins over the kind
        ("Khối Khoa giáo", BlocKind.BLOC, "Khối thi đua Khoa giáo"),  # "Kho…" is not "Khối"
    ],
)
def test_the_bloc_is_named_once_with_its_kind(name, kind, expected):
    assert bloc_title(name, kind) == expected
    assert bloc_title(name, kind).upper().count("KHỐI") <= 1


def test_the_issuing_body_sits_under_the_provincial_peoples_committee():
    assert parent_body("Lai Châu") == "UBND TỈNH LAI CHÂU"
    assert parent_body("Tỉnh Điện Biên") == "UBND TỈNH ĐIỆN BIÊN"
    assert parent_body("Thành phố Huế") == "UBND THÀNH PHỐ HUẾ"
    assert province_phrase("Lai Châu") == "tỉnh Lai Châu"
    assert bloc_title("Khối Văn hóa – Xã hội").upper() == "KHỐI THI ĐUA VĂN HÓA – XÃ HỘI"


def test_dates_in_words_pad_small_days_and_the_first_two_months():
    assert vn_date(date(2017, 12, 12)) == "ngày 12 tháng 12 năm 2017"
    assert vn_date(date(2018, 2, 5)) == "ngày 05 tháng 02 năm 2018"
    assert vn_date(date(2018, 3, 9)) == "ngày 09 tháng 3 năm 2018"


def test_the_place_and_date_line_is_in_vietnam_time():
    from datetime import UTC, datetime

    # 20:00 UTC on 11 December is already 12 December, 03:00, in Vietnam (UTC+7).
    assert place_date("Lai Châu", datetime(2017, 12, 11, 20, 0, tzinfo=UTC)) == "Lai Châu, ngày 12 tháng 12 năm 2017"
    assert place_date("Tỉnh Lai Châu", None) == "Lai Châu, ngày …… tháng …… năm ……"


@pytest.mark.parametrize(
    ("comparison", "threshold", "base", "expected"),
    [
        (Comparison.MORE_THAN, Fraction(1, 2), ThresholdBase.COLLECTED, "đạt trên 1/2 tổng số phiếu thu vào"),
        (Comparison.AT_LEAST, Fraction(2, 3), ThresholdBase.ENTITLED, "đạt từ 2/3 tổng số thành viên trở lên"),
        (Comparison.AT_LEAST, Fraction(7, 10), ThresholdBase.VALID, "đạt từ 70 % tổng số phiếu hợp lệ trở lên"),
        (Comparison.MORE_THAN, Fraction(9, 10), ThresholdBase.ENTITLED, "đạt trên 90 % tổng số thành viên"),
    ],
)
def test_the_rule_reads_as_natural_vietnamese(comparison, threshold, base, expected):
    settings = replace(PRESETS[RoundKind.CUSTOM], comparison=comparison, threshold=threshold, base=base)
    text = rule_text(settings)
    assert text == expected
    assert "(>)" not in text and "(≥)" not in text and "Trên" not in text


def test_a_threshold_that_is_no_simple_fraction_prints_as_a_vietnamese_percentage():
    assert share_text(Fraction(3, 4)) == "3/4"
    assert share_text(Fraction(133, 200)) == "66,50 %"
    assert share_text(Fraction(1)) == "100 %"


def test_every_committee_member_signs_and_the_secretary_always_has_a_place():
    committee = ("Lò Thị Hương – Trưởng ban", "Nguyễn Văn Bình – Ủy viên", "Tẩn Thị Mai - Thành viên", "Ông Vàng")
    assert split_member("Lò Thị Hương – Trưởng ban") == ("Lò Thị Hương", "Trưởng ban")
    assert split_member("Ông Vàng") == ("Ông Vàng", "")
    signatures = signatures_of(committee)
    assert [(s.titles, s.name) for s in signatures] == [
        (("THƯ KÝ",), ""),  # nobody was named secretary: a blank signature to fill by hand
        (("TRƯỞNG BAN KIỂM PHIẾU",), "Lò Thị Hương"),
        (("THÀNH VIÊN",), "Nguyễn Văn Bình"),
        (("THÀNH VIÊN",), "Tẩn Thị Mai"),
        (("THÀNH VIÊN",), "Ông Vàng"),
    ]
    named = signatures_of(("A – Thư ký (minh họa)", "B – Phó trưởng ban"))
    assert [(s.titles[0], s.name) for s in named] == [("THƯ KÝ", "A"), ("PHÓ TRƯỞNG BAN", "B")]


def test_the_legal_basis_cites_the_blocs_operating_rules_or_leaves_blanks():
    bloc = SimpleNamespace(
        name="Khối Văn hóa – Xã hội",
        kind=BlocKind.BLOC,
        rules_number="01/QC-KTĐVHXH",
        rules_date=date(2017, 3, 15),
        rules_title="Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội tỉnh Lai Châu",
    )
    assert rules_basis(bloc) == (
        "Căn cứ Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội tỉnh Lai Châu số 01/QC-KTĐVHXH ngày 15/03/2017;"
    )
    bare = SimpleNamespace(name="Khối Văn hóa – Xã hội", kind=BlocKind.BLOC)  # before the columns exist
    assert rules_basis(bare) == "Căn cứ Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội số …………… ngày ……/……/………;"


def test_table_columns_fit_the_text_width_even_when_crowded():
    from services.voting.document_parts import Table, column_widths

    headings = ("TT", "Đơn vị", "Đồng ý", "Không đồng ý", "Để trống", "Tỷ lệ", "Xếp hạng", "Kết quả")
    rows = (("1.000", "Đ" * 200, "1.020.000", "1.020.000", "1.020.000", "100,00 %", "1.000", "Trúng"),)
    widths = column_widths(Table(headings, rows), total_mm=165, padding_mm=5, size=12)
    assert sum(widths) <= 165 + 1e-9 and min(widths) > 0
    short = column_widths(
        Table(("TT", "Đơn vị", "Số phiếu"), (("1", "Sở Y tế", "7"),)), total_mm=165, padding_mm=4, size=12
    )
    assert abs(sum(short) - 165) < 1e-9 and short[1] == max(short)  # the unit column takes the rest


@pytest.mark.parametrize("kind", list(RoundKind))
def test_the_minutes_say_what_every_kind_of_round_votes_on(kind):
    import json

    from services.voting.minutes_content import MinutesInput, build_minutes

    result = {"members": 3, "issued": 3, "collected": 3, "valid": 3, "invalid": 0, "base_value": 3, "required": 2,
              "winners": [], "candidates": [], "tie_steps": [], "runoff": None}  # fmt: skip
    data = MinutesInput(province="Lai Châu", bloc="Khối Văn hóa – Xã hội", round_title="Vòng X", year=2017,
                        started_at=None, settings=PRESETS[kind], result_json=json.dumps(result), digest="")  # fmt: skip
    opening = build_minutes(data).opening[0]
    assert "minutes." not in opening and opening.endswith(".")
    if kind in (RoundKind.CHAIR, RoundKind.CHAIR_CONFIRM):
        assert "Trưởng khối năm 2018" in opening
