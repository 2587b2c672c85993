"""plan figures: each live plan's dashboard and ranking figures, stored and refreshed after the
writes that change them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_figures",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_figures_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_figures")),
    )
    op.create_index("ix_plan_figures_refresh", "plan_figures", ["stale", "as_of"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_plan_figures_refresh", table_name="plan_figures")
    op.drop_table("plan_figures")
