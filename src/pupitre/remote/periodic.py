"""Periodic tasks of remote maintenance, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from .services import computers_sync as sync


@task()
def computers_sync() -> dict:
    """The computers MeshCentral knows, their online state and their match
    to the registry (nothing when remote maintenance is not configured)."""
    return sync()
