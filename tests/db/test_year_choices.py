"""The years a bloc's and a province's year pickers offer come from what is recorded."""

from db.models import BlocKind
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit
from services.year_choices import bloc_years, conference_years, province_years


def test_a_bloc_offers_its_member_years_and_a_province_every_year_since_its_first_unit(session):
    province = save_province(session=session, code="tb", name="Thái Bình")
    other = save_province(session=session, code="hy", name="Hưng Yên")
    bloc = save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind=BlocKind.BLOC)
    empty = save_bloc(session=session, province_id=province.id, name="Khối Kinh tế", kind=BlocKind.BLOC)
    assert province_years(session, province_id=province.id) == set()

    unit = create_unit(session=session, province_id=province.id, name="Sở Y tế", short_name="SYT", from_year=2018)
    create_unit(session=session, province_id=other.id, name="Sở Y tế", short_name="SYT", from_year=2001)
    for year in (2020, 2022):
        set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=year)

    assert bloc_years(session, bloc_id=bloc.id) == {2020, 2022}
    assert bloc_years(session, bloc_id=empty.id) == set()
    assert province_years(session, province_id=province.id) == {2018, 2019, 2020, 2021, 2022}  # not 2001: elsewhere
    assert {2020, 2022} <= conference_years(session)
