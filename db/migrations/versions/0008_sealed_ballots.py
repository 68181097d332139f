"""sealed ballots: the round's public key and cards, and the box of ciphertexts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable key: rounds opened before this version stay unsealed and count as before.
    with op.batch_alter_table('votinground', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal_public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('seal_threshold', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('seal_cards', sa.Integer(), nullable=True))
    # Outside the batch: a plain ALTER TABLE ADD COLUMN (NOT NULL with a default) on SQLite,
    # where a batch would rebuild votinground, which the other tables' foreign keys refuse.
    op.add_column('votinground', sa.Column('cards_handed_out', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'sealed_ballot',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('ciphertext', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['votinground.id']),
        sa.PrimaryKeyConstraint('id'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('sealed_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sealed_ballot_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sealed_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sealed_ballot_round_id'))
    op.drop_table('sealed_ballot')
    op.drop_column('votinground', 'cards_handed_out')
    with op.batch_alter_table('votinground', schema=None) as batch_op:
        batch_op.drop_column('seal_cards')
        batch_op.drop_column('seal_threshold')
        batch_op.drop_column('seal_public_key')
