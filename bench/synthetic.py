"""The rows of one synthetic province for bench/generate.py, as plain tuples.

Ids are handed out here (continuing after the database's largest) so that a whole
province can be written with COPY or executemany without a round trip per row.
"""

import random
from dataclasses import dataclass, field
from typing import Any

UPDATED_AT = "2025-12-31 00:00:00.000000"
NOTE = "Dữ liệu mô phỏng (bench)"
DEPARTMENTS = [
    ("Sở Tài chính", "Sở TC"), ("Sở Y tế", "Sở YT"), ("Sở Xây dựng", "Sở XD"), ("Sở Công Thương", "Sở CT"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"), ("Sở Nội vụ", "Sở NV"), ("Sở Tư pháp", "Sở TP"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"), ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"), ("Bảo hiểm xã hội tỉnh", "BHXH"),
    ("Đài Phát thanh – Truyền hình", "Đài PT-TH"),
]  # fmt: skip
COLUMNS = {
    "province": ("id", "code", "name"),
    "bloc": ("id", "province_id", "name", "kind"),
    "unit": ("id", "province_id", "merged_into_id"),
    "unitname": ("id", "unit_id", "from_year", "name", "short_name"),
    "membership": ("id", "bloc_id", "unit_id", "year"),
    "leadershipterm": ("id", "bloc_id", "unit_id", "year", "role"),
    "covenant": ("id", "bloc_id", "year", "title"),
    "criteriagroup": ("id", "covenant_id", "position", "name"),
    "criterion": ("id", "group_id", "position", "name", "kind", "max_points"),
    "scoresheet": ("id", "unit_id", "covenant_id", "state", "return_reason", "updated_at"),
    "score": ("id", "sheet_id", "criterion_id", "self_score", "verified_score"),
    "award": ("id", "year", "kind", "status", "unit_id", "person_name", "bloc_id", "decision_ref", "note"),
}
CURRENT_YEAR_STATES = ["verified", "submitted", "returned", "draft", "locked"]


@dataclass
class Rows:
    next_ids: dict[str, int]
    columns: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(COLUMNS))
    values: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def add(self, table: str, *values: Any) -> int:
        row_id = self.next_ids[table]
        self.next_ids[table] += 1
        self.values[table].append((row_id, *values))
        return row_id


def criteria_plan(count: int) -> list[tuple[int, str, float]]:
    """(group position, kind, max points): normal criteria worth 100 in all, then 2 bonus
    and 2 deduction items when there are at least 8 criteria; groups of five."""
    extras = [("bonus", 10.0), ("bonus", 5.0), ("deduction", 5.0), ("deduction", 10.0)] if count >= 8 else []
    normal = count - len(extras)
    points = [round(100 / normal * 2) / 2] * normal
    points[-1] = 100 - sum(points[:-1])
    plan = [("normal", p) for p in points] + extras
    return [(i // 5, kind, max_points) for i, (kind, max_points) in enumerate(plan)]


def _half(value: float) -> float:
    return round(value * 2) / 2


def province_rows(index: int, shape, rng: random.Random, next_ids: dict[str, int], *, code: str) -> Rows:
    rows = Rows(next_ids)
    years = list(range(shape.first_year, shape.first_year + shape.years))
    middle, last = years[len(years) // 2], years[-1]
    province = rows.add("province", code, f"Tỉnh mô phỏng {index + 1:02d}")
    plan = criteria_plan(shape.criteria)
    for b in range(shape.blocs):
        bloc = rows.add("bloc", province, f"Khối thi đua {b + 1:02d}", "cluster" if b % 5 == 4 else "bloc")
        units = []
        for u in range(shape.units + 1):  # one extra: it joins in the middle year
            unit = rows.add("unit", province, None)
            name, short = DEPARTMENTS[u % len(DEPARTMENTS)]
            suffix = f" {b + 1:02d}.{u + 1:02d}"
            rows.add("unitname", unit, years[0], name + suffix, short + suffix)
            if u == 0 and len(years) > 2:  # renamed: the past keeps the old name
                rows.add("unitname", unit, years[2], f"{name} (tên mới){suffix}", f"{short} mới{suffix}")
            units.append({"id": unit, "ability": rng.uniform(0.6, 0.95)})
        leaving, joining = units[-2], units[-1]
        for position, year in enumerate(years):
            members = units[:-2] + ([leaving] if year < middle else [joining])
            _bloc_year(rows, rng, bloc, year, position, members, plan, current=year == last)
        if len(years) > 1:
            _merge(rows, leaving["id"], into=units[0]["id"])
    return rows


def _merge(rows: Rows, unit: int, *, into: int) -> None:
    table = rows.values["unit"]
    at = next(i for i, row in enumerate(table) if row[0] == unit)
    table[at] = (unit, table[at][1], into)


def _bloc_year(rows: Rows, rng, bloc: int, year: int, position: int, members: list[dict], plan, *, current: bool):
    for member in members:
        rows.add("membership", bloc, member["id"], year)
    size = len(members)
    rows.add("leadershipterm", bloc, members[position % size]["id"], year, "chair")
    if size > 1:
        rows.add("leadershipterm", bloc, members[(position + 1) % size]["id"], year, "deputy")
    covenant = rows.add("covenant", bloc, year, f"Giao ước thi đua năm {year}")
    criteria = []
    for group in sorted({g for g, _, _ in plan}):
        group_id = rows.add("criteriagroup", covenant, group, f"Nhóm tiêu chí {group + 1}")
        for offset, (kind, max_points) in enumerate(p[1:] for p in plan if p[0] == group):
            criterion = rows.add("criterion", group_id, offset, f"Tiêu chí {group + 1}.{offset + 1}", kind, max_points)
            criteria.append((criterion, kind, max_points))
    totals = {}
    for rank, member in enumerate(members):
        state = CURRENT_YEAR_STATES[rank % len(CURRENT_YEAR_STATES)] if current else "locked"
        reason = "Thiếu minh chứng (mô phỏng)" if state == "returned" else None
        sheet = rows.add("scoresheet", member["id"], covenant, state, reason, UPDATED_AT)
        quality = min(1.0, max(0.3, member["ability"] + rng.gauss(0, 0.04)))
        total = 0.0
        for criterion, kind, max_points in criteria:
            if kind == "normal":
                verified = _half(max_points * min(1.0, max(0.0, quality + rng.uniform(-0.05, 0.05))))
                own = min(max_points, verified + rng.choice((0.0, 0.0, 0.5, 1.0)))
            elif kind == "bonus":
                verified = own = max_points if rng.random() < quality / 4 else 0.0
            else:
                verified = own = -max_points / 2 if rng.random() < (1 - quality) / 3 else 0.0
            total += verified
            rows.add("score", sheet, criterion, own, verified if state in ("verified", "locked") else None)
        totals[member["id"]] = total
    if not current:
        _awards(rows, bloc, year, totals)


def _awards(rows: Rows, bloc: int, year: int, totals: dict[int, float]) -> None:
    ranked = sorted(totals, key=lambda unit: (-totals[unit], unit))
    decision = f"Quyết định khen thưởng năm {year} (mô phỏng)"
    for unit in ranked[:1]:
        rows.add("award", year, "provincial_flag", "approved", unit, None, bloc, decision, NOTE)
    for unit in ranked[1:3]:
        rows.add("award", year, "certificate_of_merit", "approved", unit, None, bloc, decision, NOTE)
    if year % 3 == 0 and ranked:
        rows.add("award", year, "labour_order", "approved", ranked[0], "Cá nhân mô phỏng", None, decision, NOTE)
