"""The desk's email screens: triage, mail problems, mailboxes, and mail on
the ticket page."""

import re

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.mail import services
from pupitre.mail.models import InboundMail, Mailbox, Outcome, Problem, State
from pupitre.tickets.models import Channel, EventField, MessageKind, Status

from ..factories import make_ticket, make_user
from ..querycount import count_queries
from .conftest import make_mail


@pytest.fixture
def admin(db):
    return make_user(role=Role.ADMINISTRATOR, language="fr", name="Admin")


def ingest(raw: bytes) -> InboundMail:
    services.inbound_store(raw=raw)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))


def test_agent_links_a_triage_mail_to_the_suggested_school(client, agent_fr, school):
    school.email_domain = "athenee-namur.be"
    school.save()
    mail = ingest(make_mail(sender="prof@athenee-namur.be", subject="Wifi en panne"))
    client.force_login(agent_fr)
    page = client.get(reverse("desk:mail_triage")).content.decode()
    assert "Wifi en panne" in page and school.name in page
    detail = client.get(reverse("desk:mail", args=[mail.pk])).content.decode()
    [choice] = re.findall(rf'<input[^>]*value="{school.pk}"[^>]*>', detail)
    assert " checked" in choice  # the suggested school is chosen already
    response = client.post(reverse("desk:mail_link", args=[mail.pk]), {"school": school.pk})
    mail.refresh_from_db()
    assert response.status_code == 302 and mail.ticket.school == school
    assert response["Location"] == reverse("desk:ticket", args=[mail.ticket.number])


def test_agent_finds_another_school_for_a_triage_mail(client, agent_fr, school, other_school):
    mail = ingest(make_mail(sender="x@free.example"))
    client.force_login(agent_fr)
    url = reverse("desk:mail", args=[mail.pk])
    page = client.get(url, {"school_q": "Ciney"}).content.decode()
    assert other_school.name in page and school.name not in page
    client.post(reverse("desk:mail_link", args=[mail.pk]), {"school": other_school.pk})
    mail.refresh_from_db()
    assert mail.state == State.PROCESSED and mail.ticket.school == other_school


def test_linking_without_a_school_is_refused_with_a_message(client, agent_fr, db):
    mail = ingest(make_mail(sender="x@free.example"))
    client.force_login(agent_fr)
    response = client.post(reverse("desk:mail_link", args=[mail.pk]), {"school": ""})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    mail.refresh_from_db()
    assert mail.state == State.TRIAGE


def test_mail_problem_shows_a_reason_the_source_and_can_be_processed_again(
    client, agent_fr, admin, teacher
):
    raw = make_mail()
    services.inbound_store(raw=raw)
    mail = InboundMail.objects.get()
    # A row from before the reason codes: a generic reason for the agents.
    mail.state, mail.error = State.FAILED, "RuntimeError: temporary outage"
    mail.save()
    client.force_login(agent_fr)
    listing = client.get(reverse("desk:mail_problems")).content.decode()
    assert "Cet e-mail n’a pas pu être traité." in listing
    assert "temporary outage" not in listing
    client.force_login(admin)
    listing = client.get(reverse("desk:mail_problems")).content.decode()
    assert "RuntimeError: temporary outage" in listing
    client.force_login(agent_fr)
    source = client.get(reverse("desk:mail_raw", args=[mail.pk]))
    assert source.content == raw and "attachment" in source["Content-Disposition"]
    response = client.post(reverse("desk:mail_retry", args=[mail.pk]))
    mail.refresh_from_db()
    assert mail.state == State.PROCESSED
    assert response["Location"] == reverse("desk:ticket", args=[mail.ticket.number])


def test_an_agent_sets_spam_aside(client, agent_fr, db):
    mail = ingest(make_mail(sender="spam@junk.example", subject="Gagnez"))
    client.force_login(agent_fr)
    client.post(reverse("desk:mail_discard", args=[mail.pk]))
    mail.refresh_from_db()
    assert mail.state == State.IGNORED and mail.handled_by == agent_fr
    assert "Gagnez" not in client.get(reverse("desk:mail_triage")).content.decode()


