"""a council round's roll, frozen when it opens

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Outside a batch: a plain ALTER TABLE ADD COLUMN on SQLite, where a batch would rebuild
    # votinground, which the other tables' foreign keys point at. Rounds opened before keep
    # null and are counted from the live members, as they were.
    op.add_column('votinground', sa.Column('roll_json', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('votinground', schema=None) as batch_op:
        batch_op.drop_column('roll_json')
