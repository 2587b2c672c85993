"""Running the Alembic migrations from code (`dondoc db upgrade`, the tests), without an
alembic.ini to find: the script folder ships inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from dondoc.core.config import get_settings

SCRIPTS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    url = url or get_settings().sqlalchemy_url
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        # the embedded default lives in ./data/, which a fresh checkout does not have yet
        Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(revision: str = "head", *, url: str | None = None, connection: Connection | None = None) -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(revision: str, *, url: str | None = None, connection: Connection | None = None) -> None:
    command.downgrade(alembic_config(url, connection), revision)
