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
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.set_main_option("sqlalchemy.url", (url or get_settings().sqlalchemy_url).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(revision: str = "head", *, url: str | None = None, connection: Connection | None = None) -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(revision: str, *, url: str | None = None, connection: Connection | None = None) -> None:
    command.downgrade(alembic_config(url, connection), revision)
