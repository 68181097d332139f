"""A bloc's operating rules (quy chế hoạt động): the document the vote-count minutes cite as
the basis of a round's threshold, by number, date of issue and title."""

import re
from datetime import date

from sqlmodel import Session

from db.models import Bloc
from services.errors import Checker

# Day first, as Vietnamese documents write dates: 05/03/2024, 5/3/2024, 05-03-2024, 05.03.2024.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
EARLIEST, LATEST = 1945, 2100


def parse_day(check: Checker, field_name: str, text: str | None) -> date | None:
    """A date typed dd/mm/yyyy; blank is None; anything else is an error on `field_name`."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    match = _DAY_FIRST.fullmatch(cleaned)
    try:
        day = date(int(match[3]), int(match[2]), int(match[1])) if match else None
    except ValueError:  # 31/02/2024
        day = None
    if day is None or not EARLIEST <= day.year <= LATEST:
        check.add(field_name, "blocrules.bad_date", text=cleaned)
        return None
    return day


def save_bloc_rules(*, session: Session, bloc_id: int, number: str, issued: str, title: str) -> Bloc:
    """Sets (or clears, when blank) the rules' number, date (typed dd/mm/yyyy) and title."""
    check = Checker()
    number = check.text("rules_number", number, max_len=100, required=False)
    title = check.text("rules_title", title, max_len=300, required=False)
    day = parse_day(check, "rules_date", issued)
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        check.add("bloc", "error.not_found")
    check.raise_if_any()
    bloc.rules_number, bloc.rules_date, bloc.rules_title = number or None, day, title or None
    session.add(bloc)
    session.flush()
    return bloc
