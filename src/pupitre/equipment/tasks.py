"""Tasks the equipment services enqueue."""

from django_tasks import task

from . import notifications


@task()
def send_extension_decision(request_id: int) -> bool:
    return notifications.send_extension_decision(request_id)
