"""job slots: each scheduled job runs once per interval across the processes of a deployment,
the one that claims the interval's row first

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_slot",
        sa.Column("job", sa.String(length=60), nullable=False),
        sa.Column("slot", sa.BigInteger(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("job", "slot", name=op.f("pk_job_slot")),
    )


def downgrade() -> None:
    op.drop_table("job_slot")
