"""Periodic tasks of the tickets, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from .services import tickets_sla_check


@task()
def sla_check() -> int:
    return tickets_sla_check()
