"""Desktop notifications of ringing calls: an agent turns them on in the
header; a new ringing call of their team shows one notification while the
page is in the background, none while it is in front, none when the browser
refuses, and no control at all where the browser has no notifications.

The browser's Notification is replaced by a recorder (headless Chromium
shows none), and the page is made to look hidden through document.hidden
and document.visibilityState, kept in sessionStorage so that it survives a
reload."""

import json

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.phone.models import Call
from pupitre.phone.queries import forget_directory
from pupitre.phone.services import line_create

from ..factories import make_member, make_school, make_team, make_user
from ..phone.conftest import Pbx
from .helpers import sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)

RECORDER = """
(() => {
  const permission = %s;
  window.__notifications = [];
  window.__focused = 0;
  if (permission === null) {
    delete window.Notification;
    return;
  }
  class Recorder {
    constructor(title, options) {
      this.title = title;
      this.body = options.body;
      this.tag = options.tag;
      this.closed = false;
      window.__notifications.push(this);
    }
    close() { this.closed = true; }
    static requestPermission() { return Promise.resolve(permission); }
  }
  Recorder.permission = permission;
  window.Notification = Recorder;
  window.focus = () => { window.__focused += 1; };
  const hidden = () => sessionStorage.getItem("e2e-hidden") === "1";
  Object.defineProperty(document, "hidden", { configurable: true, get: hidden });
  Object.defineProperty(document, "visibilityState", {
    configurable: true, get: () => (hidden() ? "hidden" : "visible"),
  });
})();
"""
RECORDED = "window.__notifications.map(n => ({title: n.title, body: n.body, tag: n.tag}))"
CHOICE = "localStorage.getItem('pupitre.callNotifications')"


def agent_page(new_page, user, permission="granted"):
    """A signed-in page of `user` whose browser answers `permission` (None:
    a browser without notifications)."""
    page = new_page()
    page.context.add_init_script(RECORDER % json.dumps(permission))
    sign_in(page, user)
    return page


def wait_for_a_notification(page, seconds=3):
    """Polled from here: wait_for_function would evaluate a string, which
    the page's Content-Security-Policy refuses."""
    for _ in range(seconds * 10):
        if page.evaluate("window.__notifications.length"):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no notification within {seconds} s")


def to_background(page):
    page.evaluate("sessionStorage.setItem('e2e-hidden', '1')")
    assert page.evaluate("document.hidden") is True


def turn_on(page, language):
    page.get_by_role("button", name=t(language, "Enable call notifications")).click()
    expect(
        page.get_by_role("button", name=t(language, "Turn off call notifications"))
    ).to_be_visible()


def line_of_team(language, agent):
    team = make_team(language)
    team.members.add(agent)
    line, token = line_create(
        name=f"Line {language}", number="081 00 00 00", language=language, team=team, by=None
    )
    forget_directory()  # the numbers known to the webhook
    return line, token


