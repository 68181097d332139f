"""Database tests open and close rounds through the services, as a script would: sealed
rounds keep their cards in this process's memory (services.voting.sealing), so a test closes
a round without typing them. Tests of the cards themselves pass their own keeper or shares."""

import pytest

from services.voting import sealing


@pytest.fixture(autouse=True, scope="session")
def _cards_in_process_memory():
    sealing.keep_shares_in_process(True)
    yield
    sealing.keep_shares_in_process(False)