def test_mailbox_password_is_write_only(client, admin):
    client.force_login(admin)
    data = {
        "name": "Support DE", "address": "Hilfe@Pupitre.example", "host": "imap.example",
        "port": 993, "security": "tls", "username": "hilfe", "folder": "INBOX",
        "language": "de", "team": "", "is_active": "on", "new_password": "s3cret-app-pass",
    }  # fmt: skip
    assert client.post(reverse("desk:mailbox_new"), data).status_code == 302
    box = Mailbox.objects.get()
    assert box.password == "s3cret-app-pass" and box.address == "hilfe@pupitre.example"
    page = client.get(reverse("desk:mailbox", args=[box.pk])).content.decode()
    assert "s3cret-app-pass" not in page
    data["new_password"] = ""
    data["name"] = "Hilfe"
    client.post(reverse("desk:mailbox", args=[box.pk]), data)
    box.refresh_from_db()
    assert box.name == "Hilfe" and box.password == "s3cret-app-pass"


def test_only_administrators_configure_mailboxes(client, agent_fr, supervisor):
    for user in (agent_fr, supervisor):
        client.force_login(user)
        assert client.get(reverse("desk:mailboxes")).status_code == 403
        assert client.get(reverse("desk:mailbox_new")).status_code == 403
    assert "/desk/mail/mailboxes/" not in client.get(reverse("desk:mail_triage")).content.decode()


def test_email_screens_are_reachable_from_the_desk_navigation(client, agent_fr, admin):
    client.force_login(agent_fr)
    queue = client.get(reverse("desk:queue")).content.decode()
    assert f'href="{reverse("desk:mail_triage")}"' in queue
    triage = client.get(reverse("desk:mail_triage")).content.decode()
    assert f'href="{reverse("desk:mail_problems")}"' in triage
    client.force_login(admin)
    triage = client.get(reverse("desk:mail_triage")).content.decode()
    assert f'href="{reverse("desk:mailboxes")}"' in triage


def test_school_users_reach_no_email_screen(client, teacher):
    mail = ingest(make_mail(sender="x@free.example"))
    client.force_login(teacher)
    for name in ("desk:mail_triage", "desk:mail_problems", "desk:mailboxes"):
        assert client.get(reverse(name)).status_code == 403
    # The desk refuses them at its door, before looking the mail up: a mail
    # that exists and one that does not get the same answer.
    for pk in (mail.pk, mail.pk + 1000):
        for name in ("desk:mail", "desk:mail_raw"):
            assert client.get(reverse(name, args=[pk])).status_code == 403
        for name in ("desk:mail_link", "desk:mail_retry", "desk:mail_release", "desk:mail_discard"):
            assert client.post(reverse(name, args=[pk])).status_code == 403
    mail.refresh_from_db()
    assert mail.state == State.TRIAGE


def test_triage_and_problem_lists_run_a_constant_number_of_queries(client, agent_fr, db):
    client.force_login(agent_fr)

    def grow_to(count):
        while InboundMail.objects.count() < count:
            n = InboundMail.objects.count()
            services.inbound_store(raw=make_mail(sender=f"x{n}@free.example"))
        services.inbound_process_pending()
        InboundMail.objects.filter(pk__in=InboundMail.objects.all()[: count // 2]).update(
            state=State.FAILED, error="boom"
        )
        return (
            count_queries(client, reverse("desk:mail_triage")),
            count_queries(client, reverse("desk:mail_problems")),
        )

    assert grow_to(4) == grow_to(40)


def test_every_triage_mail_is_reachable_through_the_pages(client, agent_fr, settings, db):
    settings.PAGE_SIZE = 4
    for n in range(10):
        services.inbound_store(raw=make_mail(sender=f"x{n}@free.example", subject=f"Panne {n}"))
    services.inbound_process_pending()
    client.force_login(agent_fr)
    url = reverse("desk:mail_triage")
    seen = []
    for number in (1, 2, 3):
        page = client.get(url, {"page": number}).content.decode()
        seen += [n for n in range(10) if f">Panne {n}</a>" in page]
        assert f"E-mails {4 * number - 3} à {min(4 * number, 10)} sur 10" in page
    assert seen == list(range(10))  # oldest first, each once
    assert 'rel="next"' not in page and 'rel="prev"' in page


def test_ticket_page_shows_folded_quotes_html_and_the_unverified_flag(client, agent_fr, teacher):
    first = ingest(
        make_mail(body="Ça ne marche pas.\n\n> ancien message cité", html="<p><b>Gras</b></p>")
    )
    ticket = first.ticket
    ingest(make_mail(sender="intrus@ailleurs.example", subject=f"[{ticket.number}] moi aussi"))
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[ticket.number])
    page = client.get(url).content.decode()
    assert '<details class="quoted">' in page and "ancien message cité" in page
    assert '<details class="mail-html">' in page and "<b>Gras</b>" in page
    assert "data-load-remote-images" not in page  # no remote image in this mail
    assert "tag-unverified" in page and "intrus@ailleurs.example" in page
    client.force_login(teacher)
    portal = client.get(reverse("portal:detail", args=[ticket.number])).content.decode()
    assert "intrus@ailleurs.example" not in portal and "ancien message cité" in portal


