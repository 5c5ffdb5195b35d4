"""From a stored raw message to the right ticket, reply or note."""

from email.message import EmailMessage
from io import StringIO

import pytest
from django.core import mail as outbox
from django.core.management import CommandError, call_command
from django.utils import translation

from pupitre.core.errors import DomainError
from pupitre.mail import services, threading
from pupitre.mail.models import BouncingAddress, InboundMail, Mailbox, Outcome, Problem, State
from pupitre.tickets import services as tickets
from pupitre.tickets.models import Channel, Message, MessageKind, Status, Ticket

from ..factories import make_team, make_ticket
from .conftest import make_mail


def ingest(raw: bytes, mailbox=None) -> InboundMail:
    services.inbound_store(raw=raw, mailbox=mailbox)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))


def our_reply_id(ticket) -> str:
    first = ticket.messages.filter(kind=MessageKind.REPLY).first()
    return threading.outgoing_message_id(ticket.pk, first.pk, "staff_reply")


def test_mail_from_a_known_member_opens_a_ticket_and_is_acknowledged(
    teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        received = ingest(make_mail(attachments=[("photo.jpg", "image/jpeg", b"\xff\xd8jpeg")]))
    assert received.state == State.PROCESSED and received.outcome == Outcome.NEW_TICKET
    ticket = received.ticket
    assert ticket.school == teacher.memberships.get().school
    assert ticket.requester == teacher and ticket.channel == Channel.EMAIL
    assert ticket.subject == "Le projecteur ne s'allume plus"
    first = ticket.messages.get(kind=MessageKind.REPLY)
    assert "salle 12" in first.body
    assert first.email_message_id == received.message_id
    assert [a.filename for a in first.attachments.all()] == ["photo.jpg"]
    [ack] = outbox.outbox
    assert ticket.number in ack.subject and ack.to == [teacher.email]


def test_same_message_twice_creates_nothing_new(teacher):
    raw = make_mail()
    ingest(raw)
    assert services.inbound_store(raw=raw) == 0
    services.inbound_process_pending()
    assert Ticket.objects.count() == 1 and InboundMail.objects.count() == 1


def test_reply_threads_by_our_message_id_even_with_a_changed_subject(teacher):
    ticket = make_ticket(teacher)
    received = ingest(
        make_mail(
            subject="Autre sujet", body="Toujours en panne.", in_reply_to=our_reply_id(ticket)
        )
    )
    assert received.outcome == Outcome.REPLY and received.ticket == ticket
    reply = ticket.messages.filter(kind=MessageKind.REPLY).last()
    assert reply.body == "Toujours en panne." and reply.author == teacher
    assert reply.channel == Channel.EMAIL


def test_forged_message_id_does_not_thread(teacher, other_school_teacher):
    ticket = make_ticket(teacher)
    forged = our_reply_id(ticket).replace(".", ".x", 1)
    received = ingest(
        make_mail(sender=other_school_teacher.email, subject="Hello", in_reply_to=forged)
    )
    assert received.ticket != ticket


def test_reply_threads_by_ticket_number_in_subject(teacher):
    ticket = make_ticket(teacher)
    received = ingest(make_mail(subject=f"Re: [{ticket.number}] projecteur", body="Merci !"))
    assert received.ticket == ticket and received.outcome == Outcome.REPLY


def test_reply_from_unknown_sender_becomes_internal_note(
    teacher, django_capture_on_commit_callbacks
):
    ticket = make_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        received = ingest(
            make_mail(
                sender="stranger@elsewhere.example",
                name="Stranger",
                subject=f"Re: [{ticket.number}]",
                body="Je réponds aussi.",
            )  # fmt: skip
        )
    assert received.outcome == Outcome.UNVERIFIED
    note = received.entry
    assert note.kind == MessageKind.NOTE and note.unverified_sender
    assert note.author is None and note.email_from == "stranger@elsewhere.example"
    assert ticket.messages.filter(kind=MessageKind.REPLY).count() == 1
    assert outbox.outbox == []


def test_reply_of_another_school_member_is_unverified(teacher, other_teacher):
    ticket = make_ticket(teacher)
    received = ingest(make_mail(sender=other_teacher.email, subject=f"[{ticket.number}]"))
    assert received.outcome == Outcome.UNVERIFIED


def test_reply_of_the_schools_ict_contact_is_public(teacher, ict_contact):
    ticket = make_ticket(teacher)
    received = ingest(make_mail(sender=ict_contact.email, subject=f"[{ticket.number}]"))
    assert received.outcome == Outcome.REPLY and received.entry.author == ict_contact


def test_reply_of_someone_who_left_the_school_is_a_note_not_a_failure(teacher, other_teacher):
    ticket = make_ticket(teacher)
    tickets.ticket_reply(ticket=ticket, author=other_teacher, body="Je confirme la panne.")
    first = ingest(make_mail(sender=other_teacher.email, subject=f"[{ticket.number}] encore"))
    assert first.outcome == Outcome.REPLY  # a member who has replied before
    other_teacher.memberships.all().delete()  # then left the school
    teacher.memberships.all().delete()  # and so did the requester
    for sender, subject in ((other_teacher, "toujours"), (teacher, "merci")):
        received = ingest(make_mail(sender=sender.email, subject=f"[{ticket.number}] {subject}"))
        assert received.state == State.PROCESSED and received.outcome == Outcome.UNVERIFIED
        assert received.entry.kind == MessageKind.NOTE and received.entry.unverified_sender


def test_quotes_signature_and_text_below_the_marker_are_folded(teacher):
    ticket = make_ticket(teacher)
    body = (
        "C'est réparé, merci.\n\n"
        "Le 3 mars 2026 à 10:00, Pupitre <support@pupitre.example> a écrit :\n"
        "> ##- Veuillez écrire votre réponse au-dessus de cette ligne -##\n"
        "> Bonjour, avez-vous redémarré ?\n"
    )
    received = ingest(make_mail(subject=f"Re: [{ticket.number}]", body=body))
    entry = received.entry
    assert entry.body == "C'est réparé, merci."
    assert "avez-vous redémarré" in entry.quoted_text


def test_html_mail_is_kept_sanitised_beside_its_text(teacher):
    html = (
        "<p>Bonjour, <b>urgent</b></p><script>alert(1)</script>"
        '<img src="https://tracker.example/pixel.gif">'
    )
    received = ingest(make_mail(body="Bonjour, urgent", html=html))
    entry = received.entry
    assert "urgent" in entry.body
    assert "<b>urgent</b>" in entry.sanitized_html
    assert "<script" not in entry.sanitized_html
    # The tracking pixel is not loaded: its address is kept only where no
    # browser looks (the reader may still ask for it).
    assert ' src="https://tracker.example' not in entry.sanitized_html
    assert 'data-remote-src="https://tracker.example/pixel.gif"' in entry.sanitized_html


def test_unknown_sender_of_a_school_domain_waits_in_triage_with_a_suggestion(
    school, agent_fr, django_capture_on_commit_callbacks
):
    school.email_domain = "athenee-namur.be"
    school.save()
    received = ingest(make_mail(sender="prof@athenee-namur.be", name="Paul Prof"))
    assert received.state == State.TRIAGE and received.suggested_school == school
    assert Ticket.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.inbound_link_school(inbound=received, school=school, by=agent_fr).ticket
    assert ticket.requester.email == "prof@athenee-namur.be"
    assert ticket.requester.memberships.get().school == school
    assert ticket.created_by == agent_fr
    received.refresh_from_db()
    assert received.state == State.PROCESSED and received.handled_by == agent_fr
    [ack] = outbox.outbox
    assert ack.to == ["prof@athenee-namur.be"]


def test_unknown_sender_elsewhere_waits_in_triage_without_suggestion(db):
    received = ingest(make_mail(sender="someone@gmail.example"))
    assert received.state == State.TRIAGE and received.suggested_school is None


def test_more_new_tickets_than_the_limit_per_hour_are_held(teacher, settings, agent_fr):
    settings.MAIL_MAX_NEW_TICKETS_PER_HOUR = 2
    states = [ingest(make_mail(subject=f"Problème {n}")).state for n in range(4)]
    assert states == [State.PROCESSED, State.PROCESSED, State.HELD, State.HELD]
    assert Ticket.objects.count() == 2
    held = InboundMail.objects.filter(state=State.HELD).first()
    services.inbound_release(inbound=held, by=agent_fr)
    assert Ticket.objects.count() == 3


def test_replies_are_not_limited(teacher, settings):
    settings.MAIL_MAX_NEW_TICKETS_PER_HOUR = 1
    ticket = make_ticket(teacher)
    for n in range(3):
        received = ingest(make_mail(subject=f"[{ticket.number}] encore {n}"))
        assert received.outcome == Outcome.REPLY


@pytest.mark.parametrize(
    "header",
    [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("X-Autoreply", "yes"),
        ("X-Autorespond", "Out of office"),
        ("List-Id", "<news.example.org>"),
    ],
)
def test_automatic_mail_opens_a_ticket_but_is_never_answered(
    teacher, header, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        received = ingest(make_mail(headers=dict([header])))
    assert received.outcome == Outcome.NEW_TICKET
    assert outbox.outbox == []


def test_out_of_office_reply_to_a_waiting_ticket_is_a_note_and_keeps_it_waiting(teacher, agent_fr):
    ticket = make_ticket(teacher)
    tickets.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
    received = ingest(
        make_mail(
            subject="Absent",
            in_reply_to=our_reply_id(ticket),
            headers={"Auto-Submitted": "auto-replied"},
            body="Je suis absente.",
        )  # fmt: skip
    )
    assert received.outcome == Outcome.AUTO_REPLY and received.entry.kind == MessageKind.NOTE
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_FOR_SCHOOL


def test_our_own_message_coming_back_is_ignored(teacher):
    ticket = make_ticket(teacher)
    received = ingest(make_mail(message_id=our_reply_id(ticket), subject=f"[{ticket.number}]"))
    assert received.state == State.IGNORED and received.outcome == Outcome.OWN
    assert ticket.messages.count() == 2  # creation event and the request


def test_delivery_failure_is_attached_to_its_ticket_and_marks_the_address(teacher):
    ticket = make_ticket(teacher)
    original = our_reply_id(ticket)
    report = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\n"
        "To: support@pupitre.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.example>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example\r\n\r\n"
        f"Final-Recipient: rfc822; {teacher.email}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: <{original}>\r\nSubject: [{ticket.number}] test\r\n"
        "--B--\r\n"
    ).encode()
    received = ingest(report)
    assert received.outcome == Outcome.BOUNCE and received.ticket == ticket
    note = received.entry
    assert note.kind == MessageKind.NOTE and teacher.email in note.body
    assert [a.filename for a in note.attachments.all()] == ["delivery-report.eml"]
    assert BouncingAddress.objects.filter(address=teacher.email).exists()


def test_a_mail_that_cannot_be_processed_is_kept_as_a_problem(teacher, agent_fr, monkeypatch):
    create = tickets.ticket_create

    def broken_for_the_first(**kwargs):
        ticket = create(**kwargs)  # written, then taken back with the mail's work
        if kwargs["subject"] == "Première":
            raise RuntimeError("database said no")
        return ticket

    monkeypatch.setattr(tickets, "ticket_create", broken_for_the_first)
    raw = make_mail(subject="Première")
    good = make_mail(subject="Deuxième")
    services.inbound_store(raw=raw)
    services.inbound_store(raw=good)
    assert services.inbound_process_pending() == 2
    failed = InboundMail.objects.get(message_id=services.message_id_of(raw))
    assert failed.state == State.FAILED and "database said no" in failed.error
    assert failed.ticket is None and bytes(failed.raw) == raw
    processed = InboundMail.objects.get(message_id=services.message_id_of(good))
    assert processed.state == State.PROCESSED
    assert list(Ticket.objects.values_list("subject", flat=True)) == ["Deuxième"]
    monkeypatch.undo()
    services.inbound_retry(inbound=failed, by=agent_fr)
    failed.refresh_from_db()
    assert failed.state == State.PROCESSED and failed.ticket is not None


def test_mailbox_language_and_team_decide_for_new_tickets(teacher):
    team = make_team("de")
    box = Mailbox.objects.create(
        name="DE", address="hilfe@pupitre.example", host="x", username="u", language="de", team=team
    )
    received = ingest(make_mail(), mailbox=box)
    assert received.ticket.language == "de" and received.ticket.team == team


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Guten Tag, unser Beamer in der Klasse 4 zeigt seit gestern kein Bild mehr.", "de"),
        ("Bonjour, le tableau interactif de la classe 3B ne s'allume plus depuis ce matin.", "fr"),
        ("Hello, the laptop in room 5 does not start any more since yesterday.", "en"),
        ("Goedemorgen, de printer in lokaal 3 werkt niet meer sinds gisteren.", "en"),
    ],
)
def test_language_of_a_new_mail_is_detected_when_the_mailbox_does_not_say(teacher, body, expected):
    received = ingest(make_mail(subject="?", body=body))
    assert received.ticket.language == expected
    assert received.language == ("nl" if "printer" in body else expected)


