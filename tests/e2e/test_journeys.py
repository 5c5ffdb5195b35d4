"""The five journeys of the issue, each in German and French, at desktop
and phone size, with an accessibility audit of every page visited."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.tickets import services
from pupitre.tickets.models import Channel, Status, Ticket

from ..factories import make_device, make_member, make_school, make_team, make_ticket, make_user
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "de": {
        "subject": "Interaktives Display reagiert nicht",
        "description": "Seit Montag reagiert das Display in Klasse 4 nicht mehr auf Berührung.",
        "answer": "Bitte starten Sie das Display neu und sagen Sie uns, ob es hilft.",
        "school_reply": "Neustart gemacht, leider ohne Erfolg.",
    },
    "fr": {
        "subject": "L'écran interactif ne répond plus",
        "description": "Depuis lundi, l'écran de la classe 4 ne réagit plus au toucher.",
        "answer": "Pouvez-vous redémarrer l'écran et nous dire si cela aide ?",
        "school_reply": "Redémarrage fait, toujours le même problème.",
    },
}


def school_in(language):
    school = make_school(language=language)
    make_team(language)
    return school


@pytest.mark.parametrize("language", LANGUAGES)
def test_teacher_opens_a_request_and_follows_the_answer(new_page, audit, language, tmp_path):
    school = school_in(language)
    device = make_device(school)
    teacher = make_member(school)
    agent = make_user(role=Role.AGENT, language=language)
    texts = TEXTS[language]
    page = new_page()
    sign_in(page, teacher, audit)
    audit.check(page, language)

    page.get_by_role("link", name=t(language, "New request")).first.click()
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Send the request")).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(t(language, "Please correct the following:"))
    expect(field(page, language, "Subject")).to_have_attribute("aria-invalid", "true")
    audit.check(page, language)
    alert.get_by_role("link", name=t(language, "Subject")).click()
    expect(field(page, language, "Subject")).to_be_focused()
    field(page, language, "Remote help with a device").check()
    page.get_by_label(re.compile(re.escape(device.serial))).check()
    field(page, language, "Subject").fill(texts["subject"])
    field(page, language, "Describe the problem").fill(texts["description"])
    photo = tmp_path / "display.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    field(page, language, "Attachments").set_input_files(photo)
    page.get_by_role("button", name=t(language, "Send the request")).click()

    expect(page).to_have_url(re.compile(r"/portal/requests/[\d-]+/(#.*)?$"))
    ticket = Ticket.objects.get()
    expect(page.get_by_role("status")).to_contain_text(ticket.number)
    expect(page.get_by_role("heading", level=1)).to_contain_text(texts["subject"])
    expect(page.get_by_role("link", name="display.png")).to_be_visible()
    audit.check(page, language)

    services.ticket_reply(ticket=ticket, author=agent, body=texts["answer"])
    page.reload()
    expect(page.get_by_text(texts["answer"])).to_be_visible()
    field(page, language, "Your message").fill(texts["school_reply"])
    page.get_by_role("button", name=t(language, "Send"), exact=True).click()
    expect(page.get_by_text(texts["school_reply"])).to_be_visible()
    audit.check(page, language)
    assert ticket.messages.filter(body=texts["school_reply"], author=teacher).exists()
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_works_a_ticket_until_the_school_answers(new_page, audit, language):
    school = school_in(language)
    teacher = make_member(school)
    other = make_ticket(teacher, subject="Autre demande / andere Anfrage")
    ticket = make_ticket(teacher, subject=TEXTS[language]["subject"])
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    audit.check(page, language)

    field(page, language, "Number or subject").fill(ticket.number)
    page.get_by_role("button", name=t(language, "Filter")).click()
    expect(page.get_by_role("link", name=other.subject)).to_have_count(0)
    audit.check(page, language)
    page.get_by_role("link", name=ticket.subject).click()
    audit.check(page, language)

    page.get_by_role("button", name=t(language, "Assign to me")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Changes saved."))
    field(page, language, "Message").fill(TEXTS[language]["answer"])
    page.get_by_role("button", name=t(language, "Send reply to the school")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Reply sent to the school."))
    field(page, language, "Status").select_option("waiting_for_school")
    page.get_by_role("button", name=t(language, "Save changes")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Changes saved."))
    audit.check(page, language)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.WAITING_FOR_SCHOOL, agent)

    services.ticket_reply(ticket=ticket, author=teacher, body=TEXTS[language]["school_reply"])
    page.reload()
    expect(page.get_by_text(TEXTS[language]["school_reply"])).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text(t(language, "Open"))
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_logs_a_phone_call(new_page, audit, language):
    school = school_in(language)
    caller = make_member(school, name="Anna Kohnen")
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.get_by_role("link", name=t(language, "Log a phone call")).first.click()
    audit.check(page, language)
    field(page, language, "School (official number or name)").fill(school.official_number)
    page.get_by_role("button", name=t(language, "Find the school")).click()
    audit.check(page, language)
    field(page, language, "Caller").select_option(label="Anna Kohnen")
    field(page, language, "Question").check()
    field(page, language, "Subject").fill(TEXTS[language]["subject"])
    field(page, language, "What the caller said").fill(TEXTS[language]["description"])
    page.get_by_role("button", name=t(language, "Create the request")).click()

    expect(page).to_have_url(re.compile(r"/desk/tickets/[\d-]+/$"))
    ticket = Ticket.objects.get()
    expect(page.get_by_role("status")).to_contain_text(ticket.number)
    audit.check(page, language)
    assert (ticket.channel, ticket.requester, ticket.created_by) == (Channel.PHONE, caller, agent)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_school_search_in_the_phone_call_form_says_what_to_type(new_page, audit, language):
    school_in(language)
    page = new_page()
    sign_in(page, make_user(role=Role.AGENT, language=language))
    page.get_by_role("link", name=t(language, "Log a phone call")).first.click()
    page.get_by_role("button", name=t(language, "Find the school")).click()
    message = t(language, "Type a school's name or number.")
    expect(page.locator(".form-error-summary")).to_contain_text(message)
    expect(field(page, language, "School (official number or name)")).to_be_visible()
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_ict_contact_sees_the_school_and_others_are_kept_out(new_page, audit, language):
    school = school_in(language)
    ict = make_member(school, ict_contact=True)
    first = make_ticket(make_member(school), subject="Projecteur / Beamer A")
    second = make_ticket(make_member(school), subject="Wi-Fi / WLAN B")
    outsider = make_member(make_school(language=language))

    page = new_page()
    sign_in(page, ict)
    expect(page.get_by_role("link", name=first.subject)).to_be_visible()
    expect(page.get_by_role("link", name=second.subject)).to_be_visible()
    audit.check(page, language)

    page = new_page()
    sign_in(page, outsider)
    response = page.goto(f"/portal/requests/{first.number}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Page not found"))
    expect(page.get_by_text(first.subject)).to_have_count(0)
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_keeps_the_user_on_the_same_page(new_page, audit, language):
    school = school_in(language)
    teacher = make_member(school)
    ticket = make_ticket(teacher)
    other = "fr" if language == "de" else "de"
    page = new_page()
    sign_in(page, teacher)
    page.goto(f"/portal/requests/{ticket.number}/")
    audit.check(page, language)
    page.get_by_role("button", name=other.upper()).click()
    expect(page).to_have_url(re.compile(rf"/portal/requests/{ticket.number}/$"))
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", name=t(other, "Conversation"))).to_be_visible()
    audit.check(page, other)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_anyone_reads_the_accessibility_statement_from_the_footer(new_page, audit, language):
    page = new_page()
    page.goto("/")
    page.get_by_role("button", name=language.upper()).click()
    audit.check(page, language)
    page.get_by_role("contentinfo").get_by_role(
        "link", name=t(language, "Accessibility statement")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Accessibility statement")
    )
    expect(page.get_by_role("heading", name=t(language, "Known gaps"))).to_be_visible()
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_school_sees_whether_the_helpdesk_is_open_and_reads_the_hours(new_page, audit, language):
    teacher = make_member(school_in(language))
    page = new_page()
    sign_in(page, teacher, audit)
    # Open or closed depends on when the test runs; either way it is said.
    notice = page.locator(".service-notice")
    expect(notice).to_be_visible()
    audit.check(page, language)
    notice.get_by_role("link", name=t(language, "Contact and hours")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Contact and hours"))
    expect(page.get_by_text("08:00–21:00")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(r"@"))).to_be_visible()
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_supervisor_adds_a_closed_day_and_reads_the_sla_targets(new_page, audit, language):
    supervisor = make_user(role=Role.SUPERVISOR, language=language)
    page = new_page()
    sign_in(page, supervisor, audit)
    page.get_by_role("link", name=t(language, "Hours and SLA")).first.click()
    audit.check(page, language)
    page.get_by_role("main").get_by_role("link", name="Standard").click()
    audit.check(page, language)
    field(page, language, "Date").fill("2030-06-10")
    field(page, language, "Name in German").fill("Umzug des Helpdesks")
    field(page, language, "Name in French").fill("Déménagement du helpdesk")
    page.get_by_role("button", name=t(language, "Add the closed day")).click()
    expect(page.get_by_text("Déménagement du helpdesk")).to_be_visible()
    audit.check(page, language)
    page.get_by_role("main").get_by_role("link", name=t(language, "Hours and SLA")).click()
    page.get_by_role(
        "link", name=t(language, "First response and resolution targets per priority")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "SLA targets"))
    audit.check(page, language)
    audit.assert_clean()
