from django_tasks import task

from . import notifications


@task()
def send_ticket_notification(kind: str, message_id: int) -> bool:
    return notifications.send_notification(kind, message_id)


@task()
def send_sla_alert(event_id: int) -> int:
    return notifications.send_sla_alert(event_id)


@task()
def sla_check() -> int:
    # Imported here like in services: services imports this module lazily.
    from .services import tickets_sla_check

    return tickets_sla_check()