def new_call(call_id, number="081 22 33 44"):
    return {
        "event": "newCall",
        "direction": "in",
        "from": number,
        "to": "081000000",
        "callId": call_id,
    }


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_new_ringing_call_is_notified_once_while_the_page_is_in_the_background(
    new_page, audit, language, live_server
):
    other = "fr" if language == "de" else "de"
    school = make_school(language=language)
    make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language=language)
    outsider = make_user(role=Role.AGENT, language=other)
    make_team(other).members.add(outsider)
    line, token = line_of_team(language, agent)
    pbx = Pbx(live_server.url, token)

    page = agent_page(new_page, agent)
    turn_on(page, language)
    status = t(
        language,
        "Call notifications are on: a call that rings while this page is in the background "
        "is shown on your desktop.",
    )
    expect(page.locator("[data-call-notify-status]")).to_have_text(status)
    assert page.evaluate(CHOICE) == "on"
    audit.check(page, language)
    # An agent of another team, notifications on, in the background too.
    outsider_page = agent_page(new_page, outsider)
    turn_on(outsider_page, other)
    to_background(outsider_page)

    to_background(page)
    assert pbx.send(new_call(f"bg-{language}")) == (200, {})
    wait_for_a_notification(page)
    page.wait_for_timeout(1500)  # three more polls: still one
    call = Call.objects.get(call_id=f"bg-{language}")
    title = t(language, "Call from %(name)s") % {"name": "Anna Kohnen"}
    body = t(language, "%(who)s, on the line %(line)s") % {"who": school.name, "line": line.name}
    assert page.evaluate(RECORDED) == [
        {"title": title, "body": body, "tag": f"pupitre-call-{call.pk}"}
    ]
    expect(page.locator("#phone-panel")).to_contain_text(school.name)
    # Clicking the notification brings the tab to the front and closes it.
    page.evaluate("window.__notifications[0].onclick()")
    assert page.evaluate("[window.__focused, window.__notifications[0].closed]") == [1, True]
    assert outsider_page.evaluate(RECORDED) == []

    # Another page of the tab, still in the background: the call already
    # notified is not again; a new one, from an unknown number, is.
    page.reload()
    expect(page.locator("#phone-panel")).to_contain_text(school.name)
    page.wait_for_timeout(1000)
    assert page.evaluate(RECORDED) == []
    assert pbx.send(new_call(f"bg2-{language}", number="+32 87 65 43 21")) == (200, {})
    wait_for_a_notification(page)
    page.wait_for_timeout(1000)
    unknown = Call.objects.get(call_id=f"bg2-{language}")
    body = t(language, "%(who)s, on the line %(line)s") % {"who": "+3287654321", "line": line.name}
    assert page.evaluate(RECORDED) == [
        {
            "title": t(language, "Call from an unknown number"),
            "body": body,
            "tag": f"pupitre-call-{unknown.pk}",
        }
    ]
    assert outsider_page.evaluate(RECORDED) == []
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop"])
@pytest.mark.parametrize("language", ["de", "fr"])
def test_nothing_is_notified_while_the_page_is_in_front_or_once_turned_off(
    new_page, language, live_server
):
    school = make_school(language=language)
    make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language=language)
    line, token = line_of_team(language, agent)
    pbx = Pbx(live_server.url, token)
    page = agent_page(new_page, agent)
    turn_on(page, language)

    assert pbx.send(new_call(f"front-{language}")) == (200, {})
    title = t(language, "Call from %(name)s") % {"name": "Anna Kohnen"}
    expect(page.locator("#phone-panel").get_by_role("heading", name=title)).to_be_visible()
    page.wait_for_timeout(1500)
    assert page.evaluate(RECORDED) == []
    # Seen in front, the call is not notified when the agent goes elsewhere.
    to_background(page)
    page.wait_for_timeout(1500)
    assert page.evaluate(RECORDED) == []

    # Turned off: the choice is forgotten, and a new call stays silent.
    page.get_by_role("button", name=t(language, "Turn off call notifications")).click()
    expect(page.locator("[data-call-notify-status]")).to_have_text(
        t(language, "Call notifications are off.")
    )
    assert page.evaluate(CHOICE) is None
    expect(
        page.get_by_role("button", name=t(language, "Enable call notifications"))
    ).to_be_visible()
    assert pbx.send(new_call(f"off-{language}", number="+32 87 65 43 21")) == (200, {})
    expect(page.locator("#phone-panel .call-card")).to_have_count(2, timeout=3000)
    page.wait_for_timeout(1000)
    assert page.evaluate(RECORDED) == []


@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_browser_that_refuses_notifications_gets_none_and_says_why(new_page, live_server):
    school = make_school(language="fr")
    make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language="fr")
    line, token = line_of_team("fr", agent)
    pbx = Pbx(live_server.url, token)
    page = agent_page(new_page, agent, permission="denied")

    page.get_by_role("button", name=t("fr", "Enable call notifications")).click()
    blocked = t(
        "fr",
        "Your browser blocks notifications from this site: allow them in its site settings, "
        "then try again.",
    )
    expect(page.locator("[data-call-notify-status]")).to_have_text(blocked)
    assert page.evaluate(CHOICE) is None
    expect(page.get_by_role("button", name=t("fr", "Enable call notifications"))).to_be_visible()
    # Even with the choice left from earlier, a refusal wins.
    page.evaluate("localStorage.setItem('pupitre.callNotifications', 'on')")
    to_background(page)
    assert pbx.send(new_call("refused")) == (200, {})
    expect(page.locator("#phone-panel")).to_contain_text(school.name, timeout=3000)
    page.wait_for_timeout(1000)
    assert page.evaluate(RECORDED) == []


@pytest.mark.parametrize("viewport", ["desktop"])
def test_without_notifications_in_the_browser_there_is_no_control_and_the_panel_works(
    new_page, live_server
):
    school = make_school(language="de")
    make_member(school, name="Anna Kohnen", phone="+32 81 22 33 44")
    agent = make_user(role=Role.AGENT, language="de")
    line, token = line_of_team("de", agent)
    pbx = Pbx(live_server.url, token)
    page = agent_page(new_page, agent, permission=None)

    assert page.evaluate("typeof window.Notification") == "undefined"
    expect(page.locator("[data-call-notify]")).to_be_hidden()
    assert pbx.send(new_call("no-api")) == (200, {})
    expect(page.locator("#phone-panel")).to_contain_text(school.name, timeout=3000)