def test_ticket_page_queries_stay_constant_with_mail_in_the_conversation(client, agent_fr, teacher):
    ticket = ingest(make_mail(html="<p>x</p>")).ticket
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[ticket.number])
    short = count_queries(client, url)
    for n in range(20):
        ingest(make_mail(subject=f"[{ticket.number}] {n}", body=f"Suite {n}\n\n> cité"))
        ingest(make_mail(sender=f"autre{n}@ailleurs.example", subject=f"[{ticket.number}]"))
    long = count_queries(client, url)
    assert short == long <= 15


def test_a_mail_with_remote_images_offers_to_load_them(client, agent_fr, teacher):
    ticket = ingest(
        make_mail(html='<p>Voir</p><img src="https://images.example/a.png" alt="Plan">')
    ).ticket
    client.force_login(agent_fr)
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert 'data-remote-src="https://images.example/a.png"' in page
    assert ' src="https://images.example' not in page
    assert "data-load-remote-images" in page and "pupitre/mail" in page
    assert "Afficher les images d’autres sites" in page


UNREADABLE = b"\r\n\r\nno header at all\r\n"


def test_agents_read_why_a_mail_failed_in_their_language_without_the_exception(
    client, agent_fr, agent_de
):
    mail = ingest(UNREADABLE)
    assert (mail.state, mail.problem) == (State.FAILED, Problem.UNREADABLE)
    assert mail.error == "MailParseError: no header found"
    for agent, reason in (
        (agent_fr, "L’e-mail est illisible : sa structure est endommagée."),
        (agent_de, "Die E-Mail ist nicht lesbar: ihr Aufbau ist beschädigt."),
    ):
        client.force_login(agent)
        for url in (reverse("desk:mail_problems"), reverse("desk:mail", args=[mail.pk])):
            page = client.get(url).content.decode()
            assert reason in page and "MailParseError" not in page, (agent, url)


def test_administrators_see_the_technical_detail_of_a_mail_problem(client, admin):
    mail = ingest(UNREADABLE)
    client.force_login(admin)
    listing = client.get(reverse("desk:mail_problems")).content.decode()
    assert "L’e-mail est illisible" in listing
    assert "MailParseError: no header found" in listing
    detail = client.get(reverse("desk:mail", args=[mail.pk])).content.decode()
    assert "Détail technique (administrateurs)" in detail
    assert "MailParseError: no header found" in detail


NO_SENDER = (
    b"Subject: =?utf-8?q?Projecteur_en_panne?=\r\nMessage-ID: <nofrom-1@relay.example>\r\n"
    b"\r\nLe projecteur de la salle 12 ne s'allume plus.\r\n"
)


def test_a_mail_without_sender_is_listed_as_a_problem_not_in_triage(client, agent_fr):
    mail = ingest(NO_SENDER)
    client.force_login(agent_fr)
    assert "Projecteur en panne" not in client.get(reverse("desk:mail_triage")).content.decode()
    problems = client.get(reverse("desk:mail_problems")).content.decode()
    assert "Projecteur en panne" in problems
    assert "Aucune adresse d’expéditeur utilisable" in problems
    detail = client.get(reverse("desk:mail", args=[mail.pk])).content.decode()
    assert "Rattacher à une école et à un contact" in detail


def test_an_agent_attaches_a_mail_without_sender_to_a_new_contact_of_a_school(
    client, agent_fr, school
):
    mail = ingest(NO_SENDER)
    client.force_login(agent_fr)
    url = reverse("desk:mail", args=[mail.pk])
    detail = client.get(url, {"school_q": school.name}).content.decode()
    assert f'value="{school.pk}"' in detail and 'name="contact_email"' in detail
    response = client.post(
        reverse("desk:mail_attach", args=[mail.pk]),
        {
            "school": school.pk,
            "contact_email": "Directrice@Athenee.example",
            "contact_name": "Anne Lambert",
        },
    )
    mail.refresh_from_db()
    ticket = mail.ticket
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:ticket", args=[ticket.number])
    assert (mail.state, mail.outcome) == (State.PROCESSED, Outcome.NEW_TICKET)
    assert ticket.school == school and ticket.requester.email == "directrice@athenee.example"
    assert ticket.requester.full_name == "Anne Lambert" and ticket.created_by == agent_fr
    assert ticket.channel == Channel.EMAIL and ticket.subject == "Projecteur en panne"
    assert (mail.contact, mail.handled_by) == (ticket.requester, agent_fr)
    assert school.memberships.filter(user=ticket.requester).exists()
    page = client.get(url).content.decode()
    assert "Rattaché à" in page and "Anne Lambert (directrice@athenee.example), par Agent" in page


