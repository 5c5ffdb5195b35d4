"""The desk shows SLA state in colour and text, sorts by next due time and
shows targets, elapsed and remaining business time on the ticket page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pupitre.tickets import services
from pupitre.tickets.models import Priority, Status

from ..factories import make_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


@pytest.fixture
def at(time_machine):
    def move(*args):
        time_machine.move_to(datetime(*args, tzinfo=BRUSSELS), tick=False)

    return move


def test_queue_sorts_by_next_due_time_with_paused_tickets_last(client, at, agent_fr, teacher):
    at(2026, 3, 23, 9)
    low = make_ticket(teacher, subject="Sujet bas", priority=Priority.LOW)  # due Tue 09:00
    at(2026, 3, 23, 10)
    normal = make_ticket(teacher, subject="Sujet normal")  # due 14:00
    waiting = make_ticket(teacher, subject="Sujet en attente", priority=Priority.URGENT)
    services.ticket_set_status(ticket=waiting, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
    urgent = make_ticket(teacher, subject="Sujet urgent", priority=Priority.URGENT)  # 11:00
    client.force_login(agent_fr)
    html = client.get(reverse("desk:queue"), {"sort": "due"}).content.decode()
    order = [html.index(t.subject) for t in (urgent, normal, low, waiting)]
    assert order == sorted(order)
    assert "Requests, next due first" in html or "prochaine échéance d’abord" in html
    # The default order stays by urgency.
    html = client.get(reverse("desk:queue")).content.decode()
    assert html.index(waiting.subject) < html.index(urgent.subject) < html.index(low.subject)


def test_queue_shows_the_sla_state_as_a_badge_with_text(client, at, agent_fr, teacher):
    at(2026, 3, 23, 10)
    make_ticket(teacher, subject="En retard", priority=Priority.URGENT)
    at(2026, 3, 23, 12)
    services.tickets_sla_check()
    make_ticket(teacher, subject="Dans les temps")
    client.force_login(agent_fr)
    html = client.get(reverse("desk:queue")).content.decode()
    assert '<span class="badge sla-breached">En retard</span>' in html
    assert '<span class="badge sla-ok">Dans les temps</span>' in html


def test_ticket_page_shows_targets_elapsed_and_remaining_business_time(
    client, at, agent_fr, teacher
):
    at(2026, 3, 20, 17)  # Friday
    ticket = make_ticket(teacher)  # normal: 4 h / 5 business days
    at(2026, 3, 23, 9, 30)  # Monday: 2 h 30 elapsed
    client.force_login(agent_fr)
    html = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "Niveau de service" in html
    first_response = html[html.index("<h3>Première réponse</h3>") : html.index("<h3>Résolution")]
    assert "<dd>4 h 00 min</dd>" in first_response  # target
    assert "<dd>2 h 30 min</dd>" in first_response  # elapsed
    assert "<dd>1 h 30 min</dd>" in first_response  # remaining
    assert "<dd>50 h 00 min</dd>" in html[html.index("<h3>Résolution") :]
