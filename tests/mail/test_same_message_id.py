"""Different messages that share a Message-ID are each stored and processed;
the same message received again is stored once. Replies to a reused id
thread the same way whenever they come."""

import smtplib

import pytest

from pupitre.mail import services
from pupitre.mail.identity import content_digest
from pupitre.mail.imap import fetch_mailbox
from pupitre.mail.management.commands.smtp_receiver import controller
from pupitre.mail.models import InboundMail, Outcome, State
from pupitre.tickets.models import EMAIL_ELSEWHERE, EventField, Ticket

from .conftest import make_mail
from .servers import free_port
from .test_imap import mailbox_for, unflagged

REUSED = "scan-0001@scanner.ecole.example"


def scans(count: int = 3) -> list[bytes]:
    """What a scanner sends: a new document each time, always one id."""
    return [
        make_mail(subject=f"Scan {n}", body=f"Document {n} scanné.", message_id=REUSED)
        for n in range(count)
    ]


def stored_in_order() -> list[InboundMail]:
    return list(InboundMail.objects.order_by("pk"))


def test_different_messages_with_one_message_id_are_each_stored_and_processed(teacher):
    for raw in scans():
        assert services.inbound_store(raw=raw) == 1
    assert services.inbound_process_pending() == 3

    first, second, third = stored_in_order()
    assert {mail.message_id for mail in (first, second, third)} == {REUSED}
    assert [mail.state for mail in (first, second, third)] == [State.PROCESSED] * 3
    assert [mail.ticket.subject for mail in (first, second, third)] == [
        "Scan 0",
        "Scan 1",
        "Scan 2",
    ]
    # The collision is noted on the later ones.
    assert first.message_id_first_used_by is None
    assert second.message_id_first_used_by == first
    assert third.message_id_first_used_by == first


def test_the_same_bytes_again_are_stored_once(teacher):
    raw = make_mail(message_id=REUSED)
    assert services.inbound_store(raw=raw) == 1
    assert services.inbound_store(raw=raw) == 0
    services.inbound_process_pending()
    assert InboundMail.objects.count() == 1 and Ticket.objects.count() == 1


def test_the_same_mail_relayed_twice_with_other_trace_headers_is_stored_once(teacher):
    raw = make_mail(message_id=REUSED)
    relayed = (
        b"Received: from relay2.example by mx.pupitre.example; Mon, 7 Dec 2026 10:00:00 +0100\r\n"
        b"Delivered-To: support-de@pupitre.example\r\n" + raw.replace(b"\n", b"\r\n")
    )
    assert content_digest(relayed) == content_digest(raw)
    assert services.inbound_store(raw=raw) == 1
    assert services.inbound_store(raw=relayed) == 0


def test_a_reply_to_a_reused_id_goes_to_its_oldest_ticket_in_any_batch(teacher):
    for raw in scans(2):
        services.inbound_store(raw=raw)
    # The reply comes in the same batch as the mails it answers ...
    services.inbound_store(raw=make_mail(subject="Re: Scan", body="Merci", in_reply_to=REUSED))
    services.inbound_process_pending()
    first, second, reply = stored_in_order()
    assert reply.outcome == Outcome.REPLY and reply.ticket == first.ticket != second.ticket
    # ... or later: the same ticket.
    services.inbound_store(raw=make_mail(subject="Re: Scan", body="Encore", in_reply_to=REUSED))
    services.inbound_process_pending()
    assert stored_in_order()[-1].ticket == first.ticket


def test_a_reply_to_a_reused_id_follows_the_number_in_its_subject(teacher):
    for raw in scans(2):
        services.inbound_store(raw=raw)
    services.inbound_process_pending()
    first, second = stored_in_order()
    services.inbound_store(
        raw=make_mail(
            subject=f"Re: [{second.ticket.number}] Scan 1", body="Merci", in_reply_to=REUSED
        )
    )
    services.inbound_process_pending()
    reply = stored_in_order()[-1]
    assert reply.outcome == Outcome.REPLY and reply.ticket == second.ticket


def test_a_reply_to_an_id_on_one_ticket_only_beats_a_reused_one(teacher):
    unique = make_mail(subject="Imprimante", message_id="unique-1@ecole.example")
    for raw in [*scans(2), unique]:
        services.inbound_store(raw=raw)
    services.inbound_process_pending()
    printer = InboundMail.objects.get(message_id="unique-1@ecole.example").ticket
    services.inbound_store(
        raw=make_mail(
            subject="Re: Imprimante",
            body="Merci",
            in_reply_to=REUSED,
            references=["unique-1@ecole.example", REUSED],
        )
    )
    services.inbound_process_pending()
    assert stored_in_order()[-1].ticket == printer


@pytest.mark.dovecot
def test_imap_stores_each_message_of_a_reused_id_and_a_redelivery_once(dovecot, teacher):
    box = mailbox_for(dovecot)
    raws = scans()
    for n, raw in enumerate(raws):
        dovecot.deliver(raw, f"{n}.mail")
    dovecot.deliver(raws[1], "again.mail")  # a genuine re-delivery: new UID, same bytes
    assert fetch_mailbox(box) == 3
    assert unflagged(dovecot) == []  # the re-delivery too: it is stored
    assert services.inbound_process_pending() == 3
    mails = stored_in_order()
    assert len({mail.uid for mail in mails}) == 3
    assert sorted(mail.ticket.subject for mail in mails) == ["Scan 0", "Scan 1", "Scan 2"]
    assert Ticket.objects.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keeps_service_data")
def test_smtp_stores_each_message_of_a_reused_id_and_a_redelivery_once(teacher):
    port = free_port()
    server = controller("127.0.0.1", port, ["pupitre.example"])
    server.start()
    try:
        raws = scans()
        with smtplib.SMTP("127.0.0.1", port) as client:
            for raw in [*raws, raws[0]]:  # the relay retries the first one
                assert client.sendmail(teacher.email, ["support@pupitre.example"], raw) == {}
    finally:
        server.stop()
    mails = stored_in_order()
    assert [mail.state for mail in mails] == [State.PROCESSED] * 3
    assert [mail.ticket.subject for mail in mails] == ["Scan 0", "Scan 1", "Scan 2"]


def test_a_mail_linked_by_hand_names_the_oldest_requests_holding_its_id(teacher, agent_fr):
    """A scanner's id on seven requests: a document of it from an unknown
    address, linked to the school by hand, is filed; its history names the
    five oldest of them."""
    for raw in scans(7):
        services.inbound_store(raw=raw)
    services.inbound_process_pending()
    holding = [mail.ticket.number for mail in stored_in_order()]
    services.inbound_store(
        raw=make_mail(sender="copieur@free.example", subject="Scan 8", message_id=REUSED)
    )
    services.inbound_process_pending()
    triage = InboundMail.objects.get(state=State.TRIAGE)
    school = teacher.memberships.get().school
    filed = services.inbound_link_school(inbound=triage, school=school, by=agent_fr)
    assert filed.ticket.number not in holding
    assert filed.also_on == tuple(holding[:5])
    [event] = filed.ticket.messages.filter(field=EventField.EMAIL)
    assert (event.author, event.old_value, event.new_value, event.body) == (
        agent_fr,
        REUSED,
        EMAIL_ELSEWHERE,
        ", ".join(holding[:5]),
    )