def test_a_mail_without_sender_attached_to_the_requester_continues_their_ticket(
    client, agent_fr, teacher
):
    ticket = make_ticket(teacher)
    raw = NO_SENDER.replace(b"Subject: ", f"Subject: Re: [{ticket.number}] ".encode())
    mail = ingest(raw)
    assert mail.state == State.FAILED
    client.force_login(agent_fr)
    client.post(
        reverse("desk:mail_attach", args=[mail.pk]),
        {"school": ticket.school_id, "contact_email": teacher.email},
    )
    mail.refresh_from_db()
    assert (mail.state, mail.outcome, mail.ticket) == (State.PROCESSED, Outcome.REPLY, ticket)
    assert mail.entry.author == teacher and mail.entry.kind == MessageKind.REPLY
    assert "salle 12" in mail.entry.body


def test_attaching_needs_a_school_and_a_contact_address(client, agent_fr, school):
    mail = ingest(NO_SENDER)
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:mail_attach", args=[mail.pk]), {"school": school.pk, "contact_email": ""}
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    mail.refresh_from_db()
    assert mail.state == State.FAILED and mail.ticket is None


def test_mail_problem_list_queries_stay_constant_for_agents_and_administrators(
    client, agent_fr, admin
):
    def grow_to(count):
        while InboundMail.objects.count() < count:
            n = InboundMail.objects.count()
            no_sender = NO_SENDER.replace(b"nofrom-1@", f"nofrom-{n}@".encode())
            unreadable = UNREADABLE + f"{n}".encode()
            raw = (unreadable, no_sender, make_mail(sender=f"x{n}@free.example"))[n % 3]
            services.inbound_store(raw=raw)
        services.inbound_process_pending()
        InboundMail.objects.filter(state=State.TRIAGE).update(state=State.FAILED, error="boom")
        counts = []
        for user in (agent_fr, admin):
            client.force_login(user)
            counts.append(count_queries(client, reverse("desk:mail_problems")))
        return counts

    assert grow_to(6) == grow_to(45)


def test_a_mail_reusing_a_message_id_links_to_the_first_one(client, agent_fr, teacher):
    for subject in ("Scan 1", "Scan 2"):
        services.inbound_store(raw=make_mail(subject=subject, message_id="scan@scanner.example"))
    services.inbound_process_pending()
    first, second = InboundMail.objects.order_by("pk")
    client.force_login(agent_fr)
    page = client.get(reverse("desk:mail", args=[second.pk])).content.decode()
    assert "Un e-mail antérieur, différent, a le même Message-ID :" in page
    assert f'href="{reverse("desk:mail", args=[first.pk])}"' in page
    page = client.get(reverse("desk:mail", args=[first.pk])).content.decode()
    assert "Un e-mail antérieur" not in page


# The same message twice: once from the teacher, once through a relay that
# dropped its sender (another copy, other bytes, one Message-ID).
REQUEST = (
    b"From: Claire Dubois <teacher@test.pupitre.be>\r\n"
    b"To: support@pupitre.example\r\n"
    b"Subject: Tableau interactif muet\r\n"
    b"Date: Mon, 7 Dec 2026 09:12:00 +0100\r\n"
    b"Message-ID: <tbi-7@athenee.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Le tableau interactif de la salle 4 n'a plus de son.\r\n"
)
RELAYED_COPY = (
    b"To: support@pupitre.example\r\n"
    b"Subject: Tableau interactif muet\r\n"
    b"Date: Mon, 7 Dec 2026 09:12:00 +0100\r\n"
    b"Message-ID: <tbi-7@athenee.example>\r\n"
    b"X-Relayed-By: scan.relay.example\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Le tableau interactif de la salle 4 n'a plus de son.\r\n"
)


def ingest_latest(raw: bytes) -> InboundMail:
    """`ingest` for mails that share a Message-ID: the one just stored."""
    services.inbound_store(raw=raw)
    services.inbound_process_pending()
    return InboundMail.objects.latest("pk")


