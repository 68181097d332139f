"""Cached reads for the dashboards, shared by every session of this process.

Arguments are ids and years only: whatever depends on who is looking (scope,
language) is applied by the page after the cache. Scores change rarely and in
bursts, so a 10-minute ttl bounds staleness for other processes. The loaders are
registered with components.score_cache, so every score write (which calls
clear_score_caches()) clears them too and this process shows the new ranking at once;
other writes (awards, members, chairs) must call clear_dashboard_caches().
"""

from components.database import db_session
from components.score_cache import score_cache
from services.dashboards.bloc_history import BlocHistory, bloc_history
from services.dashboards.bloc_overview import BlocYear, bloc_year
from services.dashboards.heatmap import Heatmap, criteria_heatmap
from services.dashboards.province_overview import ProvinceYear, province_year
from services.dashboards.unit_profile import UnitProfile, unit_profile

TTL_SECONDS = 600


@score_cache(ttl=TTL_SECONDS)
def cached_bloc_year(bloc_id: int, year: int) -> BlocYear:
    with db_session() as session:
        return bloc_year(session, bloc_id=bloc_id, year=year)


@score_cache(ttl=TTL_SECONDS)
def cached_heatmap(bloc_id: int, year: int) -> Heatmap:
    with db_session() as session:
        return criteria_heatmap(session, bloc_id=bloc_id, year=year)


@score_cache(ttl=TTL_SECONDS)
def cached_unit_profile(unit_id: int) -> UnitProfile:
    with db_session() as session:
        return unit_profile(session, unit_id=unit_id)


@score_cache(ttl=TTL_SECONDS)
def cached_bloc_history(bloc_id: int) -> BlocHistory:
    with db_session() as session:
        return bloc_history(session, bloc_id=bloc_id)


@score_cache(ttl=TTL_SECONDS)
def cached_province_year(province_id: int, year: int) -> ProvinceYear:
    with db_session() as session:
        return province_year(session, province_id=province_id, year=year)


_CACHED = (cached_bloc_year, cached_heatmap, cached_unit_profile, cached_bloc_history, cached_province_year)


def clear_dashboard_caches() -> None:
    """Call after any write that changes scores, sheet states, awards, members or chairs."""
    for function in _CACHED:
        function.clear()
