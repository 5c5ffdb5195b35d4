"""The incoming-call panel on desk pages: who sees which call, what it says,
and the cheap "nothing new" answer the browsers poll for."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pupitre.accounts.models import Role
from pupitre.desk.phone_panel import CSRF_PLACEHOLDER
from pupitre.phone import live
from pupitre.phone.models import CallState, Outcome
from pupitre.schools.models import SchoolType
from pupitre.tickets import services as ticket_services
from pupitre.tickets.models import Status

from ..conftest import Client
from ..factories import (
    make_device,
    make_member,
    make_school,
    make_team,
    make_ticket,
    make_user,
)
from ..page import texts
from .panel_data import make_call, make_line

PANEL = "/desk/phone/live/"


@pytest.fixture
def team_fr(agent_fr):
    team = make_team("fr")
    team.members.add(agent_fr)
    return team


@pytest.fixture
def team_de(agent_de):
    team = make_team("de")
    team.members.add(agent_de)
    return team


@pytest.fixture
def line_fr(team_fr):
    return make_line(team_fr, name="Ligne FR")


@pytest.fixture
def line_de(team_de):
    return make_line(team_de, language="de", name="Linie DE")


def poll(client, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(PANEL, **headers)


def test_the_panel_url_is_the_one_the_pages_poll(client, agent_fr):
    client.force_login(agent_fr)
    page = client.get(reverse("desk:queue")).content.decode()
    assert f'data-url="{PANEL}"' in page
    assert "pupitre/phone-panel.js" in page


def test_a_ringing_call_shows_for_the_lines_team_and_not_for_another(
    client, agent_fr, agent_de, line_fr, team_de, teacher, school
):
    make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    html = poll(client).content.decode()
    assert "Appel de Claire Dubois" in html
    assert school.name in html
    client.force_login(agent_de)
    response = poll(client)
    assert response.status_code == 200 and response.content == b""


def test_a_school_user_or_a_technician_never_polls_calls(client, teacher, line_fr):
    client.force_login(teacher)
    assert poll(client).status_code == 403
    assert 'id="phone-panel"' not in client.get(reverse("portal:requests")).content.decode()


def test_nothing_new_is_a_304_read_from_the_cache(
    client, agent_fr, line_fr, school, django_capture_on_commit_callbacks
):
    client.force_login(agent_fr)
    first = poll(client)
    etag = first["ETag"]
    assert first["X-Pupitre-Phone-Panel"] == "1"
    with CaptureQueriesContext(connection) as queries:
        again = poll(client, etag)
    assert again.status_code == 304 and again.content == b""
    # The session's user is all it reads: no call, team or school.
    assert not [q for q in queries if "phone_" in q["sql"] or "tickets_team" in q["sql"]]
    assert len(queries) <= 2
    # A change committed by a phone service gives a new answer.
    with django_capture_on_commit_callbacks(execute=True):
        make_call(line_fr, school=school)
        live.live_changed()
    changed = poll(client, etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert school.name in changed.content.decode()


def test_with_the_cache_on_disk_the_token_is_a_small_file_rewritten_in_place(
    client, agent_fr, line_fr, school, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    client.force_login(agent_fr)
    etag = poll(client)["ETag"]
    token_file = tmp_path / "cache" / live.FILE_NAME
    token = token_file.read_text()
    assert len(token) == 16 and token in etag
    inode = token_file.stat().st_ino
    assert poll(client, etag).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        make_call(line_fr, school=school)
        live.live_changed()
    # A new token in the same file (no temporary file renamed over it).
    assert token_file.read_text() != token and token_file.stat().st_ino == inode
    changed = poll(client, etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert school.name in changed.content.decode()
    # Clearing the cache keeps the token; a lost or damaged one is replaced.
    from django.core.cache import cache

    cache.clear()
    assert poll(client, changed["ETag"]).status_code == 304
    for damage in ("short", "longer than any token, a damaged file"):
        token_file.write_text(damage)
        etag = poll(client, changed["ETag"])["ETag"]
        assert etag != changed["ETag"] and len(token_file.read_text()) == 16
        assert poll(client, etag).status_code == 304
    token_file.unlink()
    assert poll(client, changed["ETag"]).status_code == 200
    assert token_file.exists()


def test_the_answer_changes_with_the_minute_and_the_language(client, agent_fr, line_fr):
    client.force_login(agent_fr)
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, 5, tzinfo=UTC), tick=False):
        etag = poll(client)["ETag"]
        assert poll(client, etag).status_code == 304
    with time_machine.travel(datetime(2026, 12, 7, 9, 1, 5, tzinfo=UTC), tick=False):
        assert poll(client, etag).status_code == 200
    client.cookies["django_language"] = "de"
    agent_fr.language = "de"
    agent_fr.save(update_fields=["language"])
    assert poll(client)["ETag"] != etag


def test_the_card_shows_open_requests_devices_coverage_and_last_contacts(
    client, agent_fr, line_fr, school, teacher
):
    open_one = make_ticket(teacher, subject="Projecteur en panne")
    closed = make_ticket(teacher, subject="Ancienne question Odoo")
    ticket_services.ticket_set_status(ticket=closed, status=Status.CLOSED, by=agent_fr)
    make_device(
        school,
        serial="PX-0001",
        provenance="market_central",
        delivery_date=timezone.localdate() - timedelta(days=365),
    )
    make_device(school, serial="PX-0002", provenance="other")
    make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    card = texts(poll(client).content.decode(), "article", class_="call-card")[0]
    assert "1 demande ouverte" in card
    assert "Projecteur en panne" in card
    assert "Joindre l’appel à " + open_one.number in card
    assert "2 appareils" in card
    assert "Programme: 1" in card and "Non couvert: 1" in card, card
    # Last contacts: the caller's requests, the closed one too.
    assert "Ancienne question Odoo" in card


def test_an_unknown_number_offers_a_school_search_and_the_lines_hours(client, agent_fr, line_fr):
    # A Tuesday at 19:00 in Brussels: the line follows the standard calendar.
    with time_machine.travel(datetime(2026, 12, 8, 18, 0, tzinfo=UTC), tick=False):
        call = make_call(line_fr, number="+3287654321")
        client.force_login(agent_fr)
        html = poll(client).content.decode()
    assert "Appel d’un numéro inconnu" in html
    assert 'name="school_q"' in html and f'name="call" value="{call.pk}"' in html
    assert texts(html, "p", class_="service-notice") == [
        "En dehors des heures de service de la ligne (elles reprennent demain à 08:00)."
    ]


@pytest.mark.parametrize(
    ("hour", "minute", "inside"), [(20, 30, True), (21, 30, False)], ids=["20:30", "21:30"]
)
def test_service_hours_follow_the_school_adult_education_until_21(
    client, agent_fr, line_fr, hour, minute, inside
):
    evening = make_school(school_type=SchoolType.ADULT_EDUCATION, name="Promotion sociale Namur")
    # A Tuesday, in Brussels time (UTC+1 in December).
    moment = datetime(2026, 12, 8, hour - 1, minute, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        make_call(line_fr, school=evening)
        client.force_login(agent_fr)
        notice = texts(poll(client).content.decode(), "p", class_="service-notice")[0]
    if inside:
        assert notice == "Dans ses heures de service, jusqu’à 21:00."
    else:
        assert notice.startswith("En dehors de ses heures de service")


def test_the_agents_own_call_stays_after_hang_up_until_a_request_has_it(
    client, agent_fr, agent_de, line_fr, school
):
    now = timezone.now()
    answered = make_call(
        line_fr,
        school=school,
        state=CallState.ENDED,
        outcome=Outcome.ANSWERED,
        agent=agent_fr,
        answered_at=now - timedelta(minutes=3),
        ended_at=now - timedelta(minutes=1),
    )
    make_call(  # ended long ago: gone
        line_fr,
        school=school,
        state=CallState.ENDED,
        agent=agent_fr,
        ended_at=now - timedelta(minutes=30),
        started_at=now - timedelta(minutes=35),
    )
    client.force_login(agent_fr)
    html = poll(client).content.decode()
    assert html.count('class="call-card') == 1 and f'data-call="{answered.pk}"' in html
    # A colleague's call is not in another agent's panel.
    client.force_login(agent_de)
    assert poll(client).content == b""


def test_a_call_ringing_for_too_long_is_forgotten(client, agent_fr, line_fr, school):
    make_call(line_fr, school=school, started_at=timezone.now() - timedelta(minutes=20))
    client.force_login(agent_fr)
    assert poll(client).content == b""


def test_panel_queries_do_not_grow_with_the_school(client, agent_fr, line_fr, school, teacher):
    make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)

    def grow_to(n):
        for i in range(n):
            make_ticket(teacher, subject=f"Demande {i}")
            make_device(school)
            make_call(
                line_fr,
                school=school,
                person=teacher,
                state=CallState.ENDED,
                started_at=timezone.now() - timedelta(days=1, minutes=i),
            )
        poll(client)  # a warm process: cached configuration rows
        live._new_token()  # but the card is rendered again, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            assert poll(client).status_code == 200
        return [q["sql"][:150] for q in queries]

    small, large = grow_to(3), grow_to(60)
    assert len(small) == len(large), "\n".join(small) + "\n----\n" + "\n".join(large)
    assert len(large) <= 16


def test_three_calls_at_most_are_shown(client, agent_fr, line_fr):
    for _ in range(5):
        make_call(line_fr, school=make_school(), person=None)
    client.force_login(agent_fr)
    assert poll(client).content.decode().count('class="call-card') == 3


def test_another_member_of_the_team_sees_it_too(client, agent_fr, team_fr, line_fr, school):
    colleague = make_member(school)  # a school user in the team: no desk, no panel
    team_fr.members.add(colleague)
    make_call(line_fr, school=school)
    client.force_login(colleague)
    assert poll(client).status_code == 403


def test_a_card_is_rendered_once_for_the_team_and_each_agent_gets_their_csrf_token(
    client, agent_fr, team_fr, line_fr, school, teacher
):
    ticket = make_ticket(teacher)
    call = make_call(line_fr, school=school, person=teacher)
    colleague = make_user(role=Role.AGENT, name="Collègue")
    team_fr.members.add(colleague)
    client.force_login(agent_fr)
    first = poll(client).content.decode()
    other = Client(enforce_csrf_checks=True)
    other.force_login(colleague)
    with CaptureQueriesContext(connection) as queries:
        second = other.get(PANEL).content.decode()
    # The colleague's answer read the calls, not the school again.
    assert not [q for q in queries if "equipment_device" in q["sql"]]
    field = 'name="csrfmiddlewaretoken" value="'
    mine, theirs = (html.split(field)[1].split('"')[0] for html in (first, second))
    assert mine != theirs and CSRF_PLACEHOLDER not in second
    # The colleague's own token is accepted.
    response = other.post(
        reverse("desk:call_attach", args=[call.pk]),
        {"ticket": ticket.number, "csrfmiddlewaretoken": theirs},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.ticket == ticket


def test_a_new_call_posted_by_the_pbx_ends_the_304s(client, agent_fr, pbx, fr_line, school):
    fr_line.team.members.add(agent_fr)
    client.force_login(agent_fr)
    etag = poll(client)["ETag"]
    assert poll(client, etag).status_code == 304
    new_call = {
        "event": "newCall",
        "direction": "in",
        "from": "+3287654321",
        "to": "081000000",
        "callId": "pbx-1",
    }
    assert pbx.send(new_call) == (200, {})
    answer = poll(client, etag)
    assert answer.status_code == 200
    assert "Appel d’un numéro inconnu" in answer.content.decode()
    # The agent answers: still in their panel, now as their own call.
    pbx.send({**new_call, "event": "answer", "user": agent_fr.email})
    mine = poll(client, answer["ETag"]).content.decode()
    assert 'class="call-card is-mine"' in mine
    pbx.send({**new_call, "event": "hangup", "cause": "normalClearing"})
    assert 'class="call-card is-mine"' in poll(client).content.decode()


def notification_of(html: str, call) -> tuple[str, str] | None:
    """The (title, body) a ringing card gives the desktop notification."""
    from html.parser import HTMLParser

    found = []

    class Cards(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            if tag == "article" and values.get("data-call") == str(call.pk):
                found.append(values)

    Cards().feed(html)
    assert len(found) == 1, html
    if "data-notify-title" not in found[0]:
        return None
    return found[0]["data-notify-title"], found[0]["data-notify-body"]


def test_a_ringing_card_carries_its_notification_in_the_agents_language(
    client, agent_fr, agent_de, line_fr, team_fr, teacher, school
):
    team_fr.members.add(agent_de)
    call = make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    assert notification_of(poll(client).content.decode(), call) == (
        "Appel de Claire Dubois",
        "Athénée royal de Namur, sur la ligne Ligne FR",
    )
    client.force_login(agent_de)
    assert notification_of(poll(client).content.decode(), call) == (
        "Anruf von Claire Dubois",
        "Athénée royal de Namur, auf der Leitung Ligne FR",
    )


def test_an_unknown_number_is_notified_with_the_number_and_a_school_with_its_own(
    client, agent_fr, line_fr, school
):
    unknown = make_call(line_fr, number="+3287654321")
    switchboard = make_call(line_fr, number="+3281000001", school=school)
    client.force_login(agent_fr)
    html = poll(client).content.decode()
    assert notification_of(html, unknown) == (
        "Appel d’un numéro inconnu",
        "+3287654321, sur la ligne Ligne FR",
    )
    assert notification_of(html, switchboard) == (
        "Appel de Athénée royal de Namur",
        "+3281000001, sur la ligne Ligne FR",
    )


def test_only_a_ringing_call_is_notified_not_the_agents_call_in_conversation(
    client, agent_fr, line_fr, school
):
    answered = make_call(line_fr, school=school, state=CallState.ANSWERED, agent=agent_fr)
    client.force_login(agent_fr)
    assert notification_of(poll(client).content.decode(), answered) is None


def test_the_notification_control_is_on_desk_pages_only_with_its_texts(client, agent_de, teacher):
    client.force_login(agent_de)
    page = client.get(reverse("desk:queue")).content.decode()
    assert "data-call-notify " in page and "Anrufbenachrichtigungen einschalten" in page
    assert "Anrufbenachrichtigungen ausschalten" in page
    client.force_login(teacher)
    assert "data-call-notify" not in client.get(reverse("portal:requests")).content.decode()
