"""Periodic tasks of remote maintenance, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

import logging

from django_tasks import task

from .meshcentral import MeshCentralError
from .services import computers_sync as sync

logger = logging.getLogger(__name__)


@task()
def computers_sync() -> dict:
    """The computers MeshCentral knows, their online state and their match
    to the registry (nothing when remote maintenance is not configured).
    MeshCentral down or refusing is logged, not raised: the next round
    tries again, and the mirror keeps what it knew."""
    try:
        return sync()
    except MeshCentralError as error:
        logger.warning("MeshCentral sync skipped: %s (%s)", error.code, error.detail)
        return {"error": error.code}