def test_mail_from_the_requester_clears_a_bouncing_mark(teacher):
    BouncingAddress.objects.create(address=teacher.email, reported_at="2026-01-01T00:00Z")
    ingest(make_mail())
    assert not BouncingAddress.objects.exists()


def test_reply_to_a_closed_ticket_opens_a_new_one(teacher, agent_fr):
    ticket = make_ticket(teacher)
    tickets.ticket_set_status(ticket=ticket, status=Status.CLOSED, by=agent_fr)
    received = ingest(make_mail(subject=f"Re: [{ticket.number}] again"))
    assert received.outcome == Outcome.NEW_TICKET and received.ticket != ticket


def test_inline_images_and_attachments_are_kept_with_their_names(teacher):
    mail = EmailMessage()
    mail["From"] = teacher.email
    mail["To"] = "support@pupitre.example"
    mail["Subject"] = "Capture"
    mail["Message-ID"] = "<inline-1@test.example>"
    mail.set_content("Voici la capture.")
    mail.add_alternative('<p>Voici la capture.</p><img src="cid:shot1">', subtype="html")
    mail.get_payload()[1].add_related(
        b"\x89PNG\r\n\x1a\n....", maintype="image", subtype="png", cid="<shot1>",
        filename="capture.png", disposition="inline",
    )  # fmt: skip
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="devis.pdf")
    received = ingest(mail.as_bytes())
    files = {a.filename: a.inline for a in received.entry.attachments.all()}
    assert files == {"capture.png": True, "devis.pdf": False}


