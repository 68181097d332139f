"""One way to write a date on screen and in messages: dd/mm/yyyy, as Vietnamese offices do."""

from datetime import date

from services.clock import format_day


def test_a_day_is_written_day_month_year_with_leading_zeros():
    assert format_day(date(2026, 1, 5)) == "05/01/2026"
    assert format_day(date(2017, 12, 20)) == "20/12/2017"
    assert format_day(None) == ""
