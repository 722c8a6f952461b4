"""The database: models, migrations, the booking service and small stores (SQLAlchemy 2, sync)."""
