"""A verified sum over only some criteria is marked as partial (issue 13, item 8): on the
verification page's ranking table and on the unit's own sheet."""

from decimal import Decimal

from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import CriterionKind, Score, ScoreSheet
from tests.app.conftest import open_page
from tests.app.test_scoring import SELF, VERIFY, demo_unit, metric


def _verify_some(url: str, how_many: int) -> tuple[int, str]:
    """daibieu's 2026 draft sheet: a verified score on its first normal criteria only."""
    unit_id, covenant_id, lines = demo_unit(url)
    normal = [line for line in lines if line.kind == CriterionKind.NORMAL]
    engine = make_engine(url)
    with session_scope(engine) as session:
        sheet = session.exec(
            select(ScoreSheet).where(ScoreSheet.unit_id == unit_id, ScoreSheet.covenant_id == covenant_id)
        ).one()
        scores = {s.criterion_id: s for s in session.exec(select(Score).where(Score.sheet_id == sheet.id))}
        for line in normal:
            scores[line.id].verified_score = None
        for line in normal[:how_many]:
            scores[line.id].verified_score = Decimal("5")
        session.add_all(scores.values())
    engine.dispose()
    return unit_id, f"{how_many}/{len(normal)}"


def test_the_ranking_table_marks_a_partial_verified_sum(make_app, app_db):
    _, share = _verify_some(app_db, 3)
    at = open_page(make_app(role="secretary").run(), VERIFY)
    table = at.dataframe[0].value
    row = table[table["Đơn vị"] == "Sở Khoa học và Công nghệ"].iloc[0]
    assert row["Thẩm định"] == 15  # still a number, so the column sorts
    assert row["Ghi chú thẩm định"] == f"Chưa đủ: {share} tiêu chí đã thẩm định"
    complete = table[table["Đơn vị"] != "Sở Khoa học và Công nghệ"]
    assert set(complete["Ghi chú thẩm định"]) <= {"", None}


def test_the_unit_sees_its_verified_sum_is_partial(make_app, app_db):
    _verify_some(app_db, 3)
    at = open_page(make_app(role="delegate").run(), SELF)
    assert metric(at, "Tổng điểm thẩm định") == "15 (chưa đủ)"
