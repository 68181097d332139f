"""Password hashing (bcrypt, the format streamlit-authenticator checks) and rules."""

import secrets
from functools import cache

import bcrypt

BCRYPT_ROUNDS = 12  # ~250 ms a check on the 2-core machines: slow for guessers, fine for people
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


@cache
def dummy_hash() -> str:
    """A hash no password matches, checked for unknown names so they cost the same time."""
    return hash_password(secrets.token_hex(16))


def password_problem(password: str) -> str | None:
    """A message key when the password is unacceptable, else None."""
    if len(password) < MIN_LENGTH:
        return "error.password_short"
    if password != password.strip():
        # streamlit-authenticator strips what is typed at login: such a password could never match.
        return "error.password_spaces"
    return None
