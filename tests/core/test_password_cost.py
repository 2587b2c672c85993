"""The cheap password hash is for test runs only, and hashes verify across the two profiles."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from pydantic import ValidationError

from dondoc.core.config import Settings
from dondoc.users.security import hash_password, verify_password


def test_minimal_hashing_is_refused_outside_tests() -> None:
    for environment in ("development", "production"):
        with pytest.raises(ValidationError, match="DONDOC_PASSWORD_HASHING=minimal"):
            Settings(environment=environment, password_hashing="minimal", secret_key="x" * 40)
    assert Settings(environment="test", password_hashing="minimal").password_hashing == "minimal"


def test_the_test_run_hashes_cheaply_and_standard_hashes_still_verify() -> None:
    cheap = hash_password("mật-khẩu-dài-đủ")
    assert "m=8,t=1,p=1" in cheap  # the test settings chose the minimal profile
    standard = PasswordHasher().hash("mật-khẩu-dài-đủ")
    assert verify_password(standard, "mật-khẩu-dài-đủ")
    assert verify_password(cheap, "mật-khẩu-dài-đủ")
    assert not verify_password(cheap, "sai")
