"""Tasks queued with the change they are about."""

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` so that it runs once the current transaction commits.

    With the database queue (the default backend) the task's row is written
    inside the transaction: it exists exactly when the change does (a crash
    between the commit and the enqueue cannot lose a notification), and a
    request commits once instead of twice. Any other queue gets the task
    after the commit, so that a worker never runs it on unsaved data."""
    from django_tasks_db import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend) and transaction.get_autocommit() is False:
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
