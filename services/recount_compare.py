"""The file's `result` against the recomputed one, field by field.

Values are equal only when they are the same JSON value of the same type (1 is not
true, 3 is not 3.0, "8/10" is not "4/5"). Candidates are matched by id, so a changed
vote names the candidate (`result.candidates[id=12].votes`); their order (the ranking)
is compared as a list of ids. Other lists of objects are compared item by item.
"""

from dataclasses import dataclass
from typing import Any

ABSENT = object()  # a field one side has and the other has not


@dataclass(frozen=True)
class Difference:
    path: str
    file: Any  # ABSENT when the file lacks the field
    recount: Any  # ABSENT when the recount has no such field


def differences(file: Any, recount: Any, path: str = "result") -> list[Difference]:
    if isinstance(file, dict) and isinstance(recount, dict):
        found = []
        for key in sorted(file.keys() | recount.keys(), key=str):
            found += differences(file.get(key, ABSENT), recount.get(key, ABSENT), f"{path}.{key}")
        return found
    if _keyed_by_id(file) and _keyed_by_id(recount):
        return _by_id(file, recount, path)
    if _objects(file) and _objects(recount):
        found = []
        for index in range(max(len(file), len(recount))):
            left = file[index] if index < len(file) else ABSENT
            right = recount[index] if index < len(recount) else ABSENT
            found += differences(left, right, f"{path}[{index}]")
        return found
    return [] if _same(file, recount) else [Difference(path, file, recount)]


def _by_id(file: list[dict], recount: list[dict], path: str) -> list[Difference]:
    found = []
    file_ids, recount_ids = [c["id"] for c in file], [c["id"] for c in recount]
    if file_ids != recount_ids:
        found.append(Difference(f"{path}[*].id", file_ids, recount_ids))
    by_id = {c["id"]: c for c in file}
    for candidate in recount:
        found += differences(by_id.pop(candidate["id"], ABSENT), candidate, f"{path}[id={candidate['id']}]")
    for cid, candidate in by_id.items():
        found.append(Difference(f"{path}[id={cid}]", candidate, ABSENT))
    return found


def _objects(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _keyed_by_id(value: Any) -> bool:
    """A list of objects each with a distinct integer id (the candidates)."""
    if not _objects(value):
        return False
    ids = [item.get("id") for item in value]
    return all(type(i) is int for i in ids) and len(set(ids)) == len(ids)


def _same(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    return left == right
