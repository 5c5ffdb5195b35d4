"""The remote-maintenance screens: the ICT contact's install link page, the
device pages' online state, the desk's list of a school's computers."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from pupitre.remote.local import free_port
from pupitre.remote.meshcentral import MeshCentralUnreachable
from pupitre.remote.models import MatchedBy, MeshCentralServer, RemoteComputer, SchoolDeviceGroup
from tests.factories import make_device, make_school

from ..querycount import count_queries

REMOTE = reverse("portal:remote")


def fr(text) -> str:
    """`text` as the French-speaking users of these tests read it."""
    with translation.override("fr"):
        return translation.gettext(str(text))


def page(response) -> str:
    return unescape(response.content.decode())


UNREACHABLE = MeshCentralUnreachable.default_message


@pytest.fixture
def configured(db, settings):
    """A configured server that is not running (pages that do not call it)."""
    settings.MESHCENTRAL_PASSWORD = "secret"
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = "ab" * 80
    return MeshCentralServer.objects.create(
        url=f"https://127.0.0.1:{free_port()}/", username="svc", verify_tls=False, timeout_seconds=2
    )


def computers(school, server, count, device=None):
    group, _created = SchoolDeviceGroup.objects.get_or_create(
        school=school, defaults={"server": server, "mesh_id": f"mesh//{school.pk}", "name": "G"}
    )
    start = RemoteComputer.objects.count()
    return [
        RemoteComputer.objects.create(
            node_id=f"node//n{start + i}",
            school=school,
            group=group,
            name=f"PC-{start + i}",
            host_name=f"pc-{start + i}",
            online=i % 2 == 0,
            last_seen=timezone.now() - timedelta(hours=i),
            device=device or make_device(school),
            matched_by=MatchedBy.SERIAL,
        )
        for i in range(count)
    ]


def test_not_configured_says_so_and_hides_the_links(client, ict_contact, school, settings):
    settings.MESHCENTRAL_PASSWORD = ""
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = ""
    device = make_device(school)
    client.force_login(ict_contact)
    html = unescape(client.get(REMOTE).content.decode())
    assert fr("Remote maintenance is not configured.") in html
    assert REMOTE not in client.get(reverse("portal:devices")).content.decode()
    assert (
        "remote-title"
        not in client.get(reverse("portal:device", args=[device.pk])).content.decode()
    )


def test_teachers_and_other_schools_are_refused(client, teacher, ict_contact, configured):
    client.force_login(teacher)
    assert client.get(REMOTE).status_code == 403
    other = make_school()
    client.force_login(ict_contact)
    assert client.get(REMOTE, {"school": other.pk}).status_code == 404


def test_ict_contact_gets_an_install_link_from_a_real_server(
    client, ict_contact, school, meshcentral_server
):
    client.force_login(ict_contact)
    html = unescape(client.get(REMOTE).content.decode())
    assert fr("Your school has no install link yet.") in html
    html = unescape(
        client.post(REMOTE, {"school": school.pk, "action": "get"}, follow=True).content.decode()
    )
    group = SchoolDeviceGroup.objects.get(school=school)
    assert group.invite_url.startswith(meshcentral_server.url.rstrip("/") + "/agentinvite?c=")
    assert group.invite_url in html
    assert "Windows" in html and "Linux" in html and "ChromeOS" in html
    html = client.post(
        REMOTE, {"school": school.pk, "action": "renew"}, follow=True
    ).content.decode()
    assert SchoolDeviceGroup.objects.get(school=school).invite_url != group.invite_url


def test_server_down_is_a_clear_message_not_an_error(client, ict_contact, school, configured):
    client.force_login(ict_contact)
    response = client.post(REMOTE, {"school": school.pk, "action": "get"}, follow=True)
    assert response.status_code == 200
    assert fr(UNREACHABLE) in page(response)
    assert not SchoolDeviceGroup.objects.exists()


def test_expired_link_is_not_shown(client, ict_contact, school, configured):
    SchoolDeviceGroup.objects.create(
        school=school,
        server=configured,
        mesh_id="mesh//x",
        name="G",
        invite_url="https://remote.example/agentinvite?c=old",
        invite_expires_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(ict_contact)
    html = unescape(client.get(REMOTE).content.decode())
    assert "agentinvite?c=old" not in html
    assert fr("Your last install link has expired.") in html


def test_device_pages_show_online_state_and_last_seen(
    client, ict_contact, agent_fr, school, configured
):
    device = make_device(school)
    computers(school, configured, 1, device=device)
    client.force_login(ict_contact)
    html = unescape(client.get(reverse("portal:device", args=[device.pk])).content.decode())
    assert "badge-online" in html and fr("last seen %(when)s").split(" %")[0] in html
    client.force_login(agent_fr)
    html = unescape(client.get(reverse("desk:device", args=[device.pk])).content.decode())
    assert "badge-online" in html
    assert reverse("desk:remote_computers", args=[school.pk]) in html
    bare = make_device(school)
    html = unescape(client.get(reverse("desk:device", args=[bare.pk])).content.decode())
    assert fr("This device has no remote-maintenance agent yet.") in html


def test_agent_corrects_the_match(client, agent_fr, school, configured):
    (computer,) = computers(school, configured, 1)
    right = make_device(school)
    foreign = make_device(make_school())
    client.force_login(agent_fr)
    url = reverse("desk:remote_computer_link", args=[computer.pk])
    client.post(url, {"device": right.pk})
    computer.refresh_from_db()
    assert computer.device == right and computer.matched_by == MatchedBy.MANUAL
    html = unescape(client.post(url, {"device": foreign.pk}, follow=True).content.decode())
    assert fr("Choose a device of this school.") in html
    computer.refresh_from_db()
    assert computer.device == right
    client.post(url, {"device": ""})
    computer.refresh_from_db()
    assert computer.device is None and computer.matched_user == agent_fr


def test_school_users_cannot_use_the_desk_pages(client, ict_contact, school, configured):
    (computer,) = computers(school, configured, 1)
    client.force_login(ict_contact)
    assert client.get(reverse("desk:remote_computers", args=[school.pk])).status_code == 403
    url = reverse("desk:remote_computer_link", args=[computer.pk])
    assert client.post(url, {"device": ""}).status_code == 403


def test_desk_sync_with_the_server_down_says_so(client, agent_fr, school, configured):
    client.force_login(agent_fr)
    url = reverse("desk:remote_computers_sync", args=[school.pk])
    assert fr(UNREACHABLE) in page(client.post(url, follow=True))


def test_pages_run_a_constant_number_of_queries(client, ict_contact, agent_fr, school, configured):
    def grow_to(total):
        existing = RemoteComputer.objects.filter(school=school).count()
        computers(school, configured, total - existing)
        client.force_login(ict_contact)
        portal = count_queries(client, REMOTE)
        client.force_login(agent_fr)
        desk = count_queries(client, reverse("desk:remote_computers", args=[school.pk]))
        return portal, desk

    grow_to(1)
    at_3, at_60 = grow_to(3), grow_to(60)
    assert at_3 == at_60


def test_admin_saves_the_server_through_the_audited_service(client, db):
    from pupitre.accounts.models import Role
    from pupitre.audit.models import AuditRecord
    from tests.factories import make_user

    admin_user = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    data = {
        "name": "MeshCentral",
        "url": "https://remote.example.org/",
        "username": "pupitre",
        "verify_tls": "on",
        "timeout_seconds": 10,
        "invite_hours": 72,
        "login_link_minutes": 5,
        "consent_notify": "on",
        "consent_prompt": "on",
        "consent_toolbar": "on",
        "active": "on",
    }
    response = client.post(reverse("admin:remote_meshcentralserver_add"), data)
    assert response.status_code == 302
    server = MeshCentralServer.objects.get()
    assert AuditRecord.objects.filter(object_kind="meshcentral_server", by=admin_user).exists()
    assert server.consent_bits == 127
