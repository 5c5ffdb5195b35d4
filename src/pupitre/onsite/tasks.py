"""Tasks the onsite services enqueue: the emails to the school."""

from django_tasks import task

from pupitre.core.outbox import DeliveryError

from . import notifications


@task()
def send_intervention_mail(
    kind: str, intervention_id: int, entry_id: int, attempt: int = 1
) -> bool:
    # The ticket side's refusal recorder and retry rule: a refused address is
    # written in the request's history; a temporary failure is tried again.
    from pupitre.tickets.tasks import _refusal_recorder, _retry_or_record

    try:
        return notifications.send_intervention_mail(
            kind, intervention_id, entry_id, on_refused=_refusal_recorder()
        )
    except DeliveryError as error:
        args = (kind, intervention_id, entry_id)
        _retry_or_record(error, send_intervention_mail, args, attempt)
        return False


@task()
def send_report(report_id: int, attempt: int = 1) -> bool:
    from pupitre.tickets.tasks import _refusal_recorder, _retry_or_record

    try:
        return notifications.send_report(report_id, on_refused=_refusal_recorder())
    except DeliveryError as error:
        _retry_or_record(error, send_report, (report_id,), attempt)
        return False
