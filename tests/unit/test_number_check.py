"""check_number: what a person typed into a number field, accepted or refused with a reason.

Expected values are written by hand (how a Vietnamese reader reads the text), not computed
with the code under test.
"""

from decimal import Decimal

import pytest

from services.numbers import NumberError, check_number, format_for_input, number_message, parse_number

SCORE = {"minimum": 0, "maximum": 20, "decimals": 2}


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        ("1,5", SCORE, "1.5"),  # the decimal comma: one and a half, never 15
        ("1.5", SCORE, "1.5"),
        ("8,5", {"minimum": 0, "maximum": 10, "decimals": 2}, "8.5"),
        (" 20 ", SCORE, "20"),  # the maximum itself is allowed
        ("0", SCORE, "0"),
        ("18,25", SCORE, "18.25"),
        ("1,50", {"minimum": 0, "maximum": 20, "decimals": 1}, "1.5"),  # a trailing zero is not a digit that counts
        ("-2,5", {"minimum": -5, "maximum": 0, "decimals": 2}, "-2.5"),  # a deduction
        ("1000", {"minimum": 0, "maximum": 1000, "decimals": 2}, "1000"),  # a 1,000-point scale
        ("1.000,5", {}, "1000.5"),
        ("2026", {"minimum": 2000, "maximum": 2100, "decimals": 0}, "2026"),
        ("2026,0", {"minimum": 2000, "maximum": 2100, "decimals": 0}, "2026"),
    ],
)
def test_accepted(text, limits, expected):
    assert check_number(text, **limits) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "limits", "key"),
    [
        ("", SCORE, "number.required"),
        ("   ", SCORE, "number.required"),
        ("", {"minimum": 1, "maximum": 50, "decimals": 0}, "number.required_whole"),
        ("abc", SCORE, "number.not_a_number"),
        ("1,5,", SCORE, "number.not_a_number"),
        ("1,5 điểm", SCORE, "number.not_a_number"),
        ("hai", {"decimals": 0}, "number.not_a_whole_number"),
        ("1.000", {}, "number.ambiguous"),  # one thousand, or one?
        ("12,500", {}, "number.ambiguous"),
        ("2.026", {"minimum": 2000, "maximum": 2100, "decimals": 0}, "number.ambiguous_whole"),
        ("25", SCORE, "number.out_of_range"),
        ("20,01", SCORE, "number.out_of_range"),
        ("-1", SCORE, "number.out_of_range"),
        ("-6", {"minimum": -5, "maximum": 0, "decimals": 2}, "number.out_of_range"),
        ("0", {"minimum": 1}, "number.too_small"),
        ("51", {"maximum": 50}, "number.too_large"),
        ("12,125", SCORE, "number.decimals"),
        ("1,125", SCORE, "number.decimals"),  # ambiguous in general, but only the decimal reading is Vietnamese
        ("2,5", {"minimum": 0, "maximum": 50, "decimals": 0}, "number.whole"),
    ],
)
def test_refused_with_a_reason(text, limits, key):
    with pytest.raises(NumberError) as refused:
        check_number(text, **limits)
    assert refused.value.key == key


def test_an_empty_optional_field_is_none():
    assert check_number("", minimum=0, maximum=20, required=False) is None
    assert check_number(None, required=False) is None


@pytest.mark.parametrize(
    ("text", "limits", "language", "message"),
    [
        ("25", SCORE, "vi", "Số phải từ 0 đến 20."),
        ("25", SCORE, "en", "The number must be between 0 and 20."),
        ("1.000", {}, "vi", "Số 1.000 có thể hiểu là 1000 hoặc 1: viết 1000 hoặc 1,0."),
        ("1.000", {}, "en", "1.000 could mean 1000 or 1: write 1000 or 1.0."),
        ("12,500", {}, "vi", "Số 12,500 có thể hiểu là 12500 hoặc 12,5: viết 12500 hoặc 12,5."),
        ("abc", SCORE, "vi", "“abc” không phải là số: nhập số, ví dụ 1,5."),
        ("", SCORE, "vi", "Chưa nhập số: nhập số, ví dụ 1,5."),
        ("-6", {"minimum": Decimal("-5.5"), "maximum": 0}, "vi", "Số phải từ -5,5 đến 0."),
        ("2000", {"minimum": 0, "maximum": 1000}, "vi", "Số phải từ 0 đến 1.000."),
        ("12,125", SCORE, "vi", "Tối đa 2 chữ số sau dấu phẩy."),
        ("2.026", {"decimals": 0}, "vi", "Số 2.026 có thể hiểu là 2026: viết 2026, không dùng dấu chấm hay dấu phẩy."),
    ],
)
def test_messages_say_the_numbers_the_readers_way(text, limits, language, message):
    with pytest.raises(NumberError) as refused:
        check_number(text, **limits)
    assert number_message(refused.value, language=language) == message


def test_a_field_can_word_the_range_its_own_way():
    with pytest.raises(NumberError) as refused:
        check_number("25", **SCORE)
    assert number_message(refused.value, key="number.score_range") == "Điểm phải từ 0 đến 20."


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (Decimal("1000"), "vi", "1000"),  # never "1.000": that would be refused when saved back
        (Decimal("18.50"), "vi", "18,5"),
        (Decimal("18.50"), "en", "18.5"),
        (Decimal("-2.25"), "vi", "-2,25"),
        (2026, "vi", "2026"),
        (7.1, "vi", "7,1"),
        (Decimal("1234.5"), "vi", "1234,5"),
    ],
)
def test_a_shown_value_reads_back_as_itself(value, language, shown):
    assert format_for_input(value, locale=language) == shown
    assert parse_number(shown) == Decimal(str(value))


def test_years_are_written_without_a_thousands_mark():
    with pytest.raises(NumberError) as refused:
        check_number("20266", minimum=2000, maximum=2100, decimals=0)
    assert number_message(refused.value, key="number.year_range", grouping=False) == "Năm phải từ 2000 đến 2100."
    assert number_message(refused.value, key="number.year_range") == "Năm phải từ 2.000 đến 2.100."
