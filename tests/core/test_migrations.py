"""The Alembic migrations run on the test database (SQLite, or PostgreSQL in CI) from empty,
down to nothing and up again, and leave the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from dondoc.core.db import make_engine
from dondoc.core.migrate import downgrade, upgrade
from dondoc.models import Base


def test_upgrade_downgrade_upgrade(empty_engine, empty_database_url: str) -> None:
    # on the empty database: taking the world down would leave the worker's later tests nothing
    downgrade("base", url=empty_database_url)
    empty = make_engine(empty_database_url)
    assert set(inspect(empty).get_table_names()) <= {"alembic_version"}
    empty.dispose()
    upgrade("head", url=empty_database_url)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_the_migrated_schema_is_the_models_schema(engine) -> None:
    """Columns, types, nullability, indexes and foreign keys: what Alembic's autogenerate would
    write for the difference between the migrated database and the models is nothing."""
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_timestamps_are_timezone_aware(session) -> None:
    from factories import make_agency

    agency = make_agency(session)
    session.commit()
    session.expire_all()
    again = session.get(type(agency), agency.id)
    assert again is not None and again.created_at.tzinfo is not None
    assert again.created_at.utcoffset().total_seconds() == 0


def test_db_upgrade_from_the_cli_on_a_fresh_folder(tmp_path, monkeypatch) -> None:
    """`dondoc db upgrade` creates the embedded database's folder (./data on a fresh checkout)."""
    import subprocess
    import sys
    from pathlib import Path

    target = tmp_path / "data" / "dondoc.db"
    env = {"DONDOC_DATABASE_URL": f"sqlite:///{target}", "PATH": "/usr/bin:/bin"}
    cli = Path(sys.executable).parent / "dondoc"
    done = subprocess.run([str(cli), "db", "upgrade"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-500:]
    assert target.exists() and "database upgraded" in done.stdout
