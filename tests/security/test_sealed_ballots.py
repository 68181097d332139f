"""Sealed ballots against the people who run the server (issue 15).

After 8 delegates voted in an open round, replay what a database administrator can do:
join ballots to participation by PostgreSQL's xmin, read the ctid order, read dead tuples
with pageinspect (as the superuser), read SQLite's file and WAL bytes, take a pg_dump and a
`python -m manage backup`, read the log. None of it may show a choice, and none may hold the
private key or a card. Then: one card cannot count, a mistyped card is named, a card from
another set is refused, two good cards count right, an altered ciphertext is caught.
"""

import base64
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import shamir_mnemonic
import sqlalchemy as sa
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from sqlmodel import Session, select

from db.engine import make_engine, normalize_url, session_scope
from db.migrate import upgrade_to_head
from db.models.voting import Ballot, SealedBallot, VotingRound
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit
from services.voting import sealing
from services.voting.casting import Choice, cast_ballot
from services.voting.paper import record_paper_ballot, record_paper_voters
from services.voting.rounds import cancel_round, check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.conftest import require_backend
from tests.databases import fresh_database, pg_admin_url

ROOT = Path(__file__).resolve().parents[2]
# A plaintext ballot as the app writes it: {"marks": [[<candidate id>, "agree"], ...]}.
PLAIN_MARK = re.compile(rb'\[\s*\d+\s*,\s*\\?"(?:agree|disagree|blank)\\?"\s*\]')


def agree(*ids: int) -> Choice:
    return Choice(marks=tuple((i, Mark.AGREE) for i in ids))


