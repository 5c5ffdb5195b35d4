"""delivery_failure reads delivery status notifications."""

from pathlib import Path

import pytest
from django.urls import reverse

from pupitre.mail import services, threading
from pupitre.mail.bounces import delivery_failure
from pupitre.mail.models import BouncingAddress, InboundMail, Problem, State
from pupitre.mail.parsing import parse_mail
from pupitre.tickets.models import MessageKind
from pupitre.tickets.notifications import SLA_ALERT

from ..factories import make_ticket
from .corpora import corpus
from .zammad_corpus import box_files

DSN = b"""From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
To: support@pupitre.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system. Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; nobody@ecole.be
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <nobody@ecole.be>: Recipient address rejected

--B
Content-Type: text/rfc822-headers

From: support@pupitre.example
To: nobody@ecole.be
Message-ID: <reply-42@pupitre.example>
Subject: [#42] Votre demande

--B--
"""


def test_standard_report_names_message_recipient_and_permanence():
    failure = delivery_failure(parse_mail(DSN), DSN)
    assert failure is not None
    assert failure.original_message_id == "reply-42@pupitre.example"
    assert failure.failed_recipients == ("nobody@ecole.be",)
    assert failure.permanent is True
    assert "Recipient address rejected" in failure.diagnostic


def test_ordinary_mail_is_no_bounce():
    raw = (
        b"From: a@ecole.be\nTo: support@pupitre.example\nSubject: Wifi\n\nLe wifi ne marche pas.\n"
    )
    assert delivery_failure(parse_mail(raw), raw) is None


FIXTURES = Path(__file__).parent / "fixtures"


def failure_of(raw: bytes):
    return delivery_failure(parse_mail(raw), raw)


@pytest.mark.parametrize(
    ("name", "message_id", "recipient", "permanent"),
    [
        ("bounce_qmail.eml", "ticket-50.3.aa11@pupitre.example", "absent@ecole.be", True),
        ("bounce_exim.eml", "ticket-51.1.bb22@pupitre.example", "nobody@athenee.be", True),
        (
            "bounce_exchange_de.eml",
            "ticket-52.2.cc33@pupitre.example",
            "frau.beispiel@schule-eupen.be",
            True,
        ),
        (
            "bounce_exchange_fr_delayed.eml",
            "ticket-53.1.dd44@pupitre.example",
            "direction@athenee-namur.be",
            False,
        ),
    ],
)
def test_bounces_name_the_returned_message_and_the_failed_recipient(
    name, message_id, recipient, permanent
):
    failure = failure_of((FIXTURES / name).read_bytes())
    assert failure is not None
    assert failure.original_message_id == message_id
    assert failure.failed_recipients == (recipient,)
    assert failure.permanent is permanent


def test_the_copy_of_the_returned_message_does_not_add_recipients():
    # The qmail copy mentions support@pupitre.example in its body.
    failure = failure_of((FIXTURES / "bounce_qmail.eml").read_bytes())
    assert failure.failed_recipients == ("absent@ecole.be",)


def test_an_out_of_office_reply_is_no_bounce():
    assert failure_of((FIXTURES / "auto_reply_de.eml").read_bytes()) is None


def test_a_delivered_notification_is_no_failure():
    delivered = DSN.replace(b"Action: failed", b"Action: delivered").replace(
        b"Status: 5.1.1", b"Status: 2.0.0"
    )
    assert failure_of(delivered) is None


@pytest.fixture(scope="module")
def zammad():
    return corpus("zammad-mail")


@pytest.mark.parametrize(
    ("name", "message_id", "recipient", "permanent"),
    [
        # Exchange, report text in UTF-7.
        ("mail018", "20131115125507.4636.975502@portal.znuny.com", "m.smith@example.com", True),
        (
            "mail033-undelivered-mail-returned-to-sender",
            "20150830145601.30.608881@edenhofer.zammad.com",
            "not_existing@znuny.com",
            True,
        ),
        # Postfix gave up after retrying (4.4.1, Action: failed): final.
        ("mail053", "20170227103514.188.920664@help.example.com", "john_example@example.com", True),
        (
            "mail055",
            "20170526150141.232.13312@example.zammad.loc",
            "ticket-bounce-trigger2@example.com",
            True,
        ),
        (
            "mail063",
            "E8C3CD7C-8350-4E48-97C5-AE18EE900ECD@example.com",
            "notextisting@example.com",
            True,
        ),
        # Gmail's delay notification: it will retry.
        ("mail078", "20150830145601.30.608881@example.com", "bob.smith@example.de", False),
        # The returned message carries no Message-ID.
        ("mail092", "", "receiver@example.org", True),
    ],
)
def test_corpus_bounces_are_read(zammad, name, message_id, recipient, permanent):
    failure = failure_of((zammad / f"{name}.box").read_bytes())
    assert failure is not None
    assert (failure.original_message_id, failure.failed_recipients, failure.permanent) == (
        message_id,
        (recipient,),
        permanent,
    )


def test_no_other_corpus_mail_is_taken_for_a_bounce(zammad):
    bounces = {
        "mail018",
        "mail033-undelivered-mail-returned-to-sender",
        "mail053",
        "mail055",
        "mail063",
        "mail078",
        "mail092",
    }
    for path in box_files(zammad):
        if path.stem not in bounces:
            assert failure_of(path.read_bytes()) is None, path.stem


