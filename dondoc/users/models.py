"""The user table. Passwords are stored only as argon2 hashes (users/security.py)."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dondoc.core.models import Base, TimestampMixin

USER_ROLES = ("admin", "coordinator", "reporter", "viewer")


class User(TimestampMixin, Base):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (
        CheckConstraint("role IN ('admin','coordinator','reporter','viewer')", name="role"),
        CheckConstraint("role <> 'reporter' OR agency_id IS NOT NULL", name="reporter_agency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(300))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    # The province whose plans the user sees and changes; None: a national user (all provinces).
    province: Mapped[str | None] = mapped_column(String(80), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