@pytest.fixture()
def voted(backend, tmp_path):
    """A fresh database: a bloc of 9 units, a sealed flag round (2 seats), 8 units voted.
    Units 0, 1, 2, 3 get 7, 5, 3 and 1 votes: the count is known by hand."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        keeper = sealing.MemoryKeeper()
        with session_scope(engine) as session:
            province = save_province(session=session, code="T", name="Tỉnh thử")
            bloc = save_bloc(session=session, province_id=province.id, name="Khối thử", kind="bloc")
            units = []
            for i in range(9):
                unit = create_unit(session=session, province_id=province.id, name=f"Đơn vị {i}", short_name="",
                                   from_year=2020)  # fmt: skip
                set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
                units.append(unit.id)
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2)
            round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ", settings=settings, at=now())
            check_in(session, round_id=round_.id, unit_ids=units, at=now())
            open_round(session, round_id=round_.id, at=now(), keeper=keeper)
            round_id, public_key = round_.id, round_.seal_public_key
        choices = {}
        for n, voter in enumerate(units[1:], start=1):  # units 1..8 vote, unit 0 does not
            choice = (
                agree(units[0], units[1])
                if n <= 5
                else agree(units[0], units[2])
                if n <= 7
                else agree(units[1], units[3])
            )
            if voter == units[1]:
                choice = agree(units[0], units[2])  # no self-vote
            choices[voter] = choice
            with session_scope(engine) as session:  # one transaction per ballot, as in the hall
                cast_ballot(session, round_id=round_id, unit_id=voter, choice=choice, at=now())
        shares = keeper.shares(public_key)
        yield {"url": url, "engine": engine, "round_id": round_id, "units": units, "shares": shares,
               "public_key": public_key, "choices": choices, "tmp": tmp_path}  # fmt: skip
        engine.dispose()


def secrets_of(shares: list[str]) -> list[bytes]:
    """Every form in which the key or a card could leak: the words, the master secret, the
    private key (raw, hex, base64)."""
    master = shamir_mnemonic.combine_mnemonics(shares[:2])
    key = blake2b(master, digest_size=32, person=b"thidua-ballotbox", encoder=RawEncoder)
    forms = [s.encode() for s in shares] + [" ".join(s.split()[:4]).encode() for s in shares]
    for raw in (master, key):
        forms += [raw, raw.hex().encode(), base64.b64encode(raw), base64.b64encode(raw).rstrip(b"=")]
    return forms


def assert_nothing_readable(blob: bytes, shares: list[str], where: str) -> None:
    assert not PLAIN_MARK.search(blob), f"a plaintext mark in {where}"
    assert b'"marks"' not in blob and b"\\u0022marks" not in blob, f"a plaintext ballot in {where}"
    for secret in secrets_of(shares):
        assert secret not in blob, f"key material in {where}"


def test_a_copy_of_the_database_taken_during_voting_shows_no_choice_and_no_key(voted, backend, caplog):
    engine, round_id, shares = voted["engine"], voted["round_id"], voted["shares"]
    assert len(shares) == 3
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(Ballot)).one() == 0  # nothing plain yet
        boxed = session.exec(select(SealedBallot).where(SealedBallot.round_id == round_id)).all()
        assert len(boxed) == 8
        for row in boxed:
            assert row.ciphertext.startswith(sealing.PREFIX)
            raw = base64.b64decode(row.ciphertext[len(sealing.PREFIX) :])
            assert len(raw) == 1024 + 48  # padded: every ballot has the same length
            with pytest.raises(ValueError):
                json.loads(raw)
    if backend == "postgresql":
        with engine.connect() as conn:
            joined = conn.exec_driver_sql(
                "SELECT p.unit_id, b.* FROM sealed_ballot b JOIN participation p ON p.xmin = b.xmin"
            ).all()
            assert len(joined) == 8  # the attack works: each unit links to its row...
            assert all(row.ciphertext.startswith(sealing.PREFIX) for row in joined)  # ...which is ciphertext
            plain_joined = conn.exec_driver_sql(
                "SELECT b.* FROM ballot b JOIN participation p ON p.xmin = b.xmin"
            ).all()
            assert plain_joined == []
            by_ctid = conn.exec_driver_sql("SELECT ctid, ciphertext FROM sealed_ballot ORDER BY ctid").all()
            assert all(c.startswith(sealing.PREFIX) for _, c in by_ctid)
        pages = pageinspect(voted["url"])
        assert_nothing_readable(pages, shares, "heap pages (live and dead tuples)")
        dump = subprocess.run(["pg_dump", "--format=plain", normalize_pg(voted["url"])], capture_output=True,
                              check=True).stdout  # fmt: skip
        assert sealing.PREFIX.encode() in dump
        assert_nothing_readable(dump, shares, "pg_dump")
    else:
        path = Path(voted["url"].removeprefix("sqlite:///"))
        for part in (path, Path(f"{path}-wal")):
            if part.exists():
                assert_nothing_readable(part.read_bytes(), shares, part.name)
    backup = backup_bytes(voted["url"], voted["tmp"], backend)
    assert_nothing_readable(backup, shares, "python -m manage backup")


def pageinspect(url: str) -> bytes:
    """Every tuple's bytes, live or dead, of the ballot tables, read as the superuser."""
    admin = sa.engine.make_url(normalize_url(pg_admin_url())).set(database=sa.engine.make_url(url).database)
    engine = sa.create_engine(admin)
    data = b""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for table in ("sealed_ballot", "ballot", "auditevent", "participation"):
            pages = conn.exec_driver_sql(f"SELECT pg_relation_size('{table}') / 8192").scalar()
            for page in range(pages):
                rows = conn.exec_driver_sql(
                    f"SELECT t_data FROM heap_page_items(get_raw_page('{table}', {page}))"
                ).all()
                data += b"".join(bytes(r[0]) for r in rows if r[0] is not None)
                data += bytes(conn.exec_driver_sql(f"SELECT get_raw_page('{table}', {page})").scalar())
    engine.dispose()
    assert data
    return data


