"""Local storage: SQLAlchemy models, engine set-up, migrations, blob store and audit log."""
