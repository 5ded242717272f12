"""Alembic environment: run migrations on the connection `brinkwatch.store` hands over.

`brinkwatch.store.migrate.upgrade` passes an open connection in `config.attributes["connection"]`,
so the same code path migrates SQLite files and PostgreSQL databases and no alembic.ini is needed.
"""

from __future__ import annotations

from alembic import context

from brinkwatch.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
)
with context.begin_transaction():
    context.run_migrations()
