"""The SMTP receiver: only configured domains, 250 only once stored."""

import smtplib

import pytest

from pupitre.mail.management.commands.smtp_receiver import controller
from pupitre.mail.models import InboundMail, Mailbox, Source, State

from .conftest import make_mail
from .servers import free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keeps_service_data"),
]


@pytest.fixture
def receiver():
    port = free_port()
    server = controller("127.0.0.1", port, ["pupitre.example"])
    server.start()
    yield port
    server.stop()


def test_mail_for_a_configured_domain_is_stored_and_processed(receiver, teacher):
    box = Mailbox.objects.create(
        name="FR", address="support@pupitre.example", host="-", username="-", language="fr"
    )
    with smtplib.SMTP("127.0.0.1", receiver) as client:
        refused = client.sendmail(teacher.email, ["support@pupitre.example"], make_mail())
    assert refused == {}
    mail = InboundMail.objects.get()
    assert mail.source == Source.SMTP and mail.mailbox == box
    # Processed by the task enqueued after the commit (immediate backend here).
    assert mail.state == State.PROCESSED and mail.ticket.requester == teacher


def test_mail_for_another_domain_is_refused(receiver, db):
    with smtplib.SMTP("127.0.0.1", receiver) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("a@b.example", ["someone@elsewhere.example"], make_mail())
    assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    assert not InboundMail.objects.exists()
