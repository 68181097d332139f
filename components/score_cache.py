"""Cached score reads for pages, and the one switch that clears them after a write.

API (also for the dashboards):
- @score_cache(ttl=...) on a loader: st.cache_data with that ttl, registered so
  that clear_score_caches() clears it too. Arguments must be hashable ids, not
  sessions; return plain data (dataclasses, lists), never ORM objects.
- clear_score_caches(): clears this process's registered caches.

Writes go through components.change_sync.announce_change, which clears these caches
here and, on PostgreSQL, tells every other app process (LISTEN/NOTIFY) to clear its
own at its next run; the ttl is only a backstop.
"""

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.database import db_session
from db.models import Covenant
from services.scoring.covenants import CriterionLine, criteria
from services.scoring.queries import UnitTotal, unit_totals

DEFAULT_TTL = 60  # seconds
_REGISTERED: list[Any] = []


def score_cache(ttl: int = DEFAULT_TTL) -> Callable[[Callable], Callable]:
    def register(loader: Callable) -> Callable:
        cached = st.cache_data(ttl=ttl, show_spinner=False)(loader)
        _REGISTERED.append(cached)
        return cached

    return register


def clear_score_caches() -> None:
    for cached in _REGISTERED:
        cached.clear()


@score_cache()
def cached_unit_totals(covenant_id: int) -> list[UnitTotal]:
    """Every member unit of the covenant's bloc-year with state and totals, ranked."""
    with db_session() as session:
        covenant = session.get(Covenant, covenant_id)
        return unit_totals(session, covenant=covenant) if covenant else []


@score_cache()
def cached_criteria(covenant_id: int) -> list[CriterionLine]:
    with db_session() as session:
        return criteria(session, covenant_id=covenant_id)
