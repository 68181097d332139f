"""A code delegate's reload cookie (services/access/sessions.py): it holds the ActiveSession id,
never the code, is signed with a key derived from the secret key, and counts only while
the session row, the code and the conference still allow it."""

from datetime import timedelta

import jwt
from sqlmodel import select

from db.models import Bloc, Province
from services.access.codes import create_conference, issue_codes, revoke_code
from services.access.login import code_login, logout
from services.access.sessions import CODE_TOKEN_PURPOSE, code_session_token, read_token, resume_code_session, sign_token
from services.clock import now

KEY = "k" * 48


def _delegate(session, *, ends_in=timedelta(hours=4)):
    bloc = session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()
    at = now()
    conference = create_conference(session=session, bloc_id=bloc.id, year=2026, name="Hội nghị", ends_at=at + ends_in,
                                   at=at)  # fmt: skip
    issued = issue_codes(session=session, conference=conference, key=KEY, at=at)[0]
    result = code_login(session, code=issued.code, browser_session="b1", address=None, key=KEY, at=at)
    return conference, issued, result.principal


def test_the_cookie_brings_back_the_same_unit_and_session_and_holds_no_code(demo_session):
    conference, issued, principal = _delegate(demo_session)
    token = code_session_token(demo_session, principal=principal, key=KEY)
    payload = jwt.decode(token, options={"verify_signature": False})
    assert payload["sid"] == principal.session_id
    assert issued.code not in token and issued.code.replace("-", "") not in str(payload)
    assert payload["exp"] == int(conference.ends_at.timestamp())  # expires with the conference
    back = resume_code_session(demo_session, token=token, key=KEY, at=now())
    assert back is not None
    assert (back.session_id, back.unit_id, back.access_code_id, back.display_name) == (
        principal.session_id, principal.unit_id, principal.access_code_id, principal.display_name,
    )  # fmt: skip


def test_revoking_or_reissuing_the_code_logging_out_or_the_conference_ending_ends_it(demo_session):
    _, _, principal = _delegate(demo_session)
    token = code_session_token(demo_session, principal=principal, key=KEY)
    later = now() + timedelta(hours=5)  # after the conference's end
    assert resume_code_session(demo_session, token=token, key=KEY, at=later) is None
    revoke_code(session=demo_session, code_id=principal.access_code_id, at=now())
    assert resume_code_session(demo_session, token=token, key=KEY, at=now()) is None

    conference, _, principal = _delegate(demo_session)
    token = code_session_token(demo_session, principal=principal, key=KEY)
    issue_codes(session=demo_session, conference=conference, key=KEY, at=now(), unit_ids=[principal.unit_id],
                reissue=True)  # fmt: skip
    assert resume_code_session(demo_session, token=token, key=KEY, at=now()) is None

    _, _, principal = _delegate(demo_session)
    token = code_session_token(demo_session, principal=principal, key=KEY)
    logout(demo_session, principal=principal, at=now())
    assert resume_code_session(demo_session, token=token, key=KEY, at=now()) is None


def test_a_forged_or_foreign_token_is_refused(demo_session):
    _, _, principal = _delegate(demo_session)
    expires = now() + timedelta(hours=1)
    good = sign_token({"sid": principal.session_id}, key=KEY, purpose=CODE_TOKEN_PURPOSE, expires_at=expires)
    assert resume_code_session(demo_session, token=good, key=KEY, at=now()) is not None
    # Another key, plain HS256 with the secret key itself (the password cookie's kind), another purpose, junk.
    other_key = sign_token({"sid": principal.session_id}, key="x" * 48, purpose=CODE_TOKEN_PURPOSE, expires_at=expires)
    raw = jwt.encode({"sid": principal.session_id, "purpose": CODE_TOKEN_PURPOSE, "exp": int(expires.timestamp())},
                     KEY, algorithm="HS256")  # fmt: skip
    receipts = sign_token({"sid": principal.session_id}, key=KEY, purpose="receipts", expires_at=expires)
    unsigned = jwt.encode({"sid": principal.session_id, "purpose": CODE_TOKEN_PURPOSE, "exp": int(expires.timestamp())},
                          None, algorithm="none")  # fmt: skip
    for token in (other_key, raw, receipts, unsigned, "not-a-token", ""):
        assert resume_code_session(demo_session, token=token, key=KEY, at=now()) is None, token
    assert read_token(good, key=KEY, purpose=CODE_TOKEN_PURPOSE, at=expires + timedelta(seconds=1)) is None


def test_a_password_session_id_in_a_code_token_is_refused(demo_session):
    from services.access.login import finish_password_login

    result = finish_password_login(demo_session, username="quantri", credentials_ok=True, at=now(), demo=True)
    token = sign_token({"sid": result.principal.session_id}, key=KEY, purpose=CODE_TOKEN_PURPOSE,
                       expires_at=now() + timedelta(hours=1))  # fmt: skip
    assert resume_code_session(demo_session, token=token, key=KEY, at=now()) is None
