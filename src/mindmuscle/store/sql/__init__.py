"""The SQLAlchemy side of the store (imported only when a database is opened)."""