def attach(client, mail, contact, **kwargs):
    return client.post(
        reverse("desk:mail_attach", args=[mail.pk]),
        {"school": contact.memberships.get().school_id, "contact_email": contact.email},
        **kwargs,
    )


def test_an_email_already_on_the_request_it_answers_is_not_filed_there_twice(
    client, agent_fr, teacher
):
    original = ingest_latest(REQUEST)
    ticket = original.ticket
    # The copy answers that request: its subject carries the number.
    copy = ingest_latest(
        RELAYED_COPY.replace(b"Subject: ", f"Subject: Re: [{ticket.number}] ".encode())
    )
    assert (copy.state, copy.problem) == (State.FAILED, Problem.NO_SENDER)
    entries = ticket.messages.count()
    client.force_login(agent_fr)
    response = attach(client, copy, teacher)
    assert response.status_code == 400
    assert (
        f"La demande {ticket.number} contient déjà un e-mail avec ce Message-ID : il n’y est pas "
        "classé une seconde fois. Mettez cette copie de côté s’il s’agit du même message."
    ) in response.content.decode()
    copy.refresh_from_db()
    assert (copy.state, copy.ticket) == (State.FAILED, None)
    assert ticket.messages.count() == entries


def test_an_email_already_on_another_request_is_filed_and_noted_in_the_history(
    client, agent_fr, teacher
):
    original = ingest_latest(REQUEST)
    ticket = original.ticket
    ticket.status = Status.CLOSED  # the request was closed since: a new one opens
    ticket.save(update_fields=["status"])
    copy = ingest_latest(
        RELAYED_COPY.replace(b"Subject: ", f"Subject: Re: [{ticket.number}] ".encode())
    )
    client.force_login(agent_fr)
    response = attach(client, copy, teacher, follow=True)
    copy.refresh_from_db()
    new = copy.ticket
    assert new not in (None, ticket) and copy.state == State.PROCESSED
    page = response.content.decode()
    assert f"L’e-mail a été classé dans la demande {new.number}." in page
    assert (
        f"Un e-mail avec le même Message-ID se trouve déjà dans la demande {ticket.number} : "
        f"vérifiez qu’il ne s’agit pas du même message. L’historique de la demande "
        f"{new.number} le mentionne."
    ) in page
    note = (
        "E-mail classé ici à la main alors qu’un e-mail avec le même Message-ID "
        f"(tbi-7@athenee.example) se trouve déjà dans la demande {ticket.number}."
    )
    assert note in page
    assert note not in client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    [event] = new.messages.filter(kind=MessageKind.EVENT, field=EventField.EMAIL)
    assert (event.author, event.old_value, event.body) == (
        agent_fr,
        "tbi-7@athenee.example",
        ticket.number,
    )
    # A staff note: the school does not see it on the portal.
    client.force_login(teacher)
    portal = client.get(reverse("portal:detail", args=[new.number]))
    assert portal.status_code == 200 and "Message-ID" not in portal.content.decode()


def test_a_triage_email_whose_message_id_is_on_another_request_is_linked_and_noted(
    client, agent_fr, teacher, school
):
    """A scanner reuses its Message-ID: the second document, from an unknown
    address, is linked by hand; the first one's request is named."""
    first = ingest_latest(make_mail(subject="Scan 1", message_id="scan@copieur.example"))
    second = ingest_latest(
        make_mail(
            sender="copieur@free.example", subject="Scan 2", message_id="scan@copieur.example"
        )
    )
    assert second.state == State.TRIAGE
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:mail_link", args=[second.pk]), {"school": school.pk}, follow=True
    )
    second.refresh_from_db()
    assert second.state == State.PROCESSED and second.ticket != first.ticket
    assert (
        f"Un e-mail avec le même Message-ID se trouve déjà dans la demande {first.ticket.number}"
    ) in response.content.decode()
    assert second.ticket.messages.filter(field=EventField.EMAIL).count() == 1


def test_a_mail_without_message_id_is_never_taken_for_another(client, agent_fr, teacher):
    no_id = REQUEST.replace(b"Message-ID: <tbi-7@athenee.example>\r\n", b"")
    ingest_latest(no_id)
    copy = ingest_latest(RELAYED_COPY.replace(b"Message-ID: <tbi-7@athenee.example>\r\n", b""))
    client.force_login(agent_fr)
    response = attach(client, copy, teacher, follow=True)
    copy.refresh_from_db()
    assert copy.state == State.PROCESSED
    assert "même Message-ID" not in response.content.decode()
    assert not copy.ticket.messages.filter(field=EventField.EMAIL).exists()