def normalize_pg(url: str) -> str:
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup_bytes(url: str, tmp: Path, backend: str) -> bytes:
    target = tmp / "backup.bin"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "manage", "backup", str(target)], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    if backend == "postgresql":  # custom format is compressed: read it as SQL
        return subprocess.run(["pg_restore", "-f", "-", str(target)], capture_output=True, check=True).stdout
    return target.read_bytes()


def test_the_log_of_casting_and_of_sql_shows_no_choice(voted, caplog):
    """Even with SQL echo on (parameters logged), a ballot being cast shows only ciphertext."""
    engine, round_id, units = voted["engine"], voted["round_id"], voted["units"]
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
        try:
            with session_scope(engine) as session:
                cast_ballot(session, round_id=round_id, unit_id=units[0], choice=agree(units[1], units[2]), at=now())
        finally:
            logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    text = caplog.text.encode()
    assert b"sealed_ballot" in text  # the log did capture the write
    assert_nothing_readable(text, voted["shares"], "the log")


def refusal(call) -> list[tuple[str, str, dict]]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return [(e.field, e.key, e.params) for e in info.value.errors]


def close(engine, round_id: int, shares: list[str] | None) -> str:
    with session_scope(engine) as session:
        return close_round(session, round_id=round_id, at=now(), shares=shares)


def status(engine, round_id: int) -> str:
    with Session(engine) as session:
        return session.get(VotingRound, round_id).status.value


def test_one_card_a_typo_or_a_foreign_card_cannot_count_and_two_good_cards_count_right(voted, monkeypatch):
    engine, round_id, units, shares = voted["engine"], voted["round_id"], voted["units"], voted["shares"]
    monkeypatch.setattr(sealing, "_process_keeper_on", False)  # as in production: nothing in the process's memory
    monkeypatch.delenv("THIDUA_DEMO", raising=False)
    assert refusal(lambda: close(engine, round_id, None)) == [("round", "sealing.cards_needed", {"needed": 2})]
    assert refusal(lambda: close(engine, round_id, [shares[0]]))[0][1] == "sealing.too_few"
    words = shares[2].split()
    words[5] = "academic" if words[5] != "academic" else "acid"  # a mistyped word on the second card typed
    assert refusal(lambda: close(engine, round_id, [shares[0], " ".join(words)])) == [
        ("card_2", "sealing.card_wrong", {"number": 2})
    ]
    other = sealing.make_cards()
    assert refusal(lambda: close(engine, round_id, [shares[0], other.shares[1]])) == [("cards", "sealing.mismatch", {})]
    assert refusal(lambda: close(engine, round_id, list(other.shares[:2])))[0][1] == "sealing.mismatch"
    assert status(engine, round_id) == "open"  # nothing moved
    # Two good cards, typed carelessly (capitals, line breaks): units[0] 7 votes, units[1] 5, units[2] 3.
    result = json.loads(close(engine, round_id, [shares[2].upper(), shares[0].replace(" ", "\n")]))
    votes = {c["id"]: c["votes"] for c in result["candidates"]}
    assert (votes[units[0]], votes[units[1]], votes[units[2]], votes[units[3]]) == (7, 5, 3, 1)
    assert result["collected"] == 8 and sorted(result["winners"]) == sorted([units[0], units[1]])
    with Session(engine) as session:
        plain = session.exec(select(Ballot).where(Ballot.round_id == round_id)).all()
        assert sorted(json.loads(b.content_json)["marks"][0][0] for b in plain).count(units[0]) == 7
        assert len(session.exec(select(SealedBallot)).all()) == 8  # kept until publication
    with session_scope(engine) as session:
        publish_round(session, round_id=round_id, at=now())
    with Session(engine) as session:
        assert session.exec(select(SealedBallot)).all() == []  # the ciphertexts go at publication


