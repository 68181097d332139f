"""Recount and verify a published round from its export file alone:
`python -m services.recount [--json] FILE` (docs/ballot-export.md).

Reads the file strictly (services.recount_format), checks every ballot and the receipt
hashes against the round's rules (services.recount_checks), recounts with the live
tally and compares the result with the file's `result` field by field
(services.recount_compare). Exit 0: every check passes and the result matches;
1: a rule is broken or the result differs (each one printed); 2: the file cannot be
read or is not a ballot export (one line on stderr). With --json the recomputed
result is printed as JSON on stdout and the verdict goes to stderr.
"""

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from locales import translate
from services.numbers import format_number
from services.recount_checks import broken_rules
from services.recount_compare import ABSENT, Difference, differences
from services.recount_format import Export, Message, RecountError, message, read_export
from services.voting.results import result_to_json
from services.voting.tally import Ballot, Candidate, Mark, tally

__all__ = ["RecountError", "Report", "main", "recount", "verify"]
SHOWN = 50  # problems printed before "… and N more"


@dataclass(frozen=True)
class Report:
    result: dict  # the recomputed result (the structure of the file's `result`)
    problems: list[Message]  # broken rules
    differences: list[Difference]  # between the file's result and the recount

    @property
    def ok(self) -> bool:
        return not self.problems and not self.differences


def recount(data: Any) -> dict:
    """The result recomputed from an export (parsed JSON); raises RecountError on a bad export."""
    return _recompute(read_export(data))


def verify(data: Any) -> Report:
    export = read_export(data)
    result = _recompute(export)
    return Report(result, broken_rules(export), differences(export.data["result"], result))


def _recompute(export: Export) -> dict:
    data = export.data
    candidates = [
        Candidate(c["id"], c["name"], None if c["score"] is None else Decimal(c["score"])) for c in data["candidates"]
    ]
    marks = {mark.value: mark for mark in Mark}
    # A mark that is not agree/disagree is a broken rule (reported): it cannot be counted.
    # An invalid ballot counts for nobody, whatever it carries.
    ballots = [
        Ballot(valid=True, marks=tuple((cid, marks[m]) for cid, m in b["marks"] if m in marks))
        if b["valid"]
        else Ballot(valid=False)
        for b in data["ballots"]
    ]
    result = tally(export.settings, candidates, ballots, members=data["members"], issued=data["issued"],
                   seed=data["draw_seed"])  # fmt: skip
    return json.loads(result_to_json(result))


def both(item: Message | Any) -> str:
    """A message in Vietnamese, then English: "OK: kết quả khớp / OK: result matches"."""
    return f"{_text(item, 'vi')} / {_text(item, 'en')}"


def _text(item: Message | Any, language: str) -> str:
    if isinstance(item, Message):
        return translate(language, item.key, **{k: _text(v, language) for k, v in item.params})
    if isinstance(item, int) and not isinstance(item, bool):
        return format_number(item, locale=language)
    return str(item)


def _value(value: Any, language: str) -> str:
    if value is ABSENT:
        return translate(language, "recount.absent")
    return json.dumps(value, ensure_ascii=False)


def _lines(report: Report) -> list[str]:
    if report.ok:
        r, names = report.result, {c["id"]: c["name"] for c in report.result["candidates"]}
        summary = message("recount.summary", collected=r["collected"], valid=r["valid"], invalid=r["invalid"])
        winners = "; ".join(names[w] for w in r["winners"]) or both(message("recount.nobody"))
        lines = [both(message("recount.ok")), both(summary), f"{both(message('recount.winners'))}: {winners}"]
        if r["runoff"]:
            runoff = "; ".join(names[c] for c in r["runoff"]["candidates"])
            lines.append(f"{both(message('recount.runoff'))}: {runoff}")
        return lines
    lines = [both(message("recount.mismatch", count=len(report.problems) + len(report.differences)))]
    lines += ["- " + both(problem) for problem in report.problems]
    for d in report.differences:
        lines.append(f"- {d.path}: " + " / ".join(
            translate(lang, "recount.difference", file=_value(d.file, lang), recount=_value(d.recount, lang))
            for lang in ("vi", "en")))  # fmt: skip
    if len(lines) > SHOWN + 1:
        lines = [*lines[: SHOWN + 1], both(message("recount.more", count=len(lines) - SHOWN - 1))]
    return lines


def _load(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RecountError("recount.fail.not_utf8") from None
    except OSError as error:
        raise RecountError("recount.fail.unreadable", reason=error.strerror or error.__class__.__name__) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecountError("recount.fail.not_json", line=error.lineno, column=error.colno) from None
    except (ValueError, RecursionError):  # too many digits in a number, nested too deep
        raise RecountError("recount.fail.not_json_plain") from None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # names keep their diacritics whatever the locale
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    as_json = "--json" in args
    files = [a for a in args if a != "--json"]
    if len(files) != 1 or files[0].startswith("-"):
        print(both(message("recount.usage")), file=sys.stderr)
        return 2
    try:
        report = verify(_load(files[0]))
    except RecountError as error:
        print(f"recount: {files[0]}: {both(error.message)}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(report.result, ensure_ascii=False, indent=2))
    print("\n".join(_lines(report)), file=sys.stderr if as_json else sys.stdout)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
