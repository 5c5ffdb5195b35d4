"""The remote-session screens: desk consent and start, the school's answer
on the portal, the access log and its export."""

import csv
import io

import pytest
from django.urls import reverse

from pupitre.remote import services
from pupitre.remote.models import RemoteSession, SessionStatus, SessionTool
from pupitre.tickets.models import EventField, Message

from ..factories import make_device, make_ticket
from ..querycount import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(school):
    return make_device(school, serial="PC-SALLE-12", remote_tool="anydesk", remote_id="987 654")


@pytest.fixture
def ticket(teacher, device):
    return make_ticket(teacher, devices=[device])


def test_agent_records_phone_consent_and_starts_from_the_ticket(client, agent_fr, ticket, device):
    client.force_login(agent_fr)
    page = client.get(reverse("desk:ticket", args=[ticket.number]))
    remote_url = reverse("desk:remote", args=[ticket.number])
    assert remote_url in page.content.decode()

    chosen = client.get(remote_url, {"device": device.pk, "tool": "anydesk"})
    text = chosen.content.decode()
    assert "Ich bin einverstanden" in text and "J&#x27;accepte que" in text

    response = client.post(
        remote_url,
        {
            "device": device.pk,
            "tool": "anydesk",
            "how": "phone_yes",
            "caller_name": "Claire Dubois",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    session = RemoteSession.objects.get()
    assert session.status == SessionStatus.CONSENTED and session.consent_by_name == "Claire Dubois"

    action = reverse("desk:remote_session", args=[ticket.number, session.pk])
    client.post(action, {"action": "start"})
    page = client.get(remote_url).content.decode()
    assert 'href="anydesk:987654"' in page
    client.post(action, {"action": "end"})
    client.post(action, {"action": "summary", "summary": "Imprimante réinstallée."})
    session.refresh_from_db()
    assert session.status == SessionStatus.ENDED and session.summary == "Imprimante réinstallée."
    ticket_page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "Claire Dubois a accepté par téléphone" in ticket_page
    assert "Imprimante réinstallée." in ticket_page


def test_a_phone_consent_without_a_name_is_refused_on_the_form(client, agent_fr, ticket, device):
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:remote", args=[ticket.number]),
        {"device": device.pk, "tool": "anydesk", "how": "phone_yes", "language": "fr"},
    )
    assert response.status_code == 400
    assert "Veuillez indiquer le nom" in response.content.decode()
    assert not RemoteSession.objects.exists()


def test_a_device_of_another_school_cannot_be_chosen(client, agent_fr, ticket, other_school):
    foreign = make_device(other_school, remote_tool="anydesk", remote_id="1")
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:remote", args=[ticket.number]),
        {
            "device": foreign.pk,
            "tool": "anydesk",
            "how": "phone_yes",
            "caller_name": "X",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    assert not RemoteSession.objects.exists()


def test_school_agrees_on_the_portal_then_the_agent_may_start(
    client, agent_fr, teacher, ticket, device
):
    session = services.session_request_consent(
        ticket=ticket, device=device, tool=SessionTool.ANYDESK, by=agent_fr
    )
    client.force_login(teacher)
    detail = reverse("portal:detail", args=[ticket.number])
    page = client.get(detail).content.decode()
    assert "J&#x27;accepte que Agent Français" in page
    client.post(reverse("portal:consent", args=[ticket.number, session.pk]), {"answer": "agree"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CONSENTED
    assert session.consent_by == teacher and session.consent_language == "fr"
    # The sentence recorded is the one the page showed.
    assert session.consent_sentence.replace("'", "&#x27;") in page
    assert "J&#x27;accepte que" not in client.get(detail).content.decode()


def test_a_school_member_refuses_on_the_portal_and_the_start_is_blocked(
    client, agent_fr, teacher, ticket, device
):
    session = services.session_request_consent(
        ticket=ticket, device=device, tool=SessionTool.ANYDESK, by=agent_fr
    )
    client.force_login(teacher)
    client.post(reverse("portal:consent", args=[ticket.number, session.pk]), {"answer": "refuse"})
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:remote_session", args=[ticket.number, session.pk]),
        {"action": "start"},
        follow=True,
    )
    assert "L&#x27;école a refusé cette session" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.REFUSED


def test_another_school_cannot_answer(client, agent_fr, ticket, device, other_school_teacher):
    session = services.session_request_consent(
        ticket=ticket, device=device, tool=SessionTool.ANYDESK, by=agent_fr
    )
    client.force_login(other_school_teacher)
    response = client.post(
        reverse("portal:consent", args=[ticket.number, session.pk]), {"answer": "agree"}
    )
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.AWAITING_CONSENT


def _session(ticket, device, agent, name="Claire Dubois"):
    session = services.session_record_phone_consent(
        ticket=ticket,
        device=device,
        tool=SessionTool.ANYDESK,
        by=agent,
        caller_name=name,
        language="fr",
        agree=True,
    )
    session, _link = services.session_start(session=session, by=agent)
    return services.session_end(session=session, by=agent)


def test_access_log_lists_sessions_and_flags_those_without_a_ticket(
    client, agent_fr, ticket, device
):
    _session(ticket, device, agent_fr)
    _session(None, device, agent_fr, name="Marc")
    client.force_login(agent_fr)
    page = client.get(reverse("desk:access_log", args=[device.pk])).content.decode()
    assert ticket.number in page
    assert "flag-no-ticket" in page
    assert "Donné par Claire Dubois" in page
    # Agents read it; only supervisors export it.
    assert reverse("desk:access_log_csv", args=[device.pk]) not in page
    csv_response = client.get(reverse("desk:access_log_csv", args=[device.pk]))
    assert csv_response.status_code == 403


def test_supervisor_exports_the_access_log_as_csv(client, supervisor, agent_fr, ticket, device):
    _session(ticket, device, agent_fr)
    _session(None, device, agent_fr, name="=HYPERLINK(1)")
    client.force_login(supervisor)
    response = client.get(reverse("desk:access_log_csv", args=[device.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    header, newest, oldest = rows
    assert header[0] == "Appareil"
    assert newest[5] == "aucune demande" and newest[12] == "'=HYPERLINK(1)"
    assert oldest[5] == ticket.number and oldest[12] == "Claire Dubois"
    assert oldest[15].startswith("J'accepte que Agent Français")


def test_access_log_queries_do_not_grow_with_the_sessions(client, agent_fr, ticket, device):
    client.force_login(agent_fr)
    url = reverse("desk:access_log", args=[device.pk])
    _session(ticket, device, agent_fr)
    few = count_queries(client, url)
    for _i in range(30):
        _session(ticket, device, agent_fr)
    many = count_queries(client, url)
    assert few == many


def test_remote_page_queries_do_not_grow_with_the_schools_devices(client, agent_fr, ticket, school):
    client.force_login(agent_fr)
    url = reverse("desk:remote", args=[ticket.number])
    few = count_queries(client, url)
    for i in range(20):
        make_device(school, remote_tool="rustdesk", remote_id=str(i))
    many = count_queries(client, url)
    assert few == many


def test_ticket_page_queries_are_unchanged_by_remote_sessions(client, agent_fr, ticket, device):
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[ticket.number])
    before = count_queries(client, url)
    for _i in range(5):
        _session(ticket, device, agent_fr)
    assert Message.objects.filter(ticket=ticket, field=EventField.REMOTE).count() == 15
    assert count_queries(client, url) == before
