"""A bug in a page must not put Streamlit's English error box on a Vietnamese screen: the
user reads, in their language, that something went wrong and that nothing was saved, with a
reference that the operator finds in the log next to the traceback."""

import logging

import pytest

from db.models import Role
from manage.demo import facts
from services.access import passwords
from tests.app.conftest import logged_in_principal, open_page
from tests.app.test_province_proposals import add_account

ENGLISH = "This app has encountered an error"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def broken(*args, **kwargs):
    raise RuntimeError("a bug in a page")


@pytest.mark.parametrize("lang, expected", [("vi", "Đã xảy ra lỗi ngoài dự kiến"), ("en", "An unexpected error")])
def test_an_unexpected_error_is_told_in_the_users_language_and_logged(
    make_app, app_db, monkeypatch, caplog, lang, expected
):
    monkeypatch.setattr("pages.province_proposals.check_proposals", broken)
    add_account(app_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, facts.LAI_CHAU)  # not a demo account
    at = make_app(role=None, lang=lang)
    at.session_state["principal"] = logged_in_principal(app_db, "thuongtruc-lc")
    monkeypatch.delenv("THIDUA_DEMO", raising=False)  # production: no traceback on the screen
    monkeypatch.setenv("THIDUA_SECRET_KEY", "k" * 48)
    with caplog.at_level(logging.ERROR):
        at = open_page(at, "de-nghi-khen-thuong")
    assert not at.exception  # Streamlit's own (English) error box is not drawn
    shown = " ".join(e.value for e in at.error)
    assert expected in shown and ENGLISH not in shown
    reference = shown.rsplit(" ", 1)[-1].strip(".)")
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info and "a bug in a page" in str(logged[0].exc_info[1])
    assert at.sidebar  # the navigation is still there: the user can go elsewhere
