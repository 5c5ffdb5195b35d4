"""Periodic tasks of on-site maintenance, enqueued by `manage.py scheduler`
(`settings.PERIODIC_TASKS`); each calls a service."""

from django_tasks import task

from .services import interventions_send_reminders


@task()
def intervention_reminders() -> int:
    """The reminder to the school the school day before a visit (idempotent)."""
    return interventions_send_reminders()
