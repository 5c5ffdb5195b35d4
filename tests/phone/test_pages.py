"""The desk's phone screens: call log, daily figures, lines and blocked numbers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pupitre.audit.models import AuditRecord
from pupitre.phone import services
from pupitre.phone.models import BlockedNumber, Call, Callback, PhoneLine
from pupitre.phone.queries import line_by_token

from ..factories import make_member, make_school, make_team, make_ticket
from ..querycount import count_queries

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = datetime(2026, 12, 8, tzinfo=BRUSSELS)
pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    line, _token = services.line_create(
        name="Ligne FR", number="+3281000000", language="fr", team=make_team("fr"), by=None
    )
    return line


def add_calls(line, count, *, school=None, person=None, agent=None, ticket=None, start=0):
    for n in range(start, start + count):
        Call.objects.create(
            line=line,
            call_id=f"c{n}",
            direction="in" if n % 3 else "out",
            from_raw="0471123456",
            party_number="+32471123456",
            school=school,
            person=person,
            agent=agent,
            ticket=ticket,
            state="ended",
            outcome="answered" if n % 4 else "missed",
            started_at=DAY + timedelta(hours=9, minutes=n),
            answered_at=DAY + timedelta(hours=9, minutes=n, seconds=20),
            waiting_seconds=20,
            duration_seconds=100,
        )


def test_call_log_lists_and_filters_calls(client, agent_fr, line, teacher, school):
    add_calls(line, 4, school=school, person=teacher, agent=agent_fr, ticket=make_ticket(teacher))
    client.force_login(agent_fr)
    page = client.get(reverse("desk:phone_calls")).content.decode()
    assert page.count("Claire Dubois") == 4
    assert "Athénée royal de Namur" in page
    missed = client.get(reverse("desk:phone_calls"), {"outcome": "missed"}).content.decode()
    assert missed.count("Claire Dubois") == 1
    other = make_school(name="Autre école")
    by_school = client.get(reverse("desk:phone_calls"), {"school": other.pk}).content.decode()
    assert "Claire Dubois" not in by_school
    by_day = client.get(reverse("desk:phone_calls"), {"day": "2026-12-09"}).content.decode()
    assert "Claire Dubois" not in by_day
    bad = client.get(reverse("desk:phone_calls"), {"day": "9999-99-99", "line": "x"})
    assert bad.status_code == 400


def test_call_log_runs_a_constant_number_of_queries(client, agent_fr, line, school, teacher):
    client.force_login(agent_fr)
    ticket = make_ticket(teacher)
    add_calls(line, 3, school=school, person=teacher, agent=agent_fr, ticket=ticket)
    small = count_queries(client, reverse("desk:phone_calls"))
    for n in range(5):
        other = make_school()
        add_calls(line, 10, school=other, person=make_member(other), start=100 + 10 * n)
    assert count_queries(client, reverse("desk:phone_calls")) == small


def test_daily_figures_count_calls_rates_and_callbacks(client, supervisor, line):
    add_calls(line, 12)
    call = Call.objects.get(call_id="c4")
    Callback.objects.create(
        call=call, reason="missed", team=line.team, created_at=call.started_at,
        due_at=DAY + timedelta(hours=11), state="done", done_at=DAY + timedelta(hours=10),
    )  # fmt: skip
    call = Call.objects.get(call_id="c8")
    Callback.objects.create(
        call=call, reason="missed", team=line.team, created_at=call.started_at,
        due_at=DAY + timedelta(hours=11), state="done", done_at=DAY + timedelta(hours=12),
    )  # fmt: skip
    client.force_login(supervisor)
    with time_machine.travel(DAY + timedelta(hours=15), tick=False):
        response = client.get(reverse("desk:phone_figures"))
    figures = response.context["lines"][0]
    # 12 calls, 8 inbound (n % 3 != 0): of those, n % 4 == 0 missed: 4, 8 → 2.
    assert (figures["total"], figures["inbound"], figures["answered"], figures["missed"]) == (
        12, 8, 6, 2)  # fmt: skip
    assert figures["answered_rate"] == "75 %"
    assert response.context["hour_rows"] == [{"line": "Ligne FR", "counts": [12]}]
    assert response.context["in_time_rate"] == "50 %"


def test_daily_figures_run_a_constant_number_of_queries(client, supervisor, line):
    client.force_login(supervisor)
    add_calls(line, 3)
    small = count_queries(client, reverse("desk:phone_figures"), {"day": "2026-12-08"})
    other, _token = services.line_create(
        name="Linie DE", number="+3287000000", language="de", team=make_team("de"), by=None
    )
    add_calls(line, 40, start=100)
    add_calls(other, 40, start=200)
    assert count_queries(client, reverse("desk:phone_figures"), {"day": "2026-12-08"}) == small


def test_daily_figures_are_for_supervisors(client, agent_fr):
    client.force_login(agent_fr)
    assert client.get(reverse("desk:phone_figures")).status_code == 403
    assert client.get(reverse("desk:phone_lines")).status_code == 403


@pytest.mark.parametrize("role", ["school", "technician"])
def test_school_users_and_technicians_reach_no_phone_screen(client, line, school, role):
    from pupitre.accounts.models import Role

    from ..factories import make_user

    user = make_member(school) if role == "school" else make_user(role=Role.TECHNICIAN)
    blocked = services.blocked_number_add(number="+32499999999", by=None)
    client.force_login(user)
    for method, url in [
        ("get", reverse("desk:phone_calls")),
        ("get", reverse("desk:phone_figures")),
        ("get", reverse("desk:phone_lines")),
        ("post", reverse("desk:phone_lines")),
        ("get", reverse("desk:phone_line", args=[line.pk])),
        ("post", reverse("desk:phone_line_token", args=[line.pk])),
        ("post", reverse("desk:phone_blocked_add")),
        ("post", reverse("desk:phone_blocked_remove", args=[blocked.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert BlockedNumber.objects.exists()


def test_supervisor_adds_a_line_sees_its_address_once_and_it_works(client, supervisor):
    team = make_team("de")
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:phone_lines"),
        {"name": "Deutsche Linie", "number": "087 00 00 00", "language": "de", "team": team.pk,
         "calendar": "", "default_region": "be", "outbound_caller_id": "", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    url = response.context["url"]
    token = url.rstrip("/").rsplit("/", 1)[-1]
    line = PhoneLine.objects.get()
    assert (line.number, line.default_region, line_by_token(token)) == ("+3287000000", "BE", line)
    assert AuditRecord.objects.filter(object_kind="phone_line", field="number").exists()
    page = client.get(reverse("desk:phone_lines")).content.decode()
    assert token not in page
    assert "…" + token[-4:] in page


def test_line_with_a_wrong_number_is_refused_with_a_message(client, supervisor):
    team = make_team("fr")
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:phone_lines"),
        {"name": "Ligne", "number": "pas un numéro", "language": "fr", "team": team.pk,
         "default_region": "BE", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "pas un numéro de téléphone" in response.content.decode()
    assert not PhoneLine.objects.exists()


def test_line_edit_and_token_renewal(client, supervisor, line):
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:phone_line", args=[line.pk]),
        {"name": "Ligne francophone", "number": "+3281000000", "language": "fr",
         "team": line.team_id, "calendar": "", "default_region": "BE", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert PhoneLine.objects.get().name == "Ligne francophone"
    response = client.post(reverse("desk:phone_line_token", args=[line.pk]))
    token = response.context["url"].rstrip("/").rsplit("/", 1)[-1]
    assert line_by_token(token) == line


def test_blocked_numbers_added_and_removed(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("desk:phone_blocked_add"), {"number": "0499 99 99 99", "reason": "Abus"})
    blocked = BlockedNumber.objects.get()
    assert (blocked.number, blocked.created_by) == ("+32499999999", supervisor)
    client.post(reverse("desk:phone_blocked_remove", args=[blocked.pk]))
    assert not BlockedNumber.objects.exists()
    assert AuditRecord.objects.filter(object_kind="blocked_number").count() == 4
    history = client.get(reverse("desk:settings_history")).content.decode()
    assert "+32499999999" in history


def test_outbound_routes_are_edited_on_the_line_page_and_used(client, supervisor, line):
    from pupitre.phone.models import OutboundRoute
    from pupitre.phone.services import _outbound_caller_id

    client.force_login(supervisor)
    url = reverse("desk:phone_line_routes", args=[line.pk])
    response = client.post(url, {"routes": "41* +41715880339000\n\n491714000000 41715880339000"})
    assert response.status_code == 302
    assert list(OutboundRoute.objects.values_list("position", "pattern")) == [
        (0, "41*"), (1, "491714000000")]  # fmt: skip
    assert _outbound_caller_id(line, "4147110000000") == "+41715880339000"
    assert AuditRecord.objects.filter(object_kind="phone_line", field="routes").exists()
    page = client.get(reverse("desk:phone_line", args=[line.pk])).content.decode()
    assert "41* +41715880339000" in page
    bad = client.post(url, {"routes": "41* nonsense"})
    assert bad.status_code == 400
    assert OutboundRoute.objects.count() == 2


def test_lines_page_queries_do_not_grow_with_lines_and_blocked_numbers(client, supervisor, line):
    client.force_login(supervisor)
    small = count_queries(client, reverse("desk:phone_lines"))
    for n in range(6):
        services.line_create(
            name=f"Ligne {n}", number=f"081 22 33 4{n}", language="fr", team=line.team, by=None
        )
        services.blocked_number_add(number=f"0471 00 00 0{n}", by=None)
    assert PhoneLine.objects.count() == 7
    assert count_queries(client, reverse("desk:phone_lines")) == small
