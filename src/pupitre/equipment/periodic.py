"""Periodic tasks of the device registry, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from .services import coverage_notices_send


@task()
def coverage_notices() -> int:
    """The notices before a coverage phase ends (idempotent)."""
    return coverage_notices_send()
