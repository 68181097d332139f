"""Smaller items a new user found (issue 13, item 8): the ballot's instruction and the home
page's voting steps."""

import pytest

from tests.app.conftest import open_page
from tests.app.test_voting import open_flag_round


def test_the_ballot_says_how_many_units_in_plain_words(make_app, app_db):
    open_flag_round(app_db)  # two seats
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    lines = [m.value for m in at.markdown if "Chọn tối đa" in m.value]
    assert lines == ["Chọn tối đa 2 đơn vị (để trống là phiếu trắng)."]


@pytest.mark.parametrize(
    ("role", "steps"),
    [
        ("admin", ["Vòng bỏ phiếu", "Mã truy cập đại biểu", "Công bố", "Nhật ký kiểm toán"]),
        ("secretary", ["Vòng bỏ phiếu", "Tất cả có mặt", "phiếu giấy", "Trình chiếu"]),
        ("leader", ["Trình chiếu", "Kiểm tra biên nhận"]),
        ("delegate", ["Phiếu bầu", "mã biên nhận", "Kiểm tra biên nhận"]),
    ],
)
def test_home_says_where_voting_starts_for_each_role(make_app, role, steps):
    at = open_page(make_app(role=role).run(), "trang-chu")
    assert "Bỏ phiếu tại hội nghị" in [s.value for s in at.subheader]
    guide = next(m.value for m in at.markdown if "**1.**" in m.value or m.value.startswith("1."))
    for step in steps:
        assert step in guide, (role, step, guide)
