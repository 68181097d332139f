"""Which years a year picker offers and starts on (services/year_choices.py), by hand."""

from datetime import date

from services.year_choices import offered_years, starting_year

DECEMBER_2026 = date(2026, 12, 6)


def test_pages_that_create_a_new_year_also_offer_this_year_and_the_next_newest_first():
    assert offered_years({2017, 2015, 2016}, today=DECEMBER_2026, new_years=True) == [2027, 2026, 2017, 2016, 2015]
    assert offered_years({2026, 2025}, today=DECEMBER_2026, new_years=True) == [2027, 2026, 2025]


def test_pages_that_only_show_data_offer_only_the_years_with_data():
    assert offered_years({2015, 2026, 2020}, today=DECEMBER_2026, new_years=False) == [2026, 2020, 2015]
    assert offered_years(set(), today=DECEMBER_2026, new_years=False) == []


def test_years_outside_those_the_app_keeps_are_not_offered():
    assert offered_years({1999, 2100}, today=date(2100, 1, 1), new_years=True) == [2100]


def test_the_picker_starts_on_this_year_else_the_last_past_year_else_the_first_to_come():
    assert starting_year([2027, 2026, 2025], today=DECEMBER_2026) == 2026
    assert starting_year([2024, 2017], today=DECEMBER_2026) == 2024  # nothing this year yet: the last year
    assert starting_year([2029, 2028], today=DECEMBER_2026) == 2028
    assert starting_year([], today=DECEMBER_2026) is None
