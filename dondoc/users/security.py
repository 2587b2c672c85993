"""Password hashing with argon2 (argon2-cffi, the maintained binding of the reference
implementation).

The cost comes from the settings: the standard profile, or a minimal one that only a test run
may choose (`DONDOC_PASSWORD_HASHING=minimal` with `DONDOC_ENVIRONMENT=test`; the settings refuse it
anywhere else). A hash made with either profile verifies with the other: argon2 stores its
parameters in the hash.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST

from dondoc.core.config import get_settings


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(CHEAPEST) if profile == "minimal" else PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher(get_settings().password_hashing).hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher(get_settings().password_hashing).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
