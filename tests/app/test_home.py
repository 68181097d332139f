"""The entrypoint, navigation per role, the home page, and the language switch."""

import pytest

from tests.app.conftest import open_page


def texts(at) -> str:
    parts = [e.value for e in (*at.title, *at.markdown, *at.caption, *at.subheader, *at.error)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_home_renders_in_vietnamese_with_the_registry_counts(make_app):
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Thi đua: theo dõi và bình xét khối thi đua"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tỉnh"] == "2"
    assert metrics["Khối, cụm thi đua"] == "4"
    # 2026, the blocs as re-formed in 2025: culture 7 (Điện Biên) + 8 (Lai Châu), economy 5 + 5.
    assert metrics["Đơn vị thành viên năm 2026"] == "25"


def test_language_switch_turns_the_page_into_english_and_back(make_app):
    # "/" only sends a logged-in user on to /trang-chu (the browser's address follows); the
    # switch is used on the page the user sees. AppTest would ask for "/" again at every run.
    at = open_page(make_app().run(), "trang-chu")
    at.segmented_control(key="lang_switch").set_value("English").run()
    assert at.title[0].value == "Thi đua: emulation bloc tracking and peer evaluation"
    assert "Where to start" in texts(at)
    at.segmented_control(key="lang_switch").set_value("Tiếng Việt").run()
    assert at.title[0].value == "Thi đua: theo dõi và bình xét khối thi đua"
    assert "Bắt đầu từ đâu" in texts(at)
    assert "Where to start" not in texts(at)


@pytest.mark.parametrize(
    ("role", "guide"),
    [
        ("admin", "Danh mục khối, đơn vị"),
        ("secretary", "Thẩm định điểm"),
        ("leader", "Bảng điều khiển"),
        ("delegate", "Phiếu bầu"),
    ],
)
def test_each_role_is_told_where_to_go(make_app, role, guide):
    at = make_app(role=role).run()
    assert not at.exception
    assert guide in texts(at)


def test_admin_opens_the_registry_by_its_url(make_app):
    at = open_page(make_app(role="admin").run(), "danh-muc")
    assert not at.exception
    assert at.title[0].value == "Danh mục khối, đơn vị"


@pytest.mark.parametrize("role", ["secretary", "leader", "delegate"])
def test_other_roles_asking_for_the_registry_are_refused(make_app, role):
    at = open_page(make_app(role=role).run(), "danh-muc")
    assert not at.exception
    assert [e.value for e in at.error] == ["Bạn không có quyền mở trang này."]
    assert not at.title and not at.dataframe
