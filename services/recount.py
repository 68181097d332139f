"""Recount a published round from its export file alone: `python -m services.recount FILE`.

Prints the result as JSON (the same structure as the frozen result of the round:
each candidate's counts and pass/fail, the winners, each tie-break step, and the
runoff's candidates when the rules call for one). Exit code 2 when the file cannot
be read, is not JSON, or is not a ballot export of a known version.
See docs/ballot-export.md.
"""

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from services.voting.results import result_to_json
from services.voting.settings_codec import from_json
from services.voting.tally import Ballot, Candidate, Mark, tally

FORMAT = "thidua.ballot-export"
VERSIONS = {1}


class RecountError(ValueError):
    """The data is not a ballot export this program can read."""


def recount(data: dict) -> dict:
    """The result recomputed from an export (parsed JSON); raises RecountError on a bad export."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecountError(f"not a ballot export (expected format {FORMAT!r})")
    if not isinstance(data.get("version"), int) or data["version"] not in VERSIONS:
        raise RecountError(f"unknown export version {data.get('version')!r} (known: {sorted(VERSIONS)})")
    try:
        settings = from_json(json.dumps(data["settings"]))
        candidates = [
            Candidate(int(c["id"]), str(c["name"]), None if c["score"] is None else Decimal(str(c["score"])))
            for c in data["candidates"]
        ]
        ballots = [
            Ballot(valid=bool(b["valid"]), marks=tuple((int(cid), Mark(mark)) for cid, mark in b["marks"]))
            for b in data["ballots"]
        ]
        result = tally(
            settings,
            candidates,
            ballots,
            members=int(data["members"]),
            issued=int(data["issued"]),
            seed=str(data["draw_seed"]),
        )
    # A tampered file can put any JSON value anywhere: every way a value can be wrong is "malformed".
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError, InvalidOperation) as error:
        raise RecountError(f"malformed export: {error!r}") from None
    return json.loads(result_to_json(result))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m services.recount FILE", file=sys.stderr)
        return 2
    try:
        text = Path(args[0]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"recount: cannot read {args[0]}: {error}", file=sys.stderr)
        return 2
    try:
        result = recount(json.loads(text))
    except json.JSONDecodeError as error:
        print(f"recount: {args[0]} is not JSON: {error}", file=sys.stderr)
        return 2
    except RecountError as error:
        print(f"recount: {args[0]}: {error}", file=sys.stderr)
        return 2
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # names keep their diacritics whatever the locale
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
