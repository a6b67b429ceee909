"""Alembic environment: always run with a live connection handed in by storage.migrate."""

from __future__ import annotations

from alembic import context

from paclient.models import Base
from paclient.storage.schema_filter import include_name

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through paclient.storage.migrate, which opens the key.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
