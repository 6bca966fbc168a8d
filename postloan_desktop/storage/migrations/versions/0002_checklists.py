"""checklists: templates, carried-forward answers, next-date override

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 23:24:33.245167
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_templates",
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("template_id", "version", name=op.f("pk_checklist_templates")),
    )
    with op.batch_alter_table("inspection_answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("carried_forward", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_override", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("next_due_override_reason", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("next_due_override_reason")
        batch_op.drop_column("next_due_override")

    with op.batch_alter_table("inspection_answers", schema=None) as batch_op:
        batch_op.drop_column("carried_forward")

    op.drop_table("checklist_templates")
