from django_tasks import task

from . import notifications


@task()
def send_extension_decision(request_id: int) -> bool:
    return notifications.send_extension_decision(request_id)


@task()
def coverage_notices() -> int:
    # Imported here: services imports this module lazily.
    from .services import coverage_notices_send

    return coverage_notices_send()
