"""Calendar and team names are read in the page's language: never the
English name, nor the other language's, on a German or French page."""

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.core.translated_names import name_in
from pupitre.hours.models import ServiceCalendar
from pupitre.tickets import services
from pupitre.tickets.models import Team

from ..factories import make_member, make_school, make_ticket, make_user

TEAM_NAMES = {
    "de": "Support Französisch",
    "fr": "Support francophone",
    "en": "French-language support",
}
OTHER_TEAM_NAMES = {"de": "Vor-Ort-Einsätze", "fr": "Interventions sur site", "en": "On-site work"}


@pytest.fixture
def named_teams(db):
    def team(name, language, names):
        return Team.objects.create(
            name=name, language=language, **{f"name_{code}": text for code, text in names.items()}
        )

    return team("Support FR", "fr", TEAM_NAMES), team("Onsite", "", OTHER_TEAM_NAMES)


def other_names(language):
    """The names a reader of `language` must not see."""
    names = [TEAM_NAMES, OTHER_TEAM_NAMES]
    names += [calendar.names() for calendar in ServiceCalendar.objects.all()]
    return [
        text
        for by_language in names
        for code, text in by_language.items()
        if code != language and text != by_language[language]
    ]


def desk_pages(ticket, calendar):
    return [
        reverse("desk:queue"),
        reverse("desk:ticket", args=[ticket.number]),
        reverse("desk:calendars"),
        reverse("desk:calendar", args=[calendar.code]),
        reverse("desk:mailboxes"),
        reverse("desk:settings_history"),
    ]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_no_desk_page_shows_a_calendar_or_team_name_of_another_language(
    client, named_teams, language
):
    school = make_school(language="fr")
    ticket = make_ticket(make_member(school))
    supervisor = make_user(role=Role.ADMINISTRATOR, language=language)
    services.ticket_update(ticket=ticket, by=supervisor, team=named_teams[1])
    calendar = ServiceCalendar.objects.get(code="extended")
    client.force_login(supervisor)
    seen = {name_in(TEAM_NAMES, language), name_in(OTHER_TEAM_NAMES, language)}
    seen.add(calendar.name_in(language))
    shown = ""
    for url in desk_pages(ticket, calendar):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        shown += html
        wrong = [name for name in other_names(language) if name in html]
        assert wrong == [], (url, wrong)
    assert all(name in shown for name in seen)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_no_portal_page_shows_a_calendar_or_team_name_of_another_language(
    client, named_teams, language
):
    school = make_school(language=language)
    teacher = make_member(school)
    teacher.language = language
    teacher.save(update_fields=["language"])
    ticket = make_ticket(teacher)
    agent = make_user(role=Role.AGENT, language="fr" if language == "de" else "de")
    services.ticket_update(ticket=ticket, by=agent, team=named_teams[0])
    client.force_login(teacher)
    for url in (
        reverse("portal:requests"),
        reverse("portal:detail", args=[ticket.number]),
        reverse("portal:new"),
        reverse("portal:preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        wrong = [name for name in other_names(language) if name in html]
        assert wrong == [], (url, wrong)


def test_a_name_falls_back_to_another_language_when_one_is_missing():
    assert name_in({"de": "", "fr": "Support francophone", "en": "x"}, "de") == (
        "Support francophone"
    )
    assert name_in({"de": "Support Deutsch", "fr": "", "en": ""}, "fr-be") == "Support Deutsch"
    assert name_in({"de": "A", "fr": "B", "en": "C"}, "en") == "C"
