"""Chart subtitles fit a phone: Vega never wraps them, so they are given as lines."""

from components.charts import SUBTITLE_LINE, title


def test_a_long_subtitle_is_split_into_lines_that_fit_a_phone():
    note = "Màu đỏ: trúng. Đường đứt nét: cần ít nhất 5 phiếu để đạt, tính trên số phiếu thu vào"
    lines = title("Kết quả bỏ phiếu", note).to_dict()["subtitle"]
    assert isinstance(lines, list) and len(lines) >= 2
    assert all(len(line) <= SUBTITLE_LINE for line in lines)
    assert " ".join(lines) == note  # nothing lost, words kept whole


def test_a_short_subtitle_stays_one_line():
    assert title("Xếp hạng", "Điểm thẩm định").to_dict()["subtitle"] == "Điểm thẩm định"