def test_an_altered_ciphertext_is_caught_at_the_close(voted):
    engine, round_id, shares = voted["engine"], voted["round_id"], voted["shares"]
    other_box = sealing.seal(voted["public_key"], {"round": round_id, "content": '{"marks": []}', "valid": True,
                                                   "invalid_reason": None, "receipt_hash": None})  # fmt: skip
    with session_scope(engine) as session:  # the administrator swaps one ballot for their own
        row = session.exec(select(SealedBallot).where(SealedBallot.round_id == round_id)).first()
        row.ciphertext = other_box
        session.add(row)
    assert refusal(lambda: close(engine, round_id, shares[:2])) == [("round", "sealing.tampered", {})]
    assert status(engine, round_id) == "open"


def test_a_swapped_public_key_is_refused_at_casting(voted):
    engine, round_id, units = voted["engine"], voted["round_id"], voted["units"]
    with session_scope(engine) as session:  # to read the next ballots with a key of one's own
        session.execute(sa.update(VotingRound).where(VotingRound.id == round_id)
                        .values(seal_public_key=sealing.make_cards().public_key))  # fmt: skip
    with session_scope(engine) as session:
        assert (
            refusal(
                lambda: cast_ballot(session, round_id=round_id, unit_id=units[0], choice=agree(units[1]), at=now())
            )[0][1]
            == "sealing.key_changed"
        )


