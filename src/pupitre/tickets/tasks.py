"""Tasks the ticket services enqueue: the emails about a request.

A refusal is recorded on the ticket by the service `ticket_record_delivery_failure`,
imported where it is used: the services enqueue these tasks.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from pupitre.core.outbox import DeliveryError

from . import notifications


@task()
def send_ticket_notification(kind: str, message_id: int, attempt: int = 1) -> bool:
    try:
        return notifications.send_notification(kind, message_id, on_refused=_refusal_recorder())
    except DeliveryError as error:
        _retry_or_record(error, send_ticket_notification, (kind, message_id), attempt)
        return False


@task()
def send_sla_alert(event_id: int, attempt: int = 1) -> int:
    try:
        return notifications.send_sla_alert(event_id, on_refused=_refusal_recorder())
    except DeliveryError as error:
        _retry_or_record(error, send_sla_alert, (event_id,), attempt)
        return 0


def _refusal_recorder():
    from .services import ticket_record_delivery_failure

    def record(ticket_id: int, address: str, reason: str) -> None:
        ticket_record_delivery_failure(ticket_id=ticket_id, address=address, reason=reason)

    return record


def _retry_or_record(error: DeliveryError, again, args: tuple, attempt: int) -> None:
    """Try a temporary failure again later (1, 4, 9, 16 … minutes); record a
    permanent one, or the last attempt, on the ticket."""
    if not error.permanent and attempt < settings.MAIL_SEND_ATTEMPTS:
        retry = again
        if again.get_backend().supports_defer:
            retry = again.using(run_after=timezone.now() + timedelta(minutes=attempt * attempt))
        retry.enqueue(*args, attempt=attempt + 1)
        return
    record = _refusal_recorder()
    for address in error.recipients:
        record(error.ticket_id, address, error.reason)
