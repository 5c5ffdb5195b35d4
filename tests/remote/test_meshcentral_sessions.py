"""Remote sessions against a real MeshCentral on the loopback: the login
link of the agent's own account opened on a real agent's computer, the
relay events the server holds imported into the history, and the errors
that leave nothing half done."""

import socket
import ssl
import urllib.request
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from pupitre.core.errors import DomainError
from pupitre.remote import services
from pupitre.remote.local import free_port
from pupitre.remote.meshcentral import MeshCentralClient
from pupitre.remote.models import RemoteComputer, RemoteSession, SessionStatus, SessionTool
from pupitre.remote.queries import available_tools
from pupitre.tickets.models import EventField, Message

from ..factories import make_device, make_ticket
from ..meshcentral import wait_for

pytestmark = pytest.mark.django_db


def fetch(url: str) -> tuple[int, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, context=context, timeout=20) as response:  # noqa: S310
        return response.status, response.read()


def phone_consent(ticket, device, agent):
    return services.session_record_phone_consent(
        ticket=ticket,
        device=device,
        tool=SessionTool.MESHCENTRAL,
        by=agent,
        caller_name="Claire Dubois",
        language="fr",
        agree=True,
    )


def test_start_opens_the_agents_own_login_link_on_a_real_computer(
    meshcentral_server, meshcentral_agent, client, school, teacher, agent_fr
):
    device = make_device(school, asset_tag=socket.gethostname().upper())
    ticket = make_ticket(teacher, devices=[device])
    group = services.school_group_ensure(school=school)
    meshcentral_agent(group.mesh_id)

    def enrolled():
        services.computers_sync()
        return RemoteComputer.objects.filter(device=device, online=True).first()

    computer = wait_for(enrolled, timeout=45)
    assert ("meshcentral", "MeshCentral") in available_tools(device)

    client.force_login(agent_fr)
    url = reverse("desk:remote", args=[ticket.number])
    client.post(
        url,
        {
            "device": device.pk,
            "tool": "meshcentral",
            "how": "phone_yes",
            "caller_name": "Claire Dubois",
            "language": "fr",
        },
    )
    session = RemoteSession.objects.get()
    assert session.node_id == computer.node_id
    response = client.post(
        reverse("desk:remote_session", args=[ticket.number, session.pk]), {"action": "start"}
    )
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith(meshcentral_server.url.rstrip("/") + "/?login=")
    query = parse_qs(urlsplit(link).query)
    assert query["gotonode"] == [computer.node_id.removeprefix("node//")]
    assert query["viewmode"] == ["11"]
    session.refresh_from_db()
    assert session.status == SessionStatus.OPENED
    assert session.remote_user == f"pupitre-{agent_fr.pk}"
    # The link signs the agent in: the logged-in page, not the login panel.
    status, body = fetch(link)
    _status, anonymous = fetch(meshcentral_server.url)
    assert status == 200 and len(body) > len(anonymous) * 2
    # The agent closed the page: a new link, the same session.
    page = client.get(url).content.decode()
    assert "Ouvrir à nouveau MeshCentral" in page
    again = client.post(
        reverse("desk:remote_session", args=[ticket.number, session.pk]), {"action": "start"}
    )
    assert again.status_code == 302 and again["Location"] != link
    assert RemoteSession.objects.get().status == SessionStatus.OPENED


def relay_records(node_id, mesh_id, user, *, relay_id, start, seconds):
    """A desktop session's two records as meshrelay.js has MeshCentral
    store them (`ids` for the filters; the test server writes the times as
    NeDB dates)."""
    common = {
        "etype": "relay",
        "action": "relaylog",
        "userid": f"user//{user}",
        "username": user,
        "protocol": 2,
        "nodeid": node_id,
        "ids": ["*", f"user//{user}", node_id, mesh_id],
    }
    end = start + timedelta(seconds=seconds)
    return [
        {
            **common,
            "msgid": 15,
            "msgArgs": [relay_id, "10.0.0.5", "127.0.0.1"],
            "msg": f'Started desktop session "{relay_id}" from 10.0.0.5 to 127.0.0.1',
            "time": start,
        },
        {
            **common,
            "msgid": 11,
            "msgArgs": [relay_id, "127.0.0.1", "10.0.0.5", seconds],
            "msg": f'Ended desktop session "{relay_id}" from 127.0.0.1 to 10.0.0.5, '
            f"{seconds} second(s)",
            "bytesin": 1200,
            "bytesout": 56000,
            "time": end,
        },
    ]


