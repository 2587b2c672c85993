"""province scope: a user of a province (`user_account.province`; NULL for a national user) sees
that province's plans (`plan.scope_province`, the province that governs the plan's territory today,
after the 2025 mergers; NULL for a central plan); both indexed with agency.province

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 11:50:00.000000
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from dondoc.agencies.reference import province_successor

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_user_account_province", ["province"])
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope_province", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_plan_scope_province", ["scope_province", "status"])
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.create_index("ix_agency_province", ["province"])
    # The plans stored so far: the province that governs what each one's province was.
    plan = sa.table("plan", sa.column("id", sa.Integer()), sa.column("province"), sa.column("scope_province"))
    bind = op.get_bind()
    today = date.today()
    for plan_id, province in bind.execute(sa.select(plan.c.id, plan.c.province)).all():
        if province:
            scope = province_successor(province, today)
            bind.execute(plan.update().where(plan.c.id == plan_id).values(scope_province=scope))


def downgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_index("ix_agency_province")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_scope_province")
        batch_op.drop_column("scope_province")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index("ix_user_account_province")
        batch_op.drop_column("province")
