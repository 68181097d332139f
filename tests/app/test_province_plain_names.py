"""The proposals page shows names full of Markdown as plain text (the world and the checks
of tests/app/test_plain_names.py: a unit, a bloc and a round named with markup, the unit
proposed for the provincial flag by that round in 2026)."""

from tests.app.conftest import open_page
from tests.app.test_plain_names import BLOC, ROUND, UNIT, check_page, world  # noqa: F401 - world is a fixture


def test_the_proposals_page_and_its_dossier(make_app, world):  # noqa: F811
    at = make_app(role="admin")
    at.query_params.update({"tinh": "LCU", "nam": "2026"})
    check_page(open_page(at, "de-nghi-khen-thuong"), UNIT, BLOC, ROUND)
