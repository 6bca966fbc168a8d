"""work queue indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 08:00:00.000000

Partial indexes for the work queue shown at start-up: unpaid instalments by due date and
loans with a balance by maturity date, so that its counts read an index alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_instalments_unpaid_due",
        "repayment_instalments",
        ["due_on"],
        unique=False,
        sqlite_where=sa.text("paid_on IS NULL"),
    )
    op.create_index(
        "ix_loans_maturing",
        "loans",
        ["matures_on"],
        unique=False,
        sqlite_where=sa.text("balance_fen > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_loans_maturing", table_name="loans")
    op.drop_index("ix_instalments_unpaid_due", table_name="repayment_instalments")
