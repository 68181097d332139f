"""PostgreSQL refuses writes while delegates confirm their ballots, then takes them again.

On a throwaway cluster of the test's own: `ALTER DATABASE … SET default_transaction_read_only
= on` applies to new connections, so the app's connections are ended too (pool_pre_ping opens
new ones, read-only). The delegates read a plain Vietnamese message, nothing is stored; once
the setting is reset they confirm the same ballot again and get their receipts.
"""

import asyncio

import sqlalchemy as sa

from db.engine import normalize_url
from tests.e2e.conference import Delegate, app_server, build_conference, stored_counts
from tests.pg_cluster import throwaway_cluster

DATABASE = "thidua"


def _set_read_only(admin_url: str, on: bool) -> None:
    setting = "SET default_transaction_read_only = on" if on else "RESET default_transaction_read_only"
    engine = sa.create_engine(normalize_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{DATABASE}" {setting}'))
            # The setting reaches new connections only: end the app's, as a maintenance restart would.
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": DATABASE},
            )
    finally:
        engine.dispose()


async def _scenario(port, conference, admin_url) -> tuple[list[str], list[str]]:
    delegates = [Delegate(port, u, conference.codes[u], conference.names) for u in conference.units[:3]]
    for delegate in delegates:
        await delegate.session.connect()
    try:
        for delegate in delegates:
            await delegate.login()
            await delegate.open_ballot()
            await delegate.review(delegate.choices_for(1))
        _set_read_only(admin_url, True)
        refused = []
        for delegate in delegates:
            await delegate.confirm()
            refused.append(delegate.outcome())
        assert stored_counts(conference.url, conference.round_id) == (set(), 0)
        _set_read_only(admin_url, False)
        return refused, [await delegate.vote_until_counted() for delegate in delegates]
    finally:
        for delegate in delegates:
            await delegate.session.close()


def test_a_read_only_database_refuses_ballots_plainly_and_voting_resumes(tmp_path):
    with throwaway_cluster() as cluster:
        conference = build_conference(cluster.create_database(DATABASE))
        with app_server(conference.url, conference.key, tmp_path / "app.log") as server:
            refused, resumed = asyncio.run(_scenario(server.port, conference, cluster.url()))
            assert refused == ["read_only"] * 3, (refused, server.log()[-3000:])
            assert resumed == ["receipt"] * 3, resumed
        assert stored_counts(conference.url, conference.round_id) == (set(conference.units[:3]), 3)
