"""bloc operating rules: number, date and title of the bloc's quy chế hoạt động

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: existing blocs have no rules recorded until an admin types them.
    with op.batch_alter_table('bloc', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules_number', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column('rules_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('rules_title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('bloc', schema=None) as batch_op:
        batch_op.drop_column('rules_title')
        batch_op.drop_column('rules_date')
        batch_op.drop_column('rules_number')
