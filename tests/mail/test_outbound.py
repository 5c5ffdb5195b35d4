"""Notifications through a real SMTP server: headers, threading, retries,
failures shown on the ticket."""

from email import message_from_bytes, policy

from django.urls import reverse

from pupitre.mail import services, threading
from pupitre.mail.models import BouncingAddress, InboundMail
from pupitre.tickets import services as tickets
from pupitre.tickets.models import EventField, MessageKind, Status
from pupitre.tickets.tasks import send_ticket_notification

from ..factories import make_ticket
from .conftest import make_mail


def sent(sink, index=-1):
    recipients, raw = sink.messages[index]
    return recipients, message_from_bytes(raw, policy=policy.default)


def ingest(raw: bytes) -> InboundMail:
    services.inbound_store(raw=raw)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))


def test_acknowledgement_threads_with_the_request_and_its_answer_comes_back(
    teacher, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ingest(make_mail(message_id="first-mail@school.example"))
    ticket = request.ticket
    recipients, ack = sent(smtp)
    assert recipients == [teacher.email]
    assert ticket.number in ack["Subject"]
    assert ack["Auto-Submitted"] == "auto-generated"
    assert ack["In-Reply-To"] == "<first-mail@school.example>"
    assert "<first-mail@school.example>" in ack["References"]
    ack_id = ack["Message-ID"].strip("<>")
    assert threading.ticket_id_of(ack_id) == ticket.pk
    assert ack.get_content_type() == "multipart/alternative"
    text = ack.get_body(("plain",)).get_content()
    html = ack.get_body(("html",)).get_content()
    for part in (text, html):
        assert ticket.number in part
        assert "##- " in part  # the "reply above this line" marker
    # The school answers the acknowledgement, quoting it, under a new subject.
    quoted = "\n".join("> " + line for line in text.splitlines())
    answer = make_mail(subject="Photo", body="Voici la photo.\n\n" + quoted, in_reply_to=ack_id)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ingest(answer)
    assert reply.ticket == ticket and reply.entry.body == "Voici la photo."
    assert ticket.number in reply.entry.quoted_text


def test_staff_reply_is_written_by_a_person_and_threads(teacher, agent_fr, smtp, settings):
    ticket = make_ticket(teacher)
    reply = tickets.ticket_reply(ticket=ticket, author=agent_fr, body="Redémarrez l'écran.")
    send_ticket_notification.call("staff_reply", reply.pk)
    _recipients, email = sent(smtp)
    assert "Auto-Submitted" not in email
    assert "Redémarrez" in email.get_body(("plain",)).get_content()
    assert "Redémarrez" in email.get_body(("html",)).get_content()
    assert email["X-Pupitre-Ticket"] == ticket.number
    assert email["References"]  # the acknowledgement's id starts the thread


def test_waiting_and_resolved_are_told_in_the_schools_language(
    german_teacher, agent_de, smtp, django_capture_on_commit_callbacks
):
    ticket = make_ticket(german_teacher, subject="Beamer")
    with django_capture_on_commit_callbacks(execute=True):
        tickets.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_de)
    with django_capture_on_commit_callbacks(execute=True):
        tickets.ticket_set_status(ticket=ticket, status=Status.RESOLVED, by=agent_de)
    subjects = [sent(smtp, i)[1]["Subject"] for i in range(len(smtp.messages))]
    assert len(subjects) == 2
    assert all(ticket.number in subject for subject in subjects)
    waiting = sent(smtp, 0)[1].get_body(("plain",)).get_content()
    resolved = sent(smtp, 1)[1].get_body(("plain",)).get_content()
    assert "Antwort" in waiting and "gelöst" in resolved
    assert sent(smtp, 1)[1]["Auto-Submitted"] == "auto-generated"


def test_a_temporary_refusal_is_retried_and_sent_once(teacher, smtp, settings):
    smtp.refuse[teacher.email] = "451 4.3.0 try again later"
    ticket = make_ticket(teacher)
    first = ticket.messages.get(kind=MessageKind.REPLY)
    send_ticket_notification.call("received", first.pk)
    assert len(smtp.messages) == 1
    assert not ticket.messages.filter(field=EventField.EMAIL).exists()


def test_a_permanent_refusal_shows_on_the_ticket(teacher, agent_fr, smtp, client):
    smtp.refuse[teacher.email] = "550 5.1.1 mailbox unknown"
    ticket = make_ticket(teacher)
    send_ticket_notification.call("received", ticket.messages.get(kind=MessageKind.REPLY).pk)
    assert smtp.messages == []
    event = ticket.messages.get(field=EventField.EMAIL)
    assert event.old_value == teacher.email and "550" in event.body
    client.force_login(agent_fr)
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "mailbox unknown" in page and teacher.email in page


def test_nothing_is_sent_to_a_bouncing_address_and_the_ticket_says_so(teacher, smtp):
    BouncingAddress.objects.create(address=teacher.email, reported_at="2026-01-01T00:00Z")
    ticket = make_ticket(teacher)
    send_ticket_notification.call("received", ticket.messages.get(kind=MessageKind.REPLY).pk)
    assert smtp.messages == []
    assert ticket.messages.filter(field=EventField.EMAIL, old_value=teacher.email).exists()
