"""Periodic tasks of the phone line, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from .services import calls_purge as _calls_purge


@task()
def calls_purge() -> int:
    """Delete the calls older than the retention period (idempotent)."""
    return _calls_purge()
