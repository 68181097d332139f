"""Score tables: numbers shown the Vietnamese way while the cells stay numbers (they sort as numbers)."""

from decimal import Decimal

from components.scoring.tables import score_table

ROWS = [
    {"Đơn vị": "Sở Y tế", "Hạng": 1, "Tự chấm": Decimal("94.50"), "Thẩm định": Decimal("1000.25")},
    {"Đơn vị": "Báo Lai Châu", "Hạng": None, "Tự chấm": Decimal("72"), "Thẩm định": None},
]


def test_scores_read_the_vietnamese_way_and_stay_numbers():
    table = score_table(ROWS, ["Tự chấm", "Thẩm định"])
    shown = [line.split() for line in table.to_string(delimiter=" ").splitlines()[1:]]
    # An empty rank is drawn by st.dataframe's placeholder ("—"); pandas writes it <NA> here.
    assert [row[-3:] for row in shown] == [["1", "94,5", "1.000,25"], ["<NA>", "72", "—"]]
    assert table.data["Tự chấm"].tolist() == [94.5, 72.0]  # sorting compares numbers: 94,5 > 72
    assert str(table.data["Hạng"].dtype) == "Int64"  # a rank with gaps is not drawn as 1.000000


def test_an_empty_table_is_drawn_empty():
    assert score_table([], ["Tự chấm"]).data.empty
