"""A school reads, on its list of requests and on a request's page, when to
expect the first answer and the solution, or that the clock is paused while
the helpdesk waits for its reply."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.tickets import services
from pupitre.tickets.models import Status

from ..factories import make_member, make_school, make_ticket, make_user
from .helpers import sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_school_reads_when_to_expect_an_answer_or_that_it_is_paused(
    new_page, audit, language, time_machine
):
    # Monday 09:00 in Brussels; the clock runs on from there.
    time_machine.move_to(datetime(2026, 3, 23, 9, tzinfo=ZoneInfo("Europe/Brussels")))
    teacher = make_member(make_school(language=language))
    running = make_ticket(teacher, subject="Beamer / Projecteur")
    waiting = make_ticket(teacher, subject="Tablette / Tablet")
    agent = make_user(role=Role.AGENT, language=language)
    services.ticket_set_status(ticket=waiting, status=Status.WAITING_FOR_SCHOOL, by=agent)
    # A normal request: a first answer within 4 business hours.
    first_answer = t(language, "First answer expected by %(when)s.") % {
        "when": t(language, "today at %(time)s") % {"time": "13:00"}
    }
    paused = t(language, "Paused while we wait for your reply.")

    page = new_page()
    sign_in(page, teacher, audit)
    rows = page.locator(".request-list li")
    expect(rows.filter(has_text=running.subject).locator(".expectation")).to_contain_text(
        first_answer
    )
    expect(rows.filter(has_text=waiting.subject).locator(".expectation")).to_have_text(paused)
    audit.check(page, language)

    page.get_by_role("link", name=running.subject).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(running.subject)
    expect(page.locator("main .expectation")).to_be_visible()
    expect(page.locator("main .expectation")).to_contain_text(first_answer)
    audit.check(page, language)

    page.go_back()
    page.get_by_role("link", name=waiting.subject).click()
    expect(page.locator("main .expectation")).to_have_text(paused)
    audit.check(page, language)
    audit.assert_clean()
