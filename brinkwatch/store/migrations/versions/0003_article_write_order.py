"""Write order of articles (articles.seq), so concurrent writers see each other's near-copies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Articles stored before keep NULL: every writer reads them all when it starts. A unique index,
    # not a constraint: SQLite adds it without rebuilding the table.
    op.add_column("articles", sa.Column("seq", sa.Integer(), nullable=True))
    op.create_index("ix_articles_seq", "articles", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_articles_seq", table_name="articles")
    op.drop_column("articles", "seq")
