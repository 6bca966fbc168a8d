"""collateral notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collateral_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("collateral_id", sa.Uuid(), nullable=False),
        sa.Column("condition", sa.String(length=32), nullable=True),
        sa.Column("estimated_value_fen", sa.Integer(), nullable=True),
        sa.Column("valuation_basis", sa.String(length=100), nullable=False),
        sa.Column("registration_valid", sa.Boolean(), nullable=True),
        sa.Column("insurance_valid", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collateral_id"],
            ["collateral.id"],
            name=op.f("fk_collateral_notes_collateral_id_collateral"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_collateral_notes_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_collateral_notes_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collateral_notes")),
        sa.UniqueConstraint(
            "inspection_id", "collateral_id", name=op.f("uq_collateral_notes_inspection_id")
        ),
    )
    with op.batch_alter_table("collateral_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collateral_notes_collateral_id"), ["collateral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("collateral_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collateral_notes_collateral_id"))

    op.drop_table("collateral_notes")
