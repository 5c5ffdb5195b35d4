"""The queue's pages: a bounded count, and every page reachable."""

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.tickets.models import Ticket
from pupitre.web import pagination

from ..factories import make_member, make_ticket, make_user


@pytest.fixture
def agent(db):
    # English, to read the pagination's sentence as written in the code.
    return make_user(role=Role.AGENT, language="en")


@pytest.fixture
def twelve_tickets(school):
    teacher = make_member(school)
    return [make_ticket(teacher, subject=f"Demande numéro {i:02d}") for i in range(12)]


def shown_subjects(html):
    return sorted(part.split("<")[0] for part in html.split("Demande numéro ")[1:])


def test_a_short_queue_is_counted_exactly(client, agent, twelve_tickets, settings):
    settings.PAGE_SIZE = 5
    client.force_login(agent)
    html = client.get(reverse("desk:queue"), {"page": 3}).content.decode()
    assert "Requests 11–12 of 12" in html
    assert 'rel="next"' not in html and 'rel="prev"' in html


def test_a_long_queue_says_more_than_the_limit_and_keeps_every_page(
    client, agent, twelve_tickets, settings, monkeypatch
):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 4)
    settings.PAGE_SIZE = 5
    client.force_login(agent)
    seen = []
    for number in (1, 2, 3):
        html = client.get(reverse("desk:queue"), {"page": number}).content.decode()
        seen += shown_subjects(html)
        assert "of more than 4" in html
        assert ('rel="next"' in html) == (number < 3)
    # Every ticket once, on the page its rank puts it.
    assert sorted(seen) == sorted(f"{i:02d}" for i in range(12))


def test_a_page_past_the_end_shows_the_last_page(
    client, agent, twelve_tickets, settings, monkeypatch
):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 4)
    settings.PAGE_SIZE = 5
    client.force_login(agent)
    html = client.get(reverse("desk:queue"), {"page": 40}).content.decode()
    assert len(shown_subjects(html)) == 2
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.parametrize("number", ["", "abc", "-3", "0"])
def test_an_invalid_page_number_shows_the_first_page(
    client, agent, twelve_tickets, number, settings
):
    settings.PAGE_SIZE = 5
    client.force_login(agent)
    html = client.get(reverse("desk:queue"), {"page": number}).content.decode()
    assert "Requests 1–5 of 12" in html


def test_bounded_page_counts_no_further_than_the_limit(twelve_tickets, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 4)
    page = pagination.bounded_page(Ticket.objects.order_by("id"), "1", 5)
    assert page.counted == 5 and not page.is_count_exact and page.num_pages is None
    assert page.has_next and page.start_index == 1 and page.end_index == 5
