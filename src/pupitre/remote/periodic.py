"""Periodic tasks of remote maintenance, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

import logging

from django_tasks import task

from . import services
from .meshcentral import MeshCentralError

logger = logging.getLogger(__name__)


@task()
def computers_sync() -> dict:
    """The computers MeshCentral knows, their online state and their match
    to the registry (nothing when remote maintenance is not configured).
    MeshCentral down or refusing is logged, not raised: the next round
    tries again, and the mirror keeps what it knew."""
    try:
        return services.computers_sync()
    except MeshCentralError as error:
        logger.warning("MeshCentral sync skipped: %s (%s)", error.code, error.detail)
        return {"error": error.code}


@task()
def sessions_import() -> int:
    """The sessions MeshCentral ran since the last read, into their tickets'
    history and the access log (idempotent). MeshCentral down is logged: the
    next round reads what was missed."""
    try:
        return services.sessions_import()
    except MeshCentralError as error:
        logger.warning("MeshCentral session import skipped: %s (%s)", error.code, error.detail)
        return 0


@task()
def sessions_purge() -> int:
    """Sessions past the retention period are deleted."""
    return services.sessions_purge()
