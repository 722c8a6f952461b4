"""Alembic environment: migrates the connection `Database.upgrade` hands over, or sqlalchemy.url."""

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from storage.models import Base

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=NullPool)
    with engine.begin() as connection:
        run(connection)
