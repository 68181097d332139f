"""The delegate's ballot page when the SQLite file can only be read (maintenance, a full
disk remounted read-only): a plain Vietnamese message, nothing stored, and the same
review goes in once the file is writable again."""

from components.database import get_engine
from db.models.voting import Ballot, Participation, SealedBallot
from locales import translate
from tests.app.conftest import open_page
from tests.app.test_voting import open_flag_round, stored


def counts(url: str) -> tuple[int, int, int]:
    """Sealed ballots in the box, opened ballots, units marked as having voted."""
    return stored(url, SealedBallot), stored(url, Ballot), stored(url, Participation)


def _messages(at) -> list[str]:
    return [e.value for e in at.error] + [s.value for s in at.success]


def test_a_read_only_file_refuses_the_ballot_plainly_and_takes_it_when_writable(make_app, app_db, monkeypatch):
    round_id, _ = open_flag_round(app_db)
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    next(c for c in at.checkbox if not c.disabled).check()
    at = at.button(key=f"review_{round_id}").click().run()

    path = app_db.split("///", 1)[1]
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    get_engine.clear()
    at = at.button(key=f"confirm_{round_id}").click().run()
    assert not at.exception, at.exception
    read_only = {translate("vi", "db_fault.ballot_read_only"), translate("vi", "db_fault.read_only")}
    assert read_only & set(_messages(at)), _messages(at)
    assert counts(app_db) == (0, 0, 0)

    monkeypatch.setenv("DATABASE_URL", app_db)
    get_engine.clear()
    at = at.button(key=f"confirm_{round_id}").click().run()
    assert any("Mã biên nhận" in message for message in _messages(at)), _messages(at)
    # The round opened sealed: the ballot waits in the box (sealed_ballot) until the round closes.
    assert counts(app_db) == (1, 0, 1)
