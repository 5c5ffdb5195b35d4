"""The ticket page's side form: status, priority and team changed in one
submit, from the keyboard, each change in the history."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.tickets.models import MessageKind, Priority, Status
from pupitre.web.presenters import describe_event

from ..factories import make_member, make_school, make_team, make_ticket, make_user
from .helpers import field, sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_agent_changes_status_priority_and_team_in_one_submit(new_page, audit, language):
    school = make_school(language=language)
    make_team(language)
    other_team = make_team("fr" if language == "de" else "de")
    ticket = make_ticket(make_member(school))
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    audit.check(page, language)
    history = page.locator(".timeline .event")
    expect(history).to_have_count(1)  # opened

    field(page, language, "Status").select_option(Status.WAITING_FOR_SCHOOL)
    field(page, language, "Priority").select_option(str(Priority.HIGH))
    team = field(page, language, "Team")
    team.select_option(str(other_team.pk))
    team.focus()
    # The save button comes right after the last field, and Enter sends.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=t(language, "Save changes"))).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(t(language, "Changes saved."))
    expect(history).to_have_count(4)
    with translation.override(language):
        sentences = [
            describe_event(event)
            for event in ticket.messages.filter(kind=MessageKind.EVENT).order_by("pk")[1:]
        ]
    assert len(sentences) == 3
    for sentence in sentences:
        expect(history.filter(has_text=sentence)).to_have_count(1)
    expect(field(page, language, "Status")).to_have_value(Status.WAITING_FOR_SCHOOL)
    expect(field(page, language, "Team")).to_have_value(str(other_team.pk))
    audit.check(page, language)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.team) == (
        Status.WAITING_FOR_SCHOOL,
        Priority.HIGH,
        other_team,
    )
    audit.assert_clean()


NAMES = {
    "de": ("Support Französisch", "Support francophone", "French-language support"),
    "fr": ("Support francophone", "Support Französisch", "French-language support"),
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_desk_shows_calendar_and_team_names_in_its_language_only(new_page, audit, language):
    from pupitre.hours.models import ServiceCalendar
    from pupitre.tickets.models import Team

    team = Team.objects.create(
        name="Support FR",
        language="fr",
        name_de="Support Französisch",
        name_fr="Support francophone",
        name_en="French-language support",
    )
    ticket = make_ticket(make_member(make_school(language="fr")))
    supervisor = make_user(role=Role.SUPERVISOR, language=language)
    own, other, english = NAMES[language]
    page = new_page()
    sign_in(page, supervisor)

    page.goto("/desk/")
    expect(field(page, language, "Team").locator("option", has_text=own)).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text=ticket.number)).to_contain_text(own)
    page.goto(f"/desk/tickets/{ticket.number}/")
    expect(field(page, language, "Team")).to_have_value(str(team.pk))
    expect(field(page, language, "Team").locator("option:checked")).to_have_text(own)
    audit.check(page, language)
    page.goto("/desk/calendars/")
    extended = ServiceCalendar.objects.get(code="extended")
    expect(page.get_by_role("link", name=extended.name_in(language))).to_be_visible()
    audit.check(page, language)
    for url in ("/desk/", f"/desk/tickets/{ticket.number}/", "/desk/calendars/"):
        page.goto(url)
        html = page.content()  # the options of the selects too
        for wrong in (other, english, extended.name_in("en")):
            assert wrong not in html, (url, wrong)
    audit.assert_clean()
