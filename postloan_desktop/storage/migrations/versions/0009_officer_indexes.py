"""officer indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 09:00:00.000000

An index on each of a loan's officers, for "my loans only" in the work queue and the loans
view: SQLite answers officer A OR officer B from the two.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_loans_officer_a", "loans", ["officer_a_id"], unique=False)
    op.create_index("ix_loans_officer_b", "loans", ["officer_b_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_loans_officer_b", table_name="loans")
    op.drop_index("ix_loans_officer_a", table_name="loans")
