"""What a school reads about when its request will be answered and solved
(`tickets.texts.expectation_text`), on the standard calendar (Monday to
Friday 08:00–18:00, Brussels time); a normal request is due a first answer
after 4 business hours and a solution after 5 business days."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from pupitre.tickets import services
from pupitre.tickets.models import Status
from pupitre.tickets.texts import expectation_text

from ..factories import make_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


@pytest.fixture
def at(time_machine):
    def move(*args):
        time_machine.move_to(datetime(*args, tzinfo=BRUSSELS), tick=False)

    return move


def words(ticket, language="fr", **options):
    ticket.refresh_from_db()
    with translation.override(language):
        return expectation_text(ticket, **options)


def test_a_request_of_the_morning_is_answered_today_and_solved_on_a_date(at, teacher):
    at(2026, 3, 23, 9)  # Monday: a week later is a date, not "Monday"
    ticket = make_ticket(teacher)
    assert words(ticket) == (
        "Vous recevrez une première réponse au plus tard aujourd’hui à 13:00. "
        "Une solution est prévue au plus tard le lundi 30 mars 2026 à 09:00."
    )


def test_a_request_of_late_afternoon_is_answered_tomorrow(at, teacher):
    at(2026, 3, 24, 16)  # Tuesday: 2 h today, 2 h tomorrow
    ticket = make_ticket(teacher)
    assert words(ticket, "de").startswith(
        "Eine erste Antwort erhalten Sie bis morgen um 10:00 Uhr."
    )


def test_the_weekend_is_skipped_and_a_far_moment_is_a_date(at, teacher):
    at(2026, 3, 20, 17)  # Friday: 1 h today, 3 h on Monday
    ticket = make_ticket(teacher)
    assert words(ticket) == (
        "Vous recevrez une première réponse au plus tard lundi à 11:00. "
        "Une solution est prévue au plus tard le vendredi 27 mars 2026 à 17:00."
    )
    assert words(ticket, "de") == (
        "Eine erste Antwort erhalten Sie bis Montag um 11:00 Uhr. "
        "Eine Lösung ist bis Freitag, 27. März 2026 um 17:00 Uhr vorgesehen."
    )


def test_a_closed_day_is_skipped(at, teacher):
    at(2026, 4, 3, 17)  # Friday before Easter Monday, a holiday
    ticket = make_ticket(teacher)
    assert words(ticket, "de").startswith(
        "Eine erste Antwort erhalten Sie bis Dienstag um 11:00 Uhr."
    )


def test_the_first_answer_given_is_said_with_the_solution_still_expected(at, teacher, agent_fr):
    at(2026, 3, 23, 9)
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 10, 15)
    services.ticket_reply(ticket=ticket, author=agent_fr, body="Nous regardons.")
    assert words(ticket) == (
        "Première réponse donnée aujourd’hui à 10:15. "
        "Une solution est prévue au plus tard le lundi 30 mars 2026 à 09:00."
    )
    at(2026, 3, 24, 8)
    assert words(ticket, "de").startswith(
        "Die erste Antwort haben Sie gestern um 10:15 Uhr erhalten."
    )
    at(2026, 3, 26, 8)
    assert words(ticket).startswith("Première réponse donnée le lundi 23 mars 2026 à 10:15.")


def test_a_request_waiting_for_the_school_says_its_clock_is_paused(at, teacher, agent_fr):
    at(2026, 3, 23, 9)
    ticket = make_ticket(teacher)
    services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
    assert words(ticket) == "En pause en attendant votre réponse."
    assert words(ticket, "de") == "Pausiert, solange wir auf Ihre Antwort warten."


def test_a_late_first_answer_is_owned_up_to(at, teacher):
    at(2026, 3, 23, 9)
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 14)
    assert words(ticket).startswith(
        "Notre première réponse est en retard\u00a0: "
        "elle était prévue au plus tard aujourd’hui à 13:00."
    )


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_a_solved_or_closed_request_promises_nothing(at, teacher, agent_fr, status):
    at(2026, 3, 23, 9)
    ticket = make_ticket(teacher)
    services.ticket_set_status(ticket=ticket, status=status, by=agent_fr)
    assert words(ticket) == ""


def test_a_mail_words_every_moment_as_a_date(at, teacher):
    at(2026, 3, 23, 9)
    ticket = make_ticket(teacher)
    assert words(ticket, relative=False) == (
        "Vous recevrez une première réponse au plus tard le lundi 23 mars 2026 à 13:00. "
        "Une solution est prévue au plus tard le lundi 30 mars 2026 à 09:00."
    )
