"""Alembic migrations of the Mind-Muscle schema, shipped in the package and run by
:func:`mindmuscle.store.sql.migrate.upgrade` (no alembic.ini needed)."""
