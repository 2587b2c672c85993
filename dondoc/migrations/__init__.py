"""Alembic migrations of the dondoc database (SQLite and PostgreSQL)."""
