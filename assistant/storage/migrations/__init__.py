"""Alembic revisions for the budgetmix database, shipped inside the package.

:func:`assistant.storage.database.open_database` runs them; there is no alembic.ini. To add a
revision, write a new file in ``versions/`` whose ``down_revision`` is the current head, and
change ``assistant/storage/schema.py`` to match (a test compares the two).
"""