def test_voting_waits_for_the_cards_to_be_handed_out(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        from services.voting.ballot_box import confirm_cards_handed_out

        with session_scope(engine) as session:
            province = save_province(session=session, code="T", name="Tỉnh thử")
            bloc = save_bloc(session=session, province_id=province.id, name="Khối thử", kind="bloc")
            units = []
            for i in range(3):
                unit = create_unit(session=session, province_id=province.id, name=f"Đơn vị {i}", short_name="",
                                   from_year=2020)  # fmt: skip
                set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
                units.append(unit.id)
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
            round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ", settings=settings, at=now())
            check_in(session, round_id=round_.id, unit_ids=units, at=now())
            keeper = sealing.MemoryKeeper()
            open_round(session, round_id=round_.id, at=now(), keeper=keeper, handed_out=False)
            round_id, key = round_.id, round_.seal_public_key
        with session_scope(engine) as session:
            assert (
                refusal(
                    lambda: cast_ballot(session, round_id=round_id, unit_id=units[0], choice=agree(units[1]), at=now())
                )[0][1]
                == "sealing.cards_not_handed_out"
            )
        with session_scope(engine) as session:
            confirm_cards_handed_out(session, round_id=round_id, at=now())
        with session_scope(engine) as session:
            cast_ballot(session, round_id=round_id, unit_id=units[0], choice=agree(units[1]), at=now())
            record_paper_voters(session, round_id=round_id, unit_ids=[units[1]], at=now())
            record_paper_ballot(session, round_id=round_id, choice=agree(units[2]), at=now())
        with Session(engine) as session:
            assert len(session.exec(select(SealedBallot)).all()) == 2  # the paper ballot is sealed too
        result = json.loads(close(engine, round_id, keeper.shares(key)[1:]))
        assert result["collected"] == 2
        assert {c["id"]: c["votes"] for c in result["candidates"]}[units[1]] == 1
        engine.dispose()


def test_a_cancelled_round_drops_its_ciphertexts(voted):
    engine, round_id = voted["engine"], voted["round_id"]
    with session_scope(engine) as session:
        cancel_round(session, round_id=round_id, reason="Thử", at=now())
    with Session(engine) as session:
        assert session.exec(select(SealedBallot)).all() == []


def test_the_same_attack_reads_an_unsealed_round(backend, tmp_path):
    """The detector can fail: a round opened unsealed (as before this version) shows its
    plaintext ballot in a backup taken during voting."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            province = save_province(session=session, code="T", name="Tỉnh thử")
            bloc = save_bloc(session=session, province_id=province.id, name="Khối thử", kind="bloc")
            units = []
            for i in range(3):
                unit = create_unit(session=session, province_id=province.id, name=f"Đơn vị {i}", short_name="",
                                   from_year=2020)  # fmt: skip
                set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
                units.append(unit.id)
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
            round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ", settings=settings, at=now())
            check_in(session, round_id=round_.id, unit_ids=units, at=now())
            open_round(session, round_id=round_.id, at=now(), sealed=False)
            cast_ballot(session, round_id=round_.id, unit_id=units[0], choice=agree(units[1]), at=now())
        engine.dispose()
        assert PLAIN_MARK.search(backup_bytes(url, tmp_path, backend))


def test_the_rounds_of_a_conference_share_one_set_of_cards(backend, tmp_path):
    """The first round opened makes the cards; a later round of the same conference uses the
    same key (no new cards) and counts with the same two cards."""
    from services.access.codes import create_conference

    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        first, second = sealing.MemoryKeeper(), sealing.MemoryKeeper()
        with session_scope(engine) as session:
            province = save_province(session=session, code="T", name="Tỉnh thử")
            bloc = save_bloc(session=session, province_id=province.id, name="Khối thử", kind="bloc")
            units = []
            for i in range(3):
                unit = create_unit(session=session, province_id=province.id, name=f"Đơn vị {i}", short_name="",
                                   from_year=2020)  # fmt: skip
                set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
                units.append(unit.id)
            conference = create_conference(session=session, bloc_id=bloc.id, year=2026, name="Hội nghị",
                                           ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
            ids = []
            for keeper in (first, second):
                round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ", settings=settings, at=now(),
                                      conference_id=conference.id)  # fmt: skip
                check_in(session, round_id=round_.id, unit_ids=units, at=now())
                open_round(session, round_id=round_.id, at=now(), keeper=keeper, threshold=3, cards=5)
                ids.append(round_.id)
            keys = [session.get(VotingRound, i).seal_public_key for i in ids]
            assert keys[0] == keys[1] and session.get(VotingRound, ids[1]).seal_threshold == 3
        shares = first.shares(keys[0])
        assert len(shares) == 5 and second.shares(keys[1]) is None  # no new cards for the second round
        for round_id in ids:
            with session_scope(engine) as session:
                cast_ballot(session, round_id=round_id, unit_id=units[0], choice=agree(units[1]), at=now())
            assert refusal(lambda r=round_id: close(engine, r, shares[:2]))[0][1] == "sealing.too_few"
            assert json.loads(close(engine, round_id, [shares[4], shares[1], shares[3]]))["collected"] == 1
        engine.dispose()


def test_the_cards_pdf_has_one_card_per_member_with_its_words_and_nothing_else_of_the_key():
    from io import BytesIO

    from pypdf import PdfReader

    from services.voting.cards import CardRow, cards_pdf, check_code

    made = sealing.make_cards()
    names = ["Nguyễn Văn An – Trưởng ban", "Trần Thị Bình – Thành viên", ""]
    labels = {"title": "THẺ KIỂM PHIẾU", "member": "Thành viên", "round": "Vòng", "number": "Thẻ {number}/3",
              "rule": "Cần 2 trong 3 thẻ", "checksum": "Mã kiểm tra"}  # fmt: skip
    rows = [CardRow(n, s) for n, s in zip(names, made.shares, strict=True)]
    pdf = cards_pdf(round_title="Cờ thi đua 2026", rows=rows, labels=labels)
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    assert len(pages) == 3
    for number, (text, name, share) in enumerate(zip(pages, names, made.shares, strict=True), start=1):
        assert f"Thẻ {number}/3" in text and "Cờ thi đua 2026" in text and name.split(" – ")[0] in text
        numbered = dict(re.findall(r"(\d{1,2})\. ([a-z]+)", text))
        assert " ".join(numbered[str(n)] for n in range(1, 21)) == share
        assert check_code(share) in text
    # Only the shares: not the master secret nor the private key.
    master = shamir_mnemonic.combine_mnemonics(list(made.shares[:2]))
    assert master not in pdf and master.hex().encode() not in pdf
