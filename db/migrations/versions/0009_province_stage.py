"""the province's stage: officer and council-member roles, person ballots, province rules, decisions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = ('admin', 'secretary', 'leader', 'delegate')
ROLES_AFTER = ROLES_BEFORE + ('province_officer', 'council_member')
AWARD_STATUS_BEFORE = ('proposed', 'approved')
AWARD_STATUS_AFTER = AWARD_STATUS_BEFORE + ('not_approved',)
BLOC_KIND_BEFORE = ('bloc', 'cluster')
BLOC_KIND_AFTER = BLOC_KIND_BEFORE + ('council',)


def _allow(table: str, column: str, name: str, values: tuple[str, ...]) -> None:
    """Replaces an enum column's CHECK constraint (env.py turns SQLite's foreign keys off
    around migrations, so the batch may rebuild tables other tables point at)."""
    condition = f"{column} IN ({', '.join(repr(v) for v in values)})"
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(name, table, type_='check')
        op.create_check_constraint(name, table, condition)
        return
    with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
        batch_op.drop_constraint(name, type_='check')
        batch_op.create_check_constraint(name, condition)


def upgrade() -> None:
    _allow('app_user', 'role', 'ck_role', ROLES_AFTER)
    _allow('award', 'status', 'ck_awardstatus', AWARD_STATUS_AFTER)
    _allow('bloc', 'kind', 'ck_blockind', BLOC_KIND_AFTER)
    op.add_column('app_user', sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
    op.add_column('award', sa.Column('decision_date', sa.Date(), nullable=True))
    op.add_column('award', sa.Column('council_round_id', sa.Integer(), nullable=True))
    op.add_column('award', sa.Column('status_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_award_council_round_id', 'votinground', ['council_round_id'], ['id'])
    op.create_table(
        'personcheckin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['votinground.id']),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('round_id', 'user_id', name='uq_personcheckin_round_user'),
    )
    with op.batch_alter_table('personcheckin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personcheckin_round_id'), ['round_id'], unique=False)
    op.create_table(
        'personparticipation',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['votinground.id']),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('round_id', 'user_id', name='pk_personparticipation'),
    )
    op.create_table(
        'provincestagerules',
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('government_flag_cap', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('council_comparison', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('council_threshold', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('council_base', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('council_rules_text', sa.Text(), nullable=True),
        sa.Column('decision_signer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(['province_id'], ['province.id']),
        sa.PrimaryKeyConstraint('province_id'),
    )


def downgrade() -> None:
    op.drop_table('provincestagerules')
    op.drop_table('personparticipation')
    with op.batch_alter_table('personcheckin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personcheckin_round_id'))
    op.drop_table('personcheckin')
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_constraint('fk_award_council_round_id', type_='foreignkey')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('council_round_id')
        batch_op.drop_column('decision_date')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('position')
    _allow('bloc', 'kind', 'ck_blockind', BLOC_KIND_BEFORE)
    _allow('award', 'status', 'ck_awardstatus', AWARD_STATUS_BEFORE)
    _allow('app_user', 'role', 'ck_role', ROLES_BEFORE)