def test_staff_reply_to_an_email_request_goes_out_even_without_the_preference(
    teacher, agent_fr, django_capture_on_commit_callbacks
):
    teacher.replies_by_email = False
    teacher.save()
    email_ticket = ingest(make_mail()).ticket
    portal_ticket = make_ticket(teacher)
    outbox.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tickets.ticket_reply(ticket=email_ticket, author=agent_fr, body="Redémarrez-le.")
        tickets.ticket_reply(ticket=portal_ticket, author=agent_fr, body="Redémarrez-le.")
    assert [m.extra_headers["X-Pupitre-Ticket"] for m in outbox.outbox] == [email_ticket.number]


def test_note_without_an_author_needs_a_sender(teacher):
    ticket = make_ticket(teacher)
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        tickets.ticket_add_note(ticket=ticket, author=None, body="x")
    assert (refused.value.code, refused.value.message) == (
        "not_allowed",
        "Seul le personnel du programme peut effectuer cette action.",
    )
    assert not Message.objects.filter(body="x").exists()


def test_workers_with_shards_share_the_waiting_mails(teacher):
    for n in range(6):
        services.inbound_store(raw=make_mail(subject=f"Panne {n}"))
    first = services.inbound_process_pending(shard=(0, 2))
    assert first == 3
    assert InboundMail.objects.filter(state=State.RECEIVED).count() == 3
    assert services.inbound_process_pending(shard=(1, 2)) == 3
    assert Ticket.objects.count() == 6


