"""Registry services: validation in Vietnamese message keys, and history kept."""

import pytest

from db.models import BlocKind, LeadershipRole
from services.errors import ValidationFailed
from services.registry.membership import leadership_history, members, set_leader, set_membership
from services.registry.places import list_blocs, save_bloc, save_province
from services.registry.units import create_unit, list_units, name_history, names_in_year, rename_unit


def errors_of(call) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return {(e.field, e.key) for e in info.value.errors}


@pytest.fixture()
def province(session):
    return save_province(session=session, code="tb", name="  Thái   Bình ")


@pytest.fixture()
def two_blocs(session, province):
    return (
        save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind=BlocKind.BLOC),
        save_bloc(session=session, province_id=province.id, name="Khối Kinh tế", kind=BlocKind.BLOC),
    )


def test_province_is_cleaned_and_duplicates_refused(session, province):
    assert (province.code, province.name) == ("TB", "Thái Bình")
    found = errors_of(lambda: save_province(session=session, code="TB", name="Thái Bình"))
    assert found == {("code", "error.duplicate"), ("name", "error.duplicate")}


def test_empty_and_too_long_fields_report_every_problem_at_once(session):
    found = errors_of(lambda: save_province(session=session, code="", name="x" * 121))
    assert found == {("code", "error.required"), ("name", "error.too_long")}


def test_editing_a_province_keeps_its_id_and_may_keep_its_own_name(session, province):
    edited = save_province(session=session, province_id=province.id, code="TB", name="Thái Bình mới")
    assert edited.id == province.id and edited.name == "Thái Bình mới"


def test_bloc_names_are_unique_in_a_province_ignoring_case(session, province, two_blocs):
    found = errors_of(
        lambda: save_bloc(session=session, province_id=province.id, name="khối kinh tế", kind=BlocKind.BLOC)
    )
    assert found == {("name", "error.duplicate")}
    assert [b.name for b in list_blocs(session, province_id=province.id)] == ["Khối Kinh tế", "Khối Văn hóa – Xã hội"]


def test_bloc_needs_an_existing_province(session):
    assert ("province", "error.not_found") in errors_of(
        lambda: save_bloc(session=session, province_id=987654, name="Khối X", kind=BlocKind.CLUSTER)
    )


def test_renaming_a_unit_keeps_its_old_name_for_past_years(session, province):
    unit = create_unit(session=session, province_id=province.id, name="Sở Lao động", short_name="LĐ", from_year=2015)
    rename_unit(session=session, unit_id=unit.id, name="Sở Nội vụ", short_name="NV", from_year=2025)
    assert names_in_year(session, year=2020, unit_ids=[unit.id])[unit.id].name == "Sở Lao động"
    assert names_in_year(session, year=2025, unit_ids=[unit.id])[unit.id].name == "Sở Nội vụ"
    assert [h.name for h in name_history(session, unit_id=unit.id)] == ["Sở Lao động", "Sở Nội vụ"]
    assert [u.name for u in list_units(session, province_id=province.id, year=2016)] == ["Sở Lao động"]


def test_unit_year_out_of_range_is_refused(session, province):
    found = errors_of(
        lambda: create_unit(session=session, province_id=province.id, name="Sở X", short_name="", from_year=1800)
    )
    assert found == {("from_year", "error.year_range")}


def test_moving_a_unit_changes_only_the_chosen_year(session, province, two_blocs):
    culture, economy = two_blocs
    unit = create_unit(session=session, province_id=province.id, name="Sở Y tế", short_name="YT", from_year=2015)
    for year in (2019, 2020):
        set_membership(session=session, unit_id=unit.id, bloc_id=culture.id, year=year)
    set_membership(session=session, unit_id=unit.id, bloc_id=economy.id, year=2020)
    assert [m.name for m in members(session, bloc_id=culture.id, year=2019)] == ["Sở Y tế"]
    assert members(session, bloc_id=culture.id, year=2020) == []
    assert [m.name for m in members(session, bloc_id=economy.id, year=2020)] == ["Sở Y tế"]


def test_membership_before_the_unit_existed_is_refused(session, province, two_blocs):
    unit = create_unit(session=session, province_id=province.id, name="Sở Mới", short_name="M", from_year=2024)
    found = errors_of(lambda: set_membership(session=session, unit_id=unit.id, bloc_id=two_blocs[0].id, year=2020))
    assert found == {("year", "error.unit_not_yet")}


def test_membership_across_provinces_is_refused(session, province, two_blocs):
    other = save_province(session=session, code="HN", name="Hà Nội")
    unit = create_unit(session=session, province_id=other.id, name="Sở A", short_name="A", from_year=2015)
    found = errors_of(lambda: set_membership(session=session, unit_id=unit.id, bloc_id=two_blocs[0].id, year=2020))
    assert found == {("bloc", "error.other_province")}


def test_chair_must_be_a_member_and_not_the_deputy(session, province, two_blocs):
    bloc = two_blocs[0]
    a = create_unit(session=session, province_id=province.id, name="Đơn vị A", short_name="A", from_year=2015)
    b = create_unit(session=session, province_id=province.id, name="Đơn vị B", short_name="B", from_year=2015)
    set_membership(session=session, unit_id=a.id, bloc_id=bloc.id, year=2021)
    assert errors_of(
        lambda: set_leader(session=session, bloc_id=bloc.id, year=2021, role=LeadershipRole.CHAIR, unit_id=b.id)
    ) == {("unit", "error.not_member")}
    set_leader(session=session, bloc_id=bloc.id, year=2021, role=LeadershipRole.CHAIR, unit_id=a.id)
    assert errors_of(
        lambda: set_leader(session=session, bloc_id=bloc.id, year=2021, role=LeadershipRole.DEPUTY, unit_id=a.id)
    ) == {("unit", "error.chair_is_deputy")}
    history = leadership_history(session, bloc_id=bloc.id)
    assert [(h.year, h.role, h.unit_name) for h in history] == [(2021, LeadershipRole.CHAIR, "Đơn vị A")]


def test_leaving_a_bloc_ends_the_chair_term_of_that_year_only(session, province, two_blocs):
    culture, economy = two_blocs
    unit = create_unit(session=session, province_id=province.id, name="Đơn vị A", short_name="A", from_year=2015)
    for year in (2021, 2022):
        set_membership(session=session, unit_id=unit.id, bloc_id=culture.id, year=year)
        set_leader(session=session, bloc_id=culture.id, year=year, role=LeadershipRole.CHAIR, unit_id=unit.id)
    set_membership(session=session, unit_id=unit.id, bloc_id=economy.id, year=2022)
    assert [h.year for h in leadership_history(session, bloc_id=culture.id)] == [2021]
