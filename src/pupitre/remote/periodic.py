"""Periodic tasks of remote maintenance, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from . import services


@task()
def computers_sync() -> dict:
    """The computers MeshCentral knows, their online state and their match
    to the registry (nothing when remote maintenance is not configured)."""
    return services.computers_sync()


@task()
def sessions_import() -> int:
    """The sessions MeshCentral ran since the last read, into their tickets'
    history and the access log (idempotent)."""
    return services.sessions_import()


@task()
def sessions_purge() -> int:
    """Sessions past the retention period are deleted."""
    return services.sessions_purge()
