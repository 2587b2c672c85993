"""drop plan.extraction: the raw extraction (megabytes per plan) was written and never read; the
review and the version diff read the stored rows and plan.source_lines

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("extraction")


def downgrade() -> None:
    # The dropped extractions are not restored: each plan gets an empty one, so that the column
    # is NOT NULL again as revision 0004 had it.
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extraction", sa.JSON(), nullable=True))
    plan = sa.table("plan", sa.column("extraction", sa.JSON()))
    op.execute(plan.update().values(extraction={}))
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.alter_column("extraction", existing_type=sa.JSON(), nullable=False)
