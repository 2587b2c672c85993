"""Settings: safe defaults for development, refusals outside it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dondoc.core.config import Settings


@pytest.fixture(autouse=True)
def _no_test_run_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with DONDOC_ENVIRONMENT=test; these tests read the defaults themselves."""
    monkeypatch.delenv("DONDOC_ENVIRONMENT", raising=False)
    monkeypatch.delenv("DONDOC_PASSWORD_HASHING", raising=False)


def test_development_defaults_use_embedded_sqlite() -> None:
    s = Settings(_env_file=None)
    assert s.environment == "development" and s.sqlalchemy_url.startswith("sqlite:///")
    assert s.password_hashing == "standard"


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="DONDOC_SECRET_KEY"):
        Settings(_env_file=None, environment="production")
    ok = Settings(_env_file=None, environment="production", secret_key="x" * 40)
    assert ok.environment == "production"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///./data/x.db", "sqlite:///./data/x.db"),
    ],
)
def test_postgres_urls_use_psycopg3(given: str, used: str) -> None:
    assert Settings(_env_file=None, database_url=given).sqlalchemy_url == used
