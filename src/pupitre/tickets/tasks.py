from django_tasks import task

from . import notifications


@task()
def send_ticket_notification(kind: str, message_id: int) -> bool:
    return notifications.send_notification(kind, message_id)
