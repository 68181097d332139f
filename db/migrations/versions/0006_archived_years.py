"""archived years: a bloc-year made read-only

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('archivedyear',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bloc_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['bloc_id'], ['bloc.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bloc_id', 'year', name='uq_archivedyear_bloc_year')
    )
    with op.batch_alter_table('archivedyear', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archivedyear_bloc_id'), ['bloc_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('archivedyear', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archivedyear_bloc_id'))

    op.drop_table('archivedyear')
