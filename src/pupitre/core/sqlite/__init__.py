"""Django's SQLite backend, with writers queued by a lock file (`base.py`)."""
