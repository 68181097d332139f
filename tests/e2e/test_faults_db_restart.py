"""PostgreSQL is restarted while the delegates vote: every ballot counts once, nobody is lost.

The database is a throwaway cluster of this test's own (tests/pg_cluster.py), never the
shared server. Eight delegates log in with their access codes over Streamlit's websocket
and fill in their ballots; some confirm before the restart, some while it is stopping,
some while it is down. Each must read either a receipt or a plain Vietnamese message
saying the ballot was not stored and to try again; after the restart every one of them
gets their ballot in, and the database holds exactly one ballot per unit.
"""

import asyncio
import json

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models.voting import Ballot
from services.clock import now
from services.voting import audit
from services.voting.casting import receipt_hash
from services.voting.rounds import close_round
from tests.e2e.conference import Delegate, app_server, build_conference, stored_counts
from tests.pg_cluster import throwaway_cluster


async def _scenario(port, conference, cluster) -> tuple[dict[int, list[str]], dict[int, str | None]]:
    units = conference.units
    delegates = [Delegate(port, u, conference.codes[u], conference.names) for u in units]
    seen: dict[int, list[str]] = {u: [] for u in units}
    for delegate in delegates:
        await delegate.session.connect()
    try:
        for delegate in delegates:
            await delegate.login()
            await delegate.open_ballot()
            await delegate.review(delegate.choices_for(2))
        before, during, down = delegates[:3], delegates[3:6], delegates[6:]

        for delegate in before:
            await delegate.confirm()
            seen[delegate.unit_id].append(delegate.outcome())

        # Confirms racing a fast shutdown (every connection cut), then confirms while it is down.
        stopping = asyncio.create_task(asyncio.to_thread(cluster.stop, "fast"))
        await asyncio.gather(*(d.confirm() for d in during))
        await stopping
        for delegate in during:
            seen[delegate.unit_id].append(delegate.outcome())
        for delegate in down:
            await delegate.confirm()
            seen[delegate.unit_id].append(delegate.outcome())

        cluster.start()
        for delegate in delegates:
            seen[delegate.unit_id].append(await delegate.vote_until_counted())
        receipts = {d.unit_id: d.receipt() for d in delegates}
    finally:
        for delegate in delegates:
            await delegate.session.close()
    return seen, receipts


def test_a_database_restart_mid_vote_loses_no_ballot_and_counts_none_twice(tmp_path):
    with throwaway_cluster() as cluster:
        url = cluster.create_database("thidua")
        conference = build_conference(url)
        with app_server(url, conference.key, tmp_path / "app.log") as server:
            seen, receipts = asyncio.run(_scenario(server.port, conference, cluster))

            # What each delegate read: a receipt, or the plain message to try again; never anything else.
            for unit, outcomes in seen.items():
                assert set(outcomes) <= {"receipt", "try_again", "already_voted"}, (unit, outcomes, server.log())
            for unit in conference.units[6:]:  # confirmed while the database was down
                assert seen[unit][0] == "try_again", seen[unit]
            assert all(outcomes[-1] in {"receipt", "already_voted"} for outcomes in seen.values()), seen

            # One ballot per unit, every receipt shown is among them, the chain is intact.
            voted, ballots = stored_counts(url, conference.round_id)
            assert voted == set(conference.units) and ballots == len(conference.units)
            engine = make_engine(url)
            try:
                with Session(engine) as session:
                    assert audit.verify_chain(session).intact
                # The round goes on: it closes with every ballot counted (the public key was
                # in the database; the cards in this test's memory).
                with session_scope(engine) as session:
                    result = json.loads(close_round(session, round_id=conference.round_id, at=now()))
                assert result["collected"] == len(conference.units)
                with Session(engine) as session:  # sealed until the close: receipts are checked after it
                    query = select(Ballot.receipt_hash).where(Ballot.round_id == conference.round_id)
                    stored = set(session.exec(query))
                    for code in filter(None, receipts.values()):
                        assert receipt_hash(code) in stored
            finally:
                engine.dispose()
