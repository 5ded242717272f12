"""Indexes for filtered event lists: (type, actor, recipient, date) and (type, goldstein, id).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_type_actor_recipient", "events", ["type", "actor_code", "recipient_code", "event_date"])
    op.create_index("ix_events_type_goldstein", "events", ["type", "goldstein", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_type_goldstein", table_name="events")
    op.drop_index("ix_events_type_actor_recipient", table_name="events")
