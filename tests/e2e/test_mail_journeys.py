"""The email screens in a browser, in German and French, at desktop and
phone size: triage, the ticket with folded quotes and an unverified-sender
note, mail problems, and the mailboxes of an administrator."""

import base64

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.mail import services
from pupitre.mail.models import InboundMail, Mailbox, State

from ..factories import make_member, make_school, make_team, make_user
from ..mail.conftest import make_mail
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
pytestmark = pytest.mark.django_db(transaction=True)


def ingest(raw: bytes) -> InboundMail:
    services.inbound_store(raw=raw)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_links_a_mail_to_a_school_and_reads_the_conversation(new_page, audit, language):
    school = make_school(language=language, name="École du Parc / Parkschule")
    school.email_domain = "parkschule.example"
    school.save()
    make_team(language)
    teacher = make_member(school, email="lehrer@parkschule.example")
    first = ingest(make_mail(
        sender=teacher.email, subject="Beamer / Projecteur",
        body="Der Beamer geht nicht.\n\n> Alte Nachricht / ancien message",
        html='<p>Der Beamer <b>geht nicht</b>.</p>'
             '<img src="https://images.example/logo.png" alt="Logo">',
    ))  # fmt: skip
    number = first.ticket.number
    ingest(make_mail(sender="fremd@elsewhere.example", subject=f"[{number}] ?"))
    ingest(make_mail(sender="neu@parkschule.example", name="Neue Kollegin", subject="Zugang"))
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)

    page.get_by_role("link", name=t(language, "Email"), exact=True).click()
    audit.check(page, language)
    page.get_by_role("link", name="Zugang").click()
    audit.check(page, language)
    expect(page.get_by_role("radio", name=school.name, exact=False)).to_be_checked()
    page.get_by_role("button", name=t(language, "Open the request for this school")).click()
    expect(page.get_by_role("status")).to_contain_text(number[:4])
    audit.check(page, language)

    remote = []  # the "other site", answered by the browser's router

    def serve_image(route):
        remote.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG_1PX)

    page.route("https://images.example/**", serve_image)
    page.goto(f"/desk/tickets/{number}/")
    page.get_by_text(t(language, "Show the original formatting")).click()
    expect(page.get_by_text(t(language, "Show the images from other sites"))).to_be_visible()
    assert remote == []  # nothing loaded before the agent asks
    page.get_by_role("button", name=t(language, "Show the images from other sites")).click()
    expect(page.get_by_role("img", name="Logo")).to_have_attribute(
        "src", "https://images.example/logo.png"
    )
    page.wait_for_function("document.querySelector('img[alt=Logo]').naturalWidth > 0")
    assert remote == ["https://images.example/logo.png"]
    quoted = page.get_by_text(t(language, "Show the quoted text"))
    quoted.click()
    expect(page.get_by_text("ancien message")).to_be_visible()
    expect(page.get_by_text(t(language, "Unverified sender: not a participant of this request")))
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_mail_problems_and_mailboxes(new_page, audit, language):
    services.inbound_store(raw=b"Not an email at all, a truncated file.\r\n")
    services.inbound_process_pending()
    admin = make_user(role=Role.ADMINISTRATOR, language=language)
    page = new_page()
    sign_in(page, admin)
    page.goto("/desk/mail/")
    page.get_by_role("link", name=t(language, "Mail problems")).click()
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "(no subject)")).click()
    expect(page.get_by_text("no header found")).to_be_visible()
    audit.check(page, language)

    page.get_by_role("link", name=t(language, "Mailboxes")).click()
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "Add a mailbox")).click()
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, language)
    # Labels are the model's field names, capitalised by Django.
    for name, value in [("name", "Support"), ("address", "support@pupitre.example"),
                        ("host", "imap.example.org"), ("username", "support")]:  # fmt: skip
        page.locator(f"input[name={name}]").fill(value)
    field(page, language, "Password or app password").fill("app-password")
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Mailbox saved."))
    audit.check(page, language)
    assert Mailbox.objects.get().password == "app-password"
    assert InboundMail.objects.get().state == State.FAILED
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_attaches_a_mail_without_sender_to_a_contact(new_page, audit, language):
    school = make_school(language=language, name="Athénée du Lac / Seeschule")
    make_team(language)
    ingest(b"Subject: Beamer / Projecteur\r\nMessage-ID: <nofrom@relay.example>\r\n\r\nKaputt.\r\n")
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.goto("/desk/mail/problems/")
    expect(page.get_by_text(t(language, "No usable sender address"))).to_be_visible()
    audit.check(page, language)
    page.get_by_role("link", name="Beamer / Projecteur").click()
    field(page, language, "School (official number or name)").fill("Seeschule")
    page.get_by_role("button", name=t(language, "Find the school")).click()
    page.get_by_role("radio", name=school.name, exact=False).check()
    field(page, language, "Contact's email address").fill("direktion@seeschule.example")
    field(page, language, "Contact's name").fill("Anna Direktorin")
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "File the email for this contact")).click()
    expect(page.get_by_role("status")).to_be_visible()
    mail = InboundMail.objects.get()
    assert mail.state == State.PROCESSED and mail.ticket.requester.full_name == "Anna Direktorin"
    expect(page.get_by_role("status")).to_contain_text(mail.ticket.number)
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_school_user_chooses_answers_by_email(new_page, audit, language):
    teacher = make_member(make_school(language=language))
    page = new_page()
    sign_in(page, teacher)
    page.get_by_role("link", name=t(language, "My settings")).click()
    audit.check(page, language)
    page.get_by_label(t(language, "Send me the helpdesk's answers by email")).uncheck()
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Your settings are saved."))
    audit.check(page, language)
    teacher.refresh_from_db()
    assert teacher.replies_by_email is False
    audit.assert_clean()
