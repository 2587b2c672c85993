"""One typed `Settings` for the whole application, read from `DONDOC_*` environment variables.

In production it refuses values that are only safe on a laptop: the built-in secret key or a
secret shorter than 32 characters.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "dondoc-development-secret-not-for-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DONDOC_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./data/dondoc.db"
    secret_key: str = DEVELOPMENT_SECRET
    smtp_url: str | None = None
    mail_from: str = "dondoc@localhost"
    max_upload_mb: int = Field(default=20, ge=1, le=200)
    # How long a write waits for another writer on the embedded SQLite before it is answered
    # "busy, try again" (503 with Retry-After) rather than queued for ever.
    sqlite_busy_seconds: float = Field(default=15.0, ge=0.05, le=120)
    # PostgreSQL connections each app process keeps open: as many as the requests it serves at
    # once, or every request beyond them opens a connection of its own (a backend started and
    # stopped on the server: at a reporting deadline that costs more than the submission).
    db_pool_size: int = Field(default=12, ge=1, le=100)
    # Evidence files are stored under their sha256 here (the database keeps only the metadata).
    files_dir: str = "./data/files"
    # Dates are judged in the province's time zone: a report sent at 23:30 on the due day is on time.
    timezone: str = "Asia/Ho_Chi_Minh"
    # A report still missing this many days after its due day is escalated to the coordinators.
    escalation_grace_days: int = Field(default=5, ge=0, le=60)
    # Minutes between two runs of the scheduled jobs inside `dondoc serve`; 0 turns them off.
    jobs_interval_minutes: int = Field(default=60, ge=0, le=1440)
    # Seconds between two refreshes of the stored dashboard and ranking figures inside `dondoc
    # serve` (the figures a write made stale, and every plan's once a day); 0 turns it off.
    figures_refresh_seconds: int = Field(default=15, ge=0, le=3600)
    # The address people use to reach dondoc, for links in e-mails and calendar feeds.
    public_url: str = "http://127.0.0.1:8000"
    # argon2 cost: "standard" (argon2-cffi's RFC 9106 low-memory profile) everywhere people sign in;
    # "minimal" only for test runs, where thousands of hashes would otherwise take minutes.
    password_hashing: Literal["standard", "minimal"] = "standard"

    @model_validator(mode="after")
    def refuse_unsafe_values(self) -> Settings:
        weak = self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32
        if self.environment != "test" and self.password_hashing == "minimal":
            raise ValueError(
                "DONDOC_PASSWORD_HASHING=minimal chỉ dùng khi chạy kiểm thử (DONDOC_ENVIRONMENT=test) / "
                "DONDOC_PASSWORD_HASHING=minimal is for test runs only (DONDOC_ENVIRONMENT=test)"
            )
        if self.environment == "production" and weak:
            raise ValueError(
                "DONDOC_SECRET_KEY phải là chuỗi bí mật riêng, ít nhất 32 ký tự / "
                "DONDOC_SECRET_KEY must be your own secret of at least 32 characters"
            )
        return self

    def today(self) -> date:
        """Today's date where the province is (not where the server is)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def sqlalchemy_url(self) -> str:
        """The URL with the driver SQLAlchemy needs: PostgreSQL goes through psycopg 3."""
        url = self.database_url
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
