"""The store: SQLAlchemy mapping, opening and migrating databases, the unit of work."""