def test_relay_events_held_by_the_server_come_into_the_history_once(
    meshcentral_factory, school, teacher, agent_fr
):
    device = make_device(school)
    ticket = make_ticket(teacher, devices=[device])
    node_id, mesh_id = "node//pupitreTestNode0000000000000000000001", "mesh//pupitreTestMesh0001"
    user = f"pupitre-{agent_fr.pk}"
    opened = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    records = relay_records(
        node_id, mesh_id, user, relay_id="relay-1", start=opened + timedelta(minutes=1), seconds=754
    )
    stranger = relay_records(
        node_id,
        mesh_id,
        "someone-else",
        relay_id="relay-2",
        start=opened + timedelta(minutes=20),
        seconds=30,
    )
    meshcentral_factory(events=records + stranger)
    RemoteComputer.objects.create(node_id=node_id, school=school, name="PC-1", device=device)
    session = RemoteSession.objects.create(
        ticket=ticket,
        device=device,
        tool=SessionTool.MESHCENTRAL,
        node_id=node_id,
        agent=agent_fr,
        remote_user=user,
        status=SessionStatus.OPENED,
        requested_at=opened,
        opened_at=opened,
        consent_channel="phone",
        consent_by_name="Claire Dubois",
        consent_at=opened,
        consent_language="fr",
        consent_sentence="J'accepte…",
    )

    assert services.sessions_import() == 4
    assert services.sessions_import() == 0  # the same events read again

    session.refresh_from_db()
    assert session.status == SessionStatus.ENDED
    assert session.started_at == opened + timedelta(minutes=1)
    assert session.duration_seconds == 754
    history = Message.objects.filter(ticket=ticket, field=EventField.REMOTE).order_by("created_at")
    assert [m.old_value for m in history] == ["started", "ended"]
    outside = RemoteSession.objects.get(relay_id="relay-2")
    assert outside.without_ticket and outside.device == device
    assert outside.remote_user == "someone-else" and outside.agent is None


def test_meshcentral_down_leaves_the_session_ready_to_start(
    db, settings, school, teacher, agent_fr
):
    from pupitre.remote.models import MeshCentralServer

    settings.MESHCENTRAL_PASSWORD = "not-used"
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = "00" * 48
    MeshCentralServer.objects.create(
        url=f"https://127.0.0.1:{free_port()}/", username="svc", verify_tls=False, timeout_seconds=2
    )
    device = make_device(school)
    RemoteComputer.objects.create(node_id="node//x", school=school, name="PC", device=device)
    ticket = make_ticket(teacher, devices=[device])
    session = phone_consent(ticket, device, agent_fr)
    with pytest.raises(DomainError) as error:
        services.session_start(session=session, by=agent_fr)
    assert error.value.code.startswith("meshcentral")
    session.refresh_from_db()
    assert session.status == SessionStatus.CONSENTED and session.opened_at is None
    assert list(
        Message.objects.filter(ticket=ticket, field=EventField.REMOTE).values_list(
            "old_value", flat=True
        )
    ) == ["consent_given"]


def test_an_unknown_computer_is_a_clear_error(meshcentral_server, school, teacher, agent_fr):
    device = make_device(school)
    RemoteComputer.objects.create(
        node_id="node//notOnThisServer000000000000", school=school, name="PC", device=device
    )
    ticket = make_ticket(teacher, devices=[device])
    session = phone_consent(ticket, device, agent_fr)
    with pytest.raises(DomainError):
        services.session_start(session=session, by=agent_fr)
    session.refresh_from_db()
    assert session.status == SessionStatus.CONSENTED


def many_sessions(count, *, first_minute, user="pupitre-7"):
    node_id, mesh_id = "node//pupitreTestNode0000000000000000000002", "mesh//pupitreTestMesh0002"
    start = timezone.now().replace(microsecond=0) - timedelta(days=1)
    records = []
    for n in range(first_minute, first_minute + count):
        records += relay_records(
            node_id,
            mesh_id,
            user,
            relay_id=f"relay-{n}",
            start=start + timedelta(minutes=n),
            seconds=30,
        )
    return records


@pytest.fixture
def asked_limits(monkeypatch):
    """The limits the import asks the real server for (the call goes on)."""
    limits = []
    real_events = MeshCentralClient.events

    def events(self, **kwargs):
        limits.append(kwargs["limit"])
        return real_events(self, **kwargs)

    monkeypatch.setattr(MeshCentralClient, "events", events)
    monkeypatch.setattr(services, "IMPORT_FIRST_READ", 50)  # 500 in service
    return limits


def test_the_import_reads_further_back_until_it_reaches_events_it_knows(
    meshcentral_factory, asked_limits
):
    older = many_sessions(30, first_minute=0)  # 60 events: more than one read
    meshcentral_factory(events=older)
    assert services.sessions_import() == 60
    assert asked_limits == [50, 200]
    assert RemoteSession.objects.filter(status=SessionStatus.ENDED).count() == 30

    asked_limits.clear()
    meshcentral_factory(events=older + many_sessions(5, first_minute=30))
    assert services.sessions_import() == 10  # the newest 50 reach known ones
    assert asked_limits == [50]
    assert RemoteSession.objects.count() == 35


def test_the_import_stops_at_its_longest_read_and_says_so(
    meshcentral_factory, asked_limits, monkeypatch, caplog
):
    monkeypatch.setattr(services, "IMPORT_LONGEST_READ", 100)
    meshcentral_factory(events=many_sessions(70, first_minute=0))
    assert services.sessions_import() == 100
    assert asked_limits == [50, 100]
    assert "older ones are left out" in caplog.text
