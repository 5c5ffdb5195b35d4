"""A school user never sees or downloads another school's ticket or attachment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupitre.tickets import services
from pupitre.tickets.models import Attachment, Ticket
from pupitre.tickets.queries import tickets_visible_to

from .factories import make_member, make_ticket


@pytest.fixture
def foreign_ticket(other_school_teacher):
    return make_ticket(
        other_school_teacher,
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 secret", "application/pdf")],
    )


def every_url_of(ticket):
    """Every URL of the app that takes a ticket number or an attachment id."""
    attachment = Attachment.objects.get(message__ticket=ticket)
    number = ticket.number
    return [
        ("get", reverse("portal:detail", args=[number])),
        ("post", reverse("portal:reply", args=[number])),
        ("post", reverse("portal:status", args=[number])),
        ("get", reverse("desk:ticket", args=[number])),
        ("post", reverse("desk:message", args=[number])),
        ("post", reverse("desk:update", args=[number])),
        ("get", reverse("desk:move", args=[number])),
        ("post", reverse("desk:move", args=[number])),
        ("get", reverse("attachment", args=[attachment.pk, attachment.filename])),
    ]


def test_every_url_refuses_another_schools_ticket(client, teacher, foreign_ticket):
    client.force_login(teacher)
    for method, url in every_url_of(foreign_ticket):
        response = getattr(client, method)(
            url, {"body": "x", "action": "resolve", "status": "closed"}
        )
        assert response.status_code in (403, 404), (method, url, response.status_code)
        if url.startswith("/portal/") or url.startswith("/attachments/"):
            # Exactly like a ticket that does not exist.
            assert response.status_code == 404, url
    foreign_ticket.refresh_from_db()
    assert foreign_ticket.status == "new"
    assert foreign_ticket.messages.filter(body="x").count() == 0


def test_ict_contact_of_another_school_cannot_see_it_either(client, school, foreign_ticket):
    ict = make_member(school, ict_contact=True)
    client.force_login(ict)
    for method, url in every_url_of(foreign_ticket):
        assert getattr(client, method)(url).status_code in (403, 404), url


def test_teacher_sees_only_own_requests(teacher, other_teacher):
    own = make_ticket(teacher)
    colleague = make_ticket(other_teacher)
    assert list(tickets_visible_to(teacher)) == [own]
    assert colleague not in tickets_visible_to(teacher)


def test_ict_contact_sees_every_request_of_the_school(
    ict_contact, teacher, other_teacher, foreign_ticket
):
    mine = {make_ticket(teacher).pk, make_ticket(other_teacher).pk}
    assert set(tickets_visible_to(ict_contact).values_list("pk", flat=True)) == mine


def test_teacher_who_left_the_school_no_longer_sees_its_requests(teacher):
    ticket = make_ticket(teacher)
    teacher.memberships.all().delete()
    assert not tickets_visible_to(teacher).filter(pk=ticket.pk).exists()


def test_agents_see_all_schools(agent_fr, teacher, foreign_ticket):
    own = make_ticket(teacher)
    assert set(tickets_visible_to(agent_fr)) == {own, foreign_ticket}


def test_internal_notes_and_their_files_stay_hidden_from_the_school(client, teacher, agent_fr):
    ticket = make_ticket(teacher)
    note = services.ticket_add_note(
        ticket=ticket,
        author=agent_fr,
        body="Le directeur a refusé le devis.",
        attachments=[SimpleUploadedFile("devis.pdf", b"%PDF internal", "application/pdf")],
    )
    client.force_login(teacher)
    page = client.get(reverse("portal:detail", args=[ticket.number]))
    assert page.status_code == 200
    assert "refusé le devis" not in page.content.decode()
    attachment = note.attachments.get()
    url = reverse("attachment", args=[attachment.pk, attachment.filename])
    assert client.get(url).status_code == 404
    client.force_login(agent_fr)
    assert client.get(url).status_code == 200


def test_attachment_is_served_as_a_download_that_is_never_sniffed(client, teacher):
    ticket = make_ticket(
        teacher,
        attachments=[SimpleUploadedFile("page.html", b"<script>alert(1)</script>", "text/html")],
    )
    attachment = Attachment.objects.get(message__ticket=ticket)
    client.force_login(teacher)
    response = client.get(reverse("attachment", args=[attachment.pk, attachment.filename]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="page.html"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"


def test_anonymous_visitors_are_sent_to_sign_in(client, teacher):
    ticket = make_ticket(teacher)
    response = client.get(reverse("portal:detail", args=[ticket.number]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Ticket.objects.count() == 1


def test_stored_emails_are_for_the_desk_only(client, teacher, ict_contact):
    from pupitre.mail.models import InboundMail, Mailbox
    from pupitre.mail.services import inbound_store

    inbound_store(raw=b"From: a@b.example\r\nSubject: secret\r\n\r\nsecret text\r\n")
    mail = InboundMail.objects.get()
    box = Mailbox.objects.create(name="FR", address="s@p.example", host="h", username="u")
    urls = [
        ("get", reverse("desk:mail", args=[mail.pk])),
        ("get", reverse("desk:mail_raw", args=[mail.pk])),
        ("post", reverse("desk:mail_link", args=[mail.pk])),
        ("post", reverse("desk:mail_release", args=[mail.pk])),
        ("post", reverse("desk:mail_retry", args=[mail.pk])),
        ("post", reverse("desk:mail_discard", args=[mail.pk])),
        ("get", reverse("desk:mailbox", args=[box.pk])),
    ]
    for user in (teacher, ict_contact):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404), (method, url, response.status_code)
            assert b"secret" not in response.content
    mail.refresh_from_db()
    assert mail.state == "received"


# Devices, extension requests and labels -------------------------------------


@pytest.fixture
def foreign_device(other_school, other_school_teacher):
    from datetime import date

    from .factories import make_device

    return make_device(other_school, delivery_date=date(2016, 1, 1))


@pytest.fixture
def foreign_extension(foreign_device, other_school, agent_fr):
    from datetime import date

    from pupitre.equipment.services import extension_request

    return extension_request(
        by=agent_fr,
        school=other_school,
        devices=[foreign_device],
        reason="secret reason",
        requested_end=date(2030, 1, 1),
    )


def device_urls_of(device, extension, school):
    return [
        ("get", reverse("portal:device", args=[device.pk])),
        ("get", reverse("portal:extension", args=[extension.pk])),
        ("get", reverse("portal:extension_new") + f"?device={device.pk}"),
        ("get", reverse("portal:labels") + f"?school={school.pk}"),
        ("get", reverse("portal:devices") + f"?school={school.pk}"),
        ("get", reverse("desk:device", args=[device.pk])),
        ("get", reverse("desk:extension", args=[extension.pk])),
        ("post", reverse("desk:extension_decide", args=[extension.pk])),
        ("get", reverse("desk:school_labels", args=[school.pk])),
    ]


def test_an_ict_contact_never_reaches_another_schools_devices(
    client, ict_contact, foreign_device, foreign_extension, other_school
):
    client.force_login(ict_contact)
    for method, url in device_urls_of(foreign_device, foreign_extension, other_school):
        if method == "post":
            response = client.post(url, {"decision": "approve"})
        else:
            response = client.get(url)
        expected = {404} if url.startswith("/portal/") else {403, 404}
        assert response.status_code in expected, (url, response.status_code)
        assert b"secret reason" not in response.content
        assert foreign_device.serial.encode() not in response.content
    foreign_extension.refresh_from_db()
    assert foreign_extension.status == "pending"


def test_a_teacher_sees_no_device_page_even_of_their_school(client, teacher, school):
    from .factories import make_device

    device = make_device(school)
    client.force_login(teacher)
    assert client.get(reverse("portal:device", args=[device.pk])).status_code == 404


def test_the_coverage_notice_ignores_another_schools_device(
    client, teacher, school, foreign_device
):
    client.force_login(teacher)
    response = client.get(
        reverse("portal:coverage_notice"), {"school": school.pk, "devices": [foreign_device.pk]}
    )
    assert response.status_code == 200
    assert foreign_device.serial.encode() not in response.content


# Knowledge base ---------------------------------------------------------------


@pytest.fixture
def hidden_articles(agent_fr):
    from .factories import make_article

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 8

    def article(**fields):
        return make_article(
            agent_fr,
            body="secret",
            files=[
                SimpleUploadedFile("schema.png", png, "image/png"),
                SimpleUploadedFile("manuel.pdf", b"%PDF-1.4 x", "application/pdf"),
            ],
            **fields,
        )

    return {
        "internal": article(title="Procédure interne", visibility="internal"),
        "draft": article(title="Brouillon en cours", publish=False),
        "public": article(title="Article public"),
    }


def kb_urls_of(article):
    urls = [("get", reverse("kb:article", args=[article.slug]))]
    urls += [("get", reverse("kb_file", args=[f.pk, f.filename])) for f in article.files.all()]
    urls.append(("post", reverse("kb:feedback", args=[article.slug])))
    return urls


@pytest.mark.parametrize("kind", ["internal", "draft"])
def test_readers_never_see_internal_or_draft_articles_nor_their_files(
    client, teacher, hidden_articles, kind
):
    article = hidden_articles[kind]
    for who in (None, teacher):
        if who:
            client.force_login(who)
        for method, url in kb_urls_of(article):
            response = getattr(client, method)(url, {"helpful": "yes"})
            assert response.status_code == 404, (who, url, response.status_code)
        page = client.get(reverse("kb:search"), {"q": "secret"}).content.decode()
        assert article.title not in page
        assert "Article public" in page
    assert not article.feedback.exists()


def test_the_desk_reads_internal_articles_and_drafts(client, hidden_articles, supervisor):
    client.force_login(supervisor)
    for _method, url in kb_urls_of(hidden_articles["internal"])[:-1]:
        assert client.get(url).status_code == 200, url
    for _method, url in kb_urls_of(hidden_articles["draft"])[:-1]:
        assert client.get(url).status_code == 200, url


def test_kb_files_are_served_with_care(client, hidden_articles):
    files = {f.filename: f for f in hidden_articles["public"].files.all()}
    image = client.get(reverse("kb_file", args=[files["schema.png"].pk, "schema.png"]))
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    manual = client.get(reverse("kb_file", args=[files["manuel.pdf"].pk, "manuel.pdf"]))
    assert manual["Content-Disposition"].startswith("attachment;")


def test_the_desk_article_urls_refuse_school_users(client, teacher, hidden_articles):
    article = hidden_articles["draft"]
    file = article.files.first()
    client.force_login(teacher)
    for method, url in [
        ("get", reverse("desk:kb_edit", args=[article.pk])),
        ("post", reverse("desk:kb_edit", args=[article.pk])),
        ("post", reverse("desk:kb_status", args=[article.pk])),
        ("get", reverse("desk:kb_history", args=[article.pk])),
        ("post", reverse("desk:kb_file_remove", args=[file.pk])),
        ("get", f"{reverse('desk:kb_new')}?translation_of={article.pk}"),
    ]:
        response = getattr(client, method)(url, {"action": "publish", "title": "x"})
        assert response.status_code == 403, url
    article.refresh_from_db()
    assert (article.status, article.title, article.files.count()) == (
        "draft",
        "Brouillon en cours",
        2,
    )


def test_the_article_picker_refuses_another_schools_ticket(client, teacher, foreign_ticket):
    client.force_login(teacher)
    assert client.get(reverse("desk:kb_picker", args=[foreign_ticket.number])).status_code == 403


def test_a_deflection_cannot_be_recorded_for_another_school(
    client, teacher, other_school, hidden_articles
):
    from pupitre.kb.models import Deflection

    client.force_login(teacher)
    client.post(
        reverse("portal:kb_deflect"),
        {"school": other_school.pk, "article": hidden_articles["public"].pk},
    )
    assert not Deflection.objects.filter(school=other_school).exists()


# Staff accounts' second factor ------------------------------------------------


def test_no_one_but_an_administrator_reaches_a_staff_accounts_second_factor(
    client, teacher, ict_contact, agent_fr, supervisor
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .second_factor import authenticator_for

    device = authenticator_for(supervisor)
    url = reverse("desk:second_factor_reset", args=[supervisor.pk])
    for user in (teacher, ict_contact, agent_fr):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url).status_code == 403, user
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


# Every role ------------------------------------------------------------------
# docs/architecture.md, "Who sees what": what each role gets from every URL
# that returns data of a school. 404 for an object the user may not see (as
# for tickets); 403 for a screen of another front (desk or portal).

SEES = 200


@pytest.fixture
def school_data(other_school_teacher, other_school, agent_fr, hidden_articles):
    from datetime import date

    from pupitre.equipment.services import extension_request

    from .factories import make_device

    ticket = make_ticket(
        other_school_teacher,
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf")],
    )
    note = services.ticket_add_note(
        ticket=ticket,
        author=agent_fr,
        body="Note interne.",
        attachments=[SimpleUploadedFile("devis.pdf", b"%PDF internal", "application/pdf")],
    )
    device = make_device(other_school, delivery_date=date(2016, 1, 1))
    extension = extension_request(
        by=agent_fr,
        school=other_school,
        devices=[device],
        reason="secret reason",
        requested_end=date(2030, 1, 1),
    )
    reply_file = Attachment.objects.get(message__ticket=ticket, message__kind="reply")
    note_file = note.attachments.get()
    article = hidden_articles["internal"]
    article_file = article.files.get(filename="manuel.pdf")
    return {
        "portal ticket": reverse("portal:detail", args=[ticket.number]),
        "desk ticket": reverse("desk:ticket", args=[ticket.number]),
        "reply attachment": reverse("attachment", args=[reply_file.pk, reply_file.filename]),
        "note attachment": reverse("attachment", args=[note_file.pk, note_file.filename]),
        "portal device": reverse("portal:device", args=[device.pk]),
        "desk device": reverse("desk:device", args=[device.pk]),
        "portal extension": reverse("portal:extension", args=[extension.pk]),
        "desk extension": reverse("desk:extension", args=[extension.pk]),
        "desk devices of the school": reverse("desk:devices") + f"?school={other_school.pk}",
        "internal article": reverse("kb:article", args=[article.slug]),
        "internal article's file": reverse("kb_file", args=[article_file.pk, "manuel.pdf"]),
    }


# What each role gets, per URL of school_data (another school's, for a school user).
SCHOOL_USER = {
    "portal ticket": 404,
    "desk ticket": 403,
    "reply attachment": 404,
    "note attachment": 404,
    "portal device": 404,
    "desk device": 403,
    "portal extension": 404,
    "desk extension": 403,
    "desk devices of the school": 403,
    "internal article": 404,
    "internal article's file": 404,
}
TECHNICIAN = {
    **SCHOOL_USER,
    "portal ticket": 403,
    "portal device": 403,
    "portal extension": 403,
}
DESK = {
    **{name: SEES for name in SCHOOL_USER},
    "portal ticket": 403,
    "portal device": 403,
    "portal extension": 403,
}
EXPECTED = {
    "teacher": SCHOOL_USER,
    "ict_contact": SCHOOL_USER,
    "technician": TECHNICIAN,
    "agent": DESK,
    "supervisor": DESK,
    "administrator": DESK,
}


def user_in_role(role, school):
    from pupitre.accounts.models import Role

    from .factories import make_user

    if role in ("teacher", "ict_contact"):
        return make_member(school, ict_contact=role == "ict_contact")
    return make_user(role=Role(role))


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_url_with_a_schools_data_answers_each_role_as_documented(
    client, school, school_data, role
):
    client.force_login(user_in_role(role, school))
    answers = {name: client.get(url).status_code for name, url in school_data.items()}
    assert answers == EXPECTED[role]


def test_a_technician_lands_on_today_and_keeps_their_account_pages(client, db):
    from pupitre.accounts.models import Role

    from .factories import make_user

    client.force_login(make_user(role=Role.TECHNICIAN))
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert client.get(home["Location"]).status_code == 200
    assert home["Location"] == reverse("desk:today")
    assert client.get(reverse("second_factor:manage")).status_code == 200
    assert client.get(reverse("desk:queue")).status_code == 403
    assert client.get(reverse("portal:requests")).status_code == 403