def test_a_returned_message_id_the_standard_library_chokes_on_is_read_by_hand():
    broken = DSN.replace(b"Message-ID: <reply-42@pupitre.example>", b"Message-ID: <@x>")
    broken = broken.replace(b"Content-Type: text/rfc822-headers", b"Content-Type: message/rfc822")
    failure = failure_of(broken)
    assert failure is not None and failure.original_message_id == "@x"


# --- Which reports may mark an address -----------------------------------------

# Real report shapes: (where, file, the Message-ID it returns, the failed recipient).
REAL_REPORTS = [
    ("fixtures", "bounce_qmail.eml", "ticket-50.3.aa11@pupitre.example", "absent@ecole.be"),
    ("fixtures", "bounce_exim.eml", "ticket-51.1.bb22@pupitre.example", "nobody@athenee.be"),
    (
        "fixtures",
        "bounce_exchange_de.eml",
        "ticket-52.2.cc33@pupitre.example",
        "frau.beispiel@schule-eupen.be",
    ),
    (
        "zammad-mail",
        "mail033-undelivered-mail-returned-to-sender.box",
        "20150830145601.30.608881@edenhofer.zammad.com",
        "not_existing@znuny.com",
    ),
    (
        "zammad-mail",
        "mail053.box",
        "20170227103514.188.920664@help.example.com",
        "john_example@example.com",
    ),
    (
        "zammad-mail",
        "mail063.box",
        "E8C3CD7C-8350-4E48-97C5-AE18EE900ECD@example.com",
        "notextisting@example.com",
    ),
]


def real_report(where: str, name: str) -> bytes:
    folder = FIXTURES if where == "fixtures" else corpus(where)
    return (folder / name).read_bytes()


def ingest(raw: bytes) -> InboundMail:
    services.inbound_store(raw=raw)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))


def signed_id(ticket) -> str:
    first = ticket.messages.filter(kind=MessageKind.REPLY).first()
    return threading.outgoing_message_id(ticket.pk, first.pk, "staff_reply")


@pytest.mark.parametrize(("where", "name", "message_id", "recipient"), REAL_REPORTS)
def test_a_report_about_a_message_we_did_not_send_marks_nobody_and_is_a_mail_problem(
    client, agent_fr, teacher, where, name, message_id, recipient
):
    # The report names a member of a school, but returns a message of someone else.
    forged = real_report(where, name).replace(recipient.encode(), teacher.email.encode())
    received = ingest(forged)
    assert not BouncingAddress.objects.exists()
    assert (received.state, received.problem) == (State.FAILED, Problem.FOREIGN_REPORT)
    assert received.ticket is None
    client.force_login(agent_fr)
    page = client.get(reverse("desk:mail_problems")).content.decode()
    assert "Rapport sur un message que nous n’avons pas envoyé" in page


@pytest.mark.parametrize(("where", "name", "message_id", "recipient"), REAL_REPORTS)
def test_a_report_about_our_signed_message_marks_the_requester(
    teacher, where, name, message_id, recipient
):
    ticket = make_ticket(teacher)
    ours = signed_id(ticket)
    report = real_report(where, name).replace(message_id.encode(), ours.encode())
    received = ingest(report.replace(recipient.encode(), teacher.email.encode()))
    assert received.state == State.PROCESSED and received.ticket == ticket
    assert list(BouncingAddress.objects.values_list("address", flat=True)) == [teacher.email]


def test_a_report_about_our_message_does_not_mark_someone_it_was_not_sent_to(
    teacher, other_teacher
):
    # Whoever received one of our mails knows its Message-ID: a report they
    # make up about it must not silence a colleague.
    ticket = make_ticket(teacher)
    report = DSN.replace(b"reply-42@pupitre.example", signed_id(ticket).encode())
    received = ingest(report.replace(b"nobody@ecole.be", other_teacher.email.encode()))
    assert received.state == State.PROCESSED and received.ticket == ticket
    assert not BouncingAddress.objects.exists()


def test_a_signed_x_original_message_id_refers_to_our_message(teacher):
    ticket = make_ticket(teacher)
    header = f"X-Original-Message-ID: <{signed_id(ticket)}>\nSubject: Undelivered"
    report = DSN.replace(b"Message-ID: <reply-42@pupitre.example>\n", b"")
    report = report.replace(b"Subject: Undelivered", header.encode())
    report = report.replace(b"nobody@ecole.be", teacher.email.encode())
    received = ingest(report)
    assert received.ticket == ticket
    assert BouncingAddress.objects.filter(address=teacher.email).exists()


def test_a_report_about_our_sla_alert_marks_the_staff_member_it_went_to(teacher, agent_fr):
    ticket = make_ticket(teacher)
    alert = threading.outgoing_message_id(ticket.pk, ticket.messages.first().pk, SLA_ALERT)
    report = DSN.replace(b"reply-42@pupitre.example", alert.encode())
    ingest(report.replace(b"nobody@ecole.be", agent_fr.email.upper().encode()))
    assert list(BouncingAddress.objects.values_list("address", flat=True)) == [
        agent_fr.email.lower()
    ]


def test_a_report_about_a_mail_to_the_requester_does_not_mark_an_agent(teacher, agent_fr):
    ticket = make_ticket(teacher)
    report = DSN.replace(b"reply-42@pupitre.example", signed_id(ticket).encode())
    ingest(report.replace(b"nobody@ecole.be", agent_fr.email.encode()))
    assert not BouncingAddress.objects.exists()
