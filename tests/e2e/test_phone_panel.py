"""The incoming-call panel: it appears on the desk page of the agents of the
line's team (and not of another team), and a phone ticket is opened from it,
in German and French."""

import re
import time

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.phone.models import Call, Callback, CallbackState
from pupitre.phone.queries import forget_directory
from pupitre.phone.services import line_create
from pupitre.tickets.models import Channel, Ticket

from ..factories import make_member, make_school, make_team, make_user
from ..phone.conftest import Pbx
from .helpers import field, sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "de": {"subject": "Beamer zeigt kein Bild", "said": "Der Beamer in Raum 12 bleibt schwarz."},
    "fr": {
        "subject": "Le projecteur n'affiche rien",
        "said": "Le projecteur de la salle 12 reste noir.",
    },
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_panel_appears_for_the_lines_team_and_opens_a_phone_ticket(
    new_page, audit, language, live_server
):
    other = "fr" if language == "de" else "de"
    school = make_school(language=language)
    caller = make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language=language)
    outsider = make_user(role=Role.AGENT, language=other)
    team, other_team = make_team(language), make_team(other)
    team.members.add(agent)
    other_team.members.add(outsider)
    line, token = line_create(
        name=f"Line {language}", number="081 00 00 00", language=language, team=team, by=None
    )
    forget_directory()  # the numbers known to the webhook: Anna Kohnen's is new
    pbx = Pbx(live_server.url, token)

    page = new_page()
    sign_in(page, agent)
    outsider_page = new_page()
    sign_in(outsider_page, outsider)
    panel = page.locator("#phone-panel")
    expect(panel).to_be_hidden()

    started = time.monotonic()
    new_call = {
        "event": "newCall",
        "direction": "in",
        "from": "081 22 33 44",
        "to": "081000000",
        "callId": f"e2e-{language}",
    }
    assert pbx.send(new_call) == (200, {})
    title = t(language, "Call from %(name)s") % {"name": "Anna Kohnen"}
    expect(panel.get_by_role("heading", name=title)).to_be_visible(timeout=3000)
    assert time.monotonic() - started < 2.5
    expect(panel).to_contain_text(school.name)
    audit.check(page, language)
    # The other team's agent polls too, and sees nothing.
    outsider_page.wait_for_timeout(1500)
    expect(outsider_page.locator("#phone-panel")).to_be_hidden()

    panel.get_by_role("link", name=t(language, "Open a phone ticket")).click()
    expect(page).to_have_url(re.compile(r"/desk/phone/\?call="))
    audit.check(page, language)
    expect(field(page, language, "Caller")).to_have_value(str(caller.pk))
    field(page, language, "Question").check()
    field(page, language, "Subject").fill(TEXTS[language]["subject"])
    field(page, language, "What the caller said").fill(TEXTS[language]["said"])
    page.locator("main form[method=post]").get_by_role(
        "button", name=t(language, "Create the request")
    ).click()

    expect(page).to_have_url(re.compile(r"/desk/tickets/[\d-]+/$"))
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.requester, ticket.created_by) == (Channel.PHONE, caller, agent)
    call = Call.objects.get(call_id=f"e2e-{language}")
    assert call.ticket == ticket
    # The call ends: the request's history shows it.
    hangup = {**new_call, "event": "hangup", "cause": "normalClearing"}
    assert pbx.send({**new_call, "event": "answer", "user": agent.email}) == (200, {})
    assert pbx.send(hangup) == (200, {})
    page.reload()
    history = t(language, "Incoming call from %(number)s: %(outcome)s, %(duration)s.")
    expect(page.locator("main")).to_contain_text(history.split("%(number)s")[0].strip())
    audit.check(page, language)
    audit.assert_clean()


LONG_WORD = "Schulgemeinschaftsinformatikausstattungsverwaltung" * 2


@pytest.mark.parametrize("language", ["de", "fr"])
def test_an_agent_works_an_overdue_callback_and_the_pages_fit_a_phone(
    new_page, audit, language, live_server
):
    school = make_school(language=language, name=f"Institut {LONG_WORD}")
    make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language=language)
    team = make_team(language)
    team.members.add(agent)
    line, token = line_create(
        name=f"Line {language}", number="081 00 00 00", language=language, team=team, by=None
    )
    forget_directory()
    pbx = Pbx(live_server.url, token)
    page = new_page()
    sign_in(page, agent)
    call = {
        "event": "newCall",
        "direction": "in",
        "from": "081 22 33 44",
        "to": "081000000",
        "callId": f"missed-{language}",
    }
    assert pbx.send(call) == (200, {})
    expect(page.locator("#phone-panel")).to_contain_text(school.name, timeout=3000)
    audit.check(page, language)  # the panel with a long name, at both widths
    assert pbx.send({**call, "event": "hangup", "cause": "cancel"}) == (200, {})
    expect(page.locator("#phone-panel")).to_be_hidden(timeout=3000)
    callback = Callback.objects.get(call__call_id=f"missed-{language}")
    Callback.objects.filter(pk=callback.pk).update(due_at=callback.created_at)  # overdue

    page.get_by_role("navigation").get_by_role("link", name=t(language, "Callbacks")).click()
    row = page.locator(f'[data-callback="{callback.pk}"]')
    expect(row).to_contain_text(t(language, "Overdue"))
    audit.check(page, language)
    row.get_by_role("button", name=t(language, "Take")).click()
    row = page.locator(f'[data-callback="{callback.pk}"]')
    row.get_by_label(t(language, "Note (optional)")).fill("Répondeur")
    row.get_by_role("button", name=t(language, "Called back: no answer")).click()
    expect(page.locator(f'[data-callback="{callback.pk}"]')).to_contain_text("Répondeur")
    page.locator(f'[data-callback="{callback.pk}"]').get_by_role(
        "button", name=t(language, "Called back: reached")
    ).click()
    expect(page.locator(f'[data-callback="{callback.pk}"]')).to_have_count(0)
    callback.refresh_from_db()
    assert (callback.state, callback.done_by) == (CallbackState.DONE, agent)
    audit.check(page, language)
    audit.assert_clean()
