"""The ballot box: sealed ballots that nobody can read without k of the committee's cards.

When a (conference's first) round opens, the app makes a key pair: the public key is
stored with the round, the private key is derived from a 16-byte master secret that is
split with SLIP-39 (shamir-mnemonic) into n shares, k of which rebuild it. The shares
(the committee's cards) leave the app only in the opening's response; the private key and
the master secret are never written anywhere. Every ballot is sealed (PyNaCl SealedBox,
X25519 + XSalsa20-Poly1305) before it is written; closing takes k cards, rebuilds the key
in memory, opens every ballot, shuffles them and forgets the key.

No cryptography is written here: sealing is PyNaCl's, secret sharing is SLIP-39's (with
its own checksum per card), the key derivation is BLAKE2b from libsodium.
"""

import base64
import hashlib
import json
import os
import secrets
import threading
from dataclasses import dataclass, field

import shamir_mnemonic
from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox
from shamir_mnemonic.share import Share

from services.errors import Checker, ValidationFailed

DEFAULT_THRESHOLD = 2
DEFAULT_SHARES = 3
MAX_SHARES = 15
PREFIX = "sealed:v1:"
# Every plaintext is padded to a multiple of this size before sealing, so the length of a
# ciphertext does not tell "agree" from "disagree" or one mark from three.
PAD_BLOCK = 1024
_PERSON = b"thidua-ballotbox"


@dataclass(frozen=True)
class Cards:
    """A fresh key's shares, as they leave the app once: k of them rebuild the key."""

    public_key: str
    threshold: int
    shares: tuple[str, ...] = field(repr=False)

    def __repr__(self) -> str:  # never print the shares into a log by accident
        return f"Cards(public_key={self.public_key!r}, threshold={self.threshold}, shares=<{len(self.shares)} hidden>)"


def _private_key(master_secret: bytes) -> PrivateKey:
    return PrivateKey(blake2b(master_secret, digest_size=32, person=_PERSON, encoder=RawEncoder))


def public_key_text(key: PublicKey) -> str:
    return base64.b64encode(bytes(key)).decode()


def make_cards(*, threshold: int = DEFAULT_THRESHOLD, count: int = DEFAULT_SHARES) -> Cards:
    """A new key pair: returns its public key and the n shares of its private key."""
    check_threshold(threshold, count)
    master = secrets.token_bytes(16)
    groups = shamir_mnemonic.generate_mnemonics(
        group_threshold=1, groups=[(threshold, count)], master_secret=master, iteration_exponent=0
    )
    key = _private_key(master)
    return Cards(public_key=public_key_text(key.public_key), threshold=threshold, shares=tuple(groups[0]))


def check_threshold(threshold: int, count: int) -> None:
    if not (1 <= count <= MAX_SHARES and 1 <= threshold <= count) or (threshold == 1 and count > 1):
        check = Checker()
        check.add("cards", "sealing.bad_threshold", max=MAX_SHARES)
        check.raise_if_any()


def seal(public_key: str, payload: dict) -> str:
    """The ciphertext of one ballot (text, so it fits the ballot table's column)."""
    plain = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    padded = plain + b" " * (-len(plain) % PAD_BLOCK)
    box = SealedBox(PublicKey(base64.b64decode(public_key)))
    return PREFIX + base64.b64encode(box.encrypt(padded)).decode()


def ciphertext_hash(ciphertext: str) -> str:
    return hashlib.sha256(ciphertext.encode()).hexdigest()


def normalize(card: str) -> str:
    """What a person types: any case, extra spaces or line breaks, a trailing dot."""
    return " ".join(card.lower().replace(",", " ").replace(".", " ").split())


def _refuse(key: str, **params) -> None:
    check = Checker()
    check.add("cards", key, **params)
    check.raise_if_any()


class Opener:
    """The private key rebuilt from k cards, in memory only, for one closing."""

    def __init__(self, key: PrivateKey):
        self._box = SealedBox(key)

    def open(self, ciphertext: str) -> dict:
        if not ciphertext.startswith(PREFIX):
            _refuse("sealing.not_sealed")
        try:
            plain = self._box.decrypt(base64.b64decode(ciphertext[len(PREFIX) :]))
        except (CryptoError, ValueError):
            _refuse("sealing.cannot_open")
        return json.loads(plain.decode())


def rebuild(cards: list[str], *, public_key: str, threshold: int) -> Opener:
    """The key from the typed cards: each card's own checksum first (naming the card that is
    wrong: number 1, 2, … in the order typed), then the set, then the round's public key."""
    typed = [normalize(c) for c in cards if c and c.strip()]
    if len(typed) < threshold:
        _refuse("sealing.too_few", needed=threshold, given=len(typed))
    bad = []
    for number, card in enumerate(typed, start=1):
        try:
            Share.from_mnemonic(card)
        except (shamir_mnemonic.MnemonicError, ValueError, KeyError):
            bad.append(number)
    if bad:
        errors = Checker()
        for number in bad:
            errors.add(f"card_{number}", "sealing.card_wrong", number=number)
        raise ValidationFailed(errors.errors)
    if len(set(typed)) != len(typed):
        _refuse("sealing.duplicate")
    try:
        master = shamir_mnemonic.combine_mnemonics(typed[:threshold])
    except (shamir_mnemonic.MnemonicError, ValueError):
        _refuse("sealing.mismatch")
    key = _private_key(master)
    if public_key_text(key.public_key) != public_key:
        _refuse("sealing.mismatch")
    return Opener(key)


def shuffle(items: list) -> list:
    """A cryptographic shuffle (the OS's randomness): the order written says nothing."""
    out = list(items)
    secrets.SystemRandom().shuffle(out)
    return out


class MemoryKeeper:
    """Shares kept in this process's memory, by public key. The app uses one only in demo
    mode (so the demo admin can close without typing cards), tests use their own; nothing
    here is ever written to disk."""

    def __init__(self) -> None:
        self._shares: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def keep(self, cards: Cards) -> None:
        with self._lock:
            self._shares[cards.public_key] = cards.shares

    def shares(self, public_key: str | None) -> list[str] | None:
        with self._lock:
            kept = self._shares.get(public_key or "")
        return list(kept) if kept else None

    def forget(self, public_key: str) -> None:
        with self._lock:
            self._shares.pop(public_key, None)


# The process's keeper for demo mode (and for tests that opt in): see default_keeper.
PROCESS_KEEPER = MemoryKeeper()
_process_keeper_on = False


def keep_shares_in_process(on: bool = True) -> None:
    """Tests (and scripts building demo data) opt in; the app decides by demo mode."""
    global _process_keeper_on
    _process_keeper_on = on


def demo_cards() -> bool:
    """Demo mode's shortcut: cards shown on screen, kept in process memory, hand-out taken as
    confirmed. THIDUA_DEMO_CARDS=0 turns it off in demo mode (a browser test of the cards)."""
    from services.settings import demo_mode  # read at call time: tests flip the environment

    off = os.environ.get("THIDUA_DEMO_CARDS", "").strip().lower() in {"0", "false", "no", "off"}
    return demo_mode() and not off


def process_keeper() -> MemoryKeeper | None:
    return PROCESS_KEEPER if (_process_keeper_on or demo_cards()) else None
