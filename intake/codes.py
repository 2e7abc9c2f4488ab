"""References and receipt codes that people read aloud, type on a phone and never mistype.

Crockford's base32 alphabet leaves out I, L, O and U, so nothing is confused with 1, 0 or V.
"""

import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_ATTEMPTS = 5

T = TypeVar("T")


def _random_chars(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def new_reference(prefix: str) -> str:
    """Such as CL-4F7K-9Q2M: 40 random bits, unguessable and unique enough to retry on clash."""
    return f"{prefix}-{_random_chars(4)}-{_random_chars(4)}"


def with_new_reference(
    *,
    prefix: str,
    create: Callable[[str], T],
    attempts: int = REFERENCE_ATTEMPTS,
    existing: Callable[[], T | None] | None = None,
) -> T:
    """`create(reference)` with a new reference, inside its own `transaction.atomic()`.

    A reference already taken fails its unique constraint: the block is rolled back (with any
    `on_commit` callbacks it registered) and run again with a fresh reference, up to
    `attempts` times in all (at least once). A clash is vanishingly rare, so an IntegrityError
    on the last attempt, almost certainly something else, is raised.

    `existing`, for a create that must happen once only (another unique column, such as a
    send key): asked after each failed attempt, once the block is rolled back; what it
    returns (the row made by an earlier or concurrent call) is returned instead of retrying.
    """
    for attempt in range(1, max(attempts, 1) + 1):
        try:
            with transaction.atomic():
                return create(new_reference(prefix))
        except IntegrityError:
            if existing is not None and (found := existing()) is not None:
                return found
            if attempt >= attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def new_receipt_code() -> str:
    """Shown once on the confirmation page; 60 random bits in three groups of four."""
    return "-".join(_random_chars(4) for _ in range(3))


def normalise_code(code: str) -> str:
    cleaned = "".join(code.upper().split()).replace("-", "")
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def hash_receipt_code(code: str) -> str:
    """A keyed hash: without the server's key, the stored value gives nothing away."""
    return salted_hmac(
        "intake.receipt-code", normalise_code(code), secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def new_send_key() -> str:
    """The one-time key of a check-answers page: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def hash_send_key(send_key: str, *, session_key: str) -> str:
    """A keyed hash of a send key bound to the visitor's session.

    Bound to the session so that a key seen elsewhere cannot claim another visitor's send,
    and so that copies of one journey in different sessions stay different sends.
    """
    return salted_hmac(
        "intake.send-key",
        f"{session_key}:{send_key}",
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


def receipt_code_matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_receipt_code(code), stored_hash)
