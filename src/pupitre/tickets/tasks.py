from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from pupitre.mail.outbound import DeliveryError

from . import notifications


@task()
def send_ticket_notification(kind: str, message_id: int, attempt: int = 1) -> bool:
    try:
        return notifications.send_notification(kind, message_id)
    except DeliveryError as error:
        _retry_or_record(error, send_ticket_notification, (kind, message_id), attempt)
        return False


@task()
def send_sla_alert(event_id: int, attempt: int = 1) -> int:
    try:
        return notifications.send_sla_alert(event_id)
    except DeliveryError as error:
        _retry_or_record(error, send_sla_alert, (event_id,), attempt)
        return 0


@task()
def sla_check() -> int:
    # Imported here like in services: services imports this module lazily.
    from .services import tickets_sla_check

    return tickets_sla_check()


def _retry_or_record(error: DeliveryError, again, args: tuple, attempt: int) -> None:
    """Try a temporary failure again later (1, 4, 9, 16 … minutes); record a
    permanent one, or the last attempt, on the ticket."""
    from .services import ticket_record_delivery_failure

    if not error.permanent and attempt < settings.MAIL_SEND_ATTEMPTS:
        retry = again
        if again.get_backend().supports_defer:
            retry = again.using(run_after=timezone.now() + timedelta(minutes=attempt * attempt))
        retry.enqueue(*args, attempt=attempt + 1)
        return
    for address in error.recipients:
        ticket_record_delivery_failure(
            ticket_id=error.ticket_id, address=address, reason=error.reason
        )
