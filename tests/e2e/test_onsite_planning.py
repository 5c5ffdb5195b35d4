"""An agent plans an on-site visit from a request, in German and French, at
desktop and phone size: a time outside the site's hours is refused with the
reason, the next is accepted, and the school confirms a time from the link
in the email it receives, without signing in."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.onsite import planning, queries
from pupitre.onsite.models import Intervention, InterventionStatus

from ..factories import make_member, make_school, make_team, make_ticket, make_user
from .helpers import field, sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)
BRUSSELS = ZoneInfo("Europe/Brussels")


def next_time(site, *, weekday: int, hour: int, accepted: bool) -> datetime:
    """The first `weekday` at `hour`, at least two days ahead, that the
    site's rules accept (or refuse): the journey runs on the real clock."""
    day = timezone.localdate() + timedelta(days=2)
    while True:
        if day.weekday() == weekday:
            start = datetime.combine(day, time(hour), tzinfo=BRUSSELS)
            site_time = queries.site_time(site, first=day, last=day)
            ok = planning.site_conflicts(start, start + timedelta(hours=1), site_time) == []
            if ok == accepted:
                return start
        day += timedelta(days=1)


def local_input(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_plan_with_a_conflict_refused_then_the_school_confirms_by_the_emailed_link(
    new_page, audit, language, live_server, settings
):
    settings.PUPITRE_BASE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    school = make_school(language=language, name="Parkschule / École du Parc")
    make_team(language)
    teacher = make_member(school, name="Anne Lambert")
    ticket = make_ticket(teacher, subject="Beamer / Projecteur", category="onsite")
    agent = make_user(role=Role.AGENT, language=language)
    make_user(role=Role.TECHNICIAN, language=language, name="Tom Technik")
    site = school.sites.first()
    wednesday_afternoon = next_time(site, weekday=2, hour=14, accepted=False)
    thursday_morning = next_time(site, weekday=3, hour=10, accepted=True)

    page = new_page()
    sign_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    page.get_by_role("link", name=t(language, "Plan an on-site visit")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.number)
    audit.check(page, language)
    field(page, language, "What is to be done").fill("Lampe ersetzen / remplacer la lampe")
    field(page, language, "Expected duration (minutes)").fill("60")
    field(page, language, "Technician").select_option(label="Tom Technik")
    field(page, language, "Time 1").fill(local_input(wednesday_afternoon))
    page.get_by_role("button", name=t(language, "Plan and send the times to the school")).click()
    refused = t(language, "Time %(number)s is refused: %(reason)s") % {"number": 1, "reason": ""}
    expect(page.get_by_role("alert")).to_contain_text(refused.strip())
    expect(field(page, language, "What is to be done")).to_have_value(
        "Lampe ersetzen / remplacer la lampe"
    )
    audit.check(page, language)
    assert not Intervention.objects.exists()
    assert [m for m in mail.outbox if "/portal/visits/" in m.body] == []

    field(page, language, "Time 1").fill(local_input(thursday_morning))
    page.get_by_role("button", name=t(language, "Plan and send the times to the school")).click()
    status = page.get_by_test_id("intervention-status")
    expect(status).to_have_text(t(language, "Proposed"))
    audit.check(page, language)

    # The school's email, in the school's language, with the signed link.
    [email] = [m for m in mail.outbox if "/portal/visits/" in m.body]
    assert email.to == [teacher.email]
    assert email.subject == t(language, "[%(number)s] On-site visit: please choose a time") % {
        "number": ticket.number
    }
    link = re.search(r"http\S+/portal/visits/\S+/", email.body).group(0)
    school_page = new_page()
    school_page.goto(link)
    expect(school_page.get_by_role("heading", level=1)).to_contain_text(ticket.number)
    audit.check(school_page, language)
    school_page.get_by_role("radio").first.check()
    field(school_page, language, "Your name").fill("Anne Lambert")
    school_page.get_by_role("button", name=t(language, "Confirm this time")).click()
    expect(
        school_page.get_by_role("heading", name=t(language, "The visit is confirmed"))
    ).to_be_visible()
    audit.check(school_page, language)

    page.reload()
    expect(status).to_have_text(t(language, "Confirmed"))
    intervention = Intervention.objects.get()
    assert intervention.status == InterventionStatus.CONFIRMED
    assert intervention.starts_at == thursday_morning
    assert intervention.confirmed_by_name == "Anne Lambert"
    audit.assert_clean()
