"""What schools see of the service hours: the banner, the expected first
answer after a request, the public contact page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from pupitre.schools.models import SchoolType
from pupitre.tickets import services
from pupitre.tickets.models import Status

from ..factories import make_member, make_school, make_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


@pytest.fixture
def at(time_machine):
    def move(*args):
        time_machine.move_to(datetime(*args, tzinfo=BRUSSELS), tick=False)

    return move


def page(client, user, name="portal:requests"):
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_banner_says_open_until_closing_time(client, at, teacher):
    at(2026, 3, 23, 10)
    assert "Ouvert maintenant jusqu’à 18:00." in page(client, teacher)


def test_banner_says_when_we_open_again_after_the_weekend(client, at, teacher, german_teacher):
    at(2026, 3, 21, 11)  # Saturday
    assert "Fermé — nous rouvrons lundi à 08:00." in page(client, teacher)
    at(2026, 3, 20, 18, 30)  # Friday evening
    assert "Geschlossen — wir sind am Montag ab 08:00 Uhr wieder für Sie da." in page(
        client, german_teacher
    )


def test_banner_skips_holidays_and_says_tomorrow_or_today(client, at, teacher):
    at(2026, 4, 3, 19)  # Friday before Easter Monday
    assert "Fermé — nous rouvrons mardi à 08:00." in page(client, teacher)
    at(2026, 3, 24, 19)
    assert "Fermé — nous rouvrons demain à 08:00." in page(client, teacher)
    at(2026, 3, 24, 7)
    assert "Fermé — nous rouvrons aujourd’hui à 08:00." in page(client, teacher)


def test_banner_follows_the_extended_calendar_of_adult_education(client, at):
    adult = make_school(school_type=SchoolType.ADULT_EDUCATION)
    at(2026, 3, 23, 19)
    assert "Ouvert maintenant jusqu’à 21:00." in page(client, make_member(adult))


def test_staff_see_no_banner(client, at, agent_fr):
    at(2026, 3, 23, 10)
    assert "service-notice" not in page(client, agent_fr, "desk:queue")


def test_confirmation_says_when_to_expect_a_first_answer(client, at, teacher, school):
    at(2026, 3, 20, 17)  # Friday: 1 h today, 3 h on Monday
    client.force_login(teacher)
    response = client.post(
        reverse("portal:new"),
        {
            "school": school.pk,
            "category": "question",
            "subject": "Accès à Odoo",
            "description": "Je ne peux plus me connecter.",
        },
        follow=True,
    )
    [message] = response.context["messages"]
    assert str(message) == (
        "Votre demande 2026-000001 a bien été reçue. Nous vous répondrons ici. "
        "Vous recevrez une première réponse au plus tard lundi à 11:00. "
        "Une solution est prévue au plus tard le vendredi 27 mars 2026 à 17:00."
    )


def test_received_email_says_when_to_expect_a_first_answer_in_the_schools_language(
    at, german_teacher, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    at(2026, 3, 20, 17)
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket(german_teacher, subject="Beamer zeigt kein Bild")
    [email] = mail.outbox
    expected = "Eine erste Antwort erhalten Sie bis Montag, 23. März 2026 um 11:00 Uhr."
    assert expected in email.body
    assert expected in email.alternatives[0][0]


def test_request_page_and_list_say_when_to_expect_an_answer(client, at, teacher):
    at(2026, 3, 20, 17)  # Friday
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 9)  # Monday morning
    expected = (
        '<p class="expectation">Vous recevrez une première réponse au plus tard '
        "aujourd’hui à 11:00. Une solution est prévue au plus tard vendredi à 17:00.</p>"
    )
    assert expected in page(client, teacher)
    client.force_login(teacher)
    detail = client.get(reverse("portal:detail", args=[ticket.number])).content.decode()
    assert expected in detail


def test_request_page_and_list_say_a_waiting_request_is_paused(
    client, at, german_teacher, agent_de
):
    at(2026, 3, 23, 9)
    ticket = make_ticket(german_teacher)
    services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_de)
    expected = '<p class="expectation">Pausiert, solange wir auf Ihre Antwort warten.</p>'
    assert expected in page(client, german_teacher)
    client.force_login(german_teacher)
    detail = client.get(reverse("portal:detail", args=[ticket.number])).content.decode()
    assert expected in detail


@pytest.mark.parametrize(
    ("language", "title", "hours"),
    [
        ("de", "Kontakt und Servicezeiten", "Montag bis Freitag: 08:00–18:00"),
        ("fr", "Contact et horaires", "Du lundi au vendredi\u00a0: 08:00–21:00"),
    ],
)
def test_public_contact_page_lists_phone_email_and_hours_per_school_type(
    client, settings, language, title, hours
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("contact")).content.decode()
    assert title in html
    assert settings.HELPDESK_PHONE in html and settings.HELPDESK_EMAIL in html
    assert hours in html
    with translation.override(language):
        assert str(SchoolType.ADULT_EDUCATION.label) in html