def test_a_mail_without_sender_is_a_mail_problem_not_a_triage_entry(school, agent_fr):
    received = ingest(b"Subject: sans expediteur\r\nMessage-ID: <nofrom@x>\r\n\r\nTexte\r\n")
    assert (received.state, received.problem) == (State.FAILED, Problem.NO_SENDER)
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.inbound_link_school(inbound=received, school=school, by=agent_fr)
    # It waits under mail problems, to be attached to a contact there.
    assert refused.value.message == "Cet e-mail a déjà été traité."
    received.refresh_from_db()
    assert received.state == State.FAILED and Ticket.objects.count() == 0


def test_processes_started_with_shards_share_the_waiting_mail(teacher):
    for n in range(6):
        services.inbound_store(raw=make_mail(subject=f"Panne {n}"))
    out = StringIO()
    call_command("mail_process", "--shard", "1/2", "--once", stdout=out)
    assert "processed 3 messages (shard 1/2)" in out.getvalue()
    assert sorted(
        InboundMail.objects.filter(state=State.PROCESSED).values_list("id", flat=True)
    ) == [pk for pk in sorted(InboundMail.objects.values_list("id", flat=True)) if pk % 2 == 1]
    call_command("mail_process", "--once", stdout=out)  # one process: all that is left
    assert Ticket.objects.count() == 6
    with pytest.raises(CommandError):
        call_command("mail_process", "--shard", "2/2", "--once")
