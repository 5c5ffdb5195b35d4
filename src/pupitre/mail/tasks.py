from django_tasks import task

from . import services


@task()
def mail_poll() -> int:
    """Fetch every active mailbox, then process what waits (also what the
    SMTP receiver or an interrupted run left)."""
    from .imap import fetch_mailbox
    from .models import Mailbox

    for mailbox in Mailbox.objects.filter(is_active=True).order_by("pk"):
        fetch_mailbox(mailbox)
    return services.inbound_process_pending()


@task()
def mail_process_pending() -> int:
    return services.inbound_process_pending()
