"""School groups, install links and the sync of computers, against a real
MeshCentral (and a real agent) on the loopback."""

import socket
import ssl
import urllib.request

import pytest

from pupitre.audit.models import AuditRecord
from pupitre.core.errors import DomainError
from pupitre.remote import services
from pupitre.remote.meshcentral import MeshCentralClient, MeshCentralNotConfigured
from pupitre.remote.models import MatchedBy, RemoteComputer, SchoolDeviceGroup
from tests.factories import make_device, make_school
from tests.meshcentral import wait_for


def fetch(url: str) -> tuple[int, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, context=context, timeout=30) as response:  # noqa: S310
        return response.status, response.read()


def test_nothing_to_do_without_a_server(db, settings):
    settings.MESHCENTRAL_PASSWORD = ""
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = ""
    school = make_school()
    with pytest.raises(MeshCentralNotConfigured):
        services.school_group_ensure(school=school)
    assert services.computers_sync() == {"seen": 0, "created": 0, "matched": 0, "gone": 0}
    assert not SchoolDeviceGroup.objects.exists()


def test_server_configuration_is_audited(db, supervisor):
    server = services.meshcentral_server_save(
        by=supervisor, url="https://remote.example.org/", username="pupitre"
    )
    services.meshcentral_server_save(by=supervisor, server=server, consent_prompt=False)
    changed = AuditRecord.objects.filter(object_kind="meshcentral_server", field="consent_prompt")
    # Created as "yes", then changed to "no".
    assert sorted((r.old_value, r.new_value) for r in changed) == [("", "yes"), ("yes", "no")]
    with pytest.raises(DomainError):
        services.meshcentral_server_save(by=supervisor, server=server, url="ftp://x")


def test_school_group_has_the_consent_policy_and_is_made_once(meshcentral_server, supervisor):
    school = make_school(name="Athénée de Test")
    group = services.school_group_ensure(school=school, by=supervisor)
    client = MeshCentralClient(meshcentral_server)
    remote = client.group(group.mesh_id)
    # Notify, prompt (desktop, terminal, files) and the toolbar: 127.
    assert remote["consent"] == meshcentral_server.consent_bits == 127
    assert remote["name"] == f"Athénée de Test ({school.official_number})"
    again = services.school_group_ensure(school=school, by=supervisor)
    assert again.mesh_id == group.mesh_id
    assert [g["name"] for g in client.groups()].count(remote["name"]) == 1


def test_consent_changed_in_meshcentral_is_put_back(meshcentral_server):
    school = make_school()
    group = services.school_group_ensure(school=school)
    client = MeshCentralClient(meshcentral_server)
    client.group_set_consent(mesh_id=group.mesh_id, consent=0)
    services.school_group_ensure(school=school)
    assert client.group(group.mesh_id)["consent"] == 127


def test_other_consent_policy(meshcentral_server):
    services.meshcentral_server_save(by=None, server=meshcentral_server, consent_prompt=False)
    group = services.school_group_ensure(school=make_school())
    assert MeshCentralClient(meshcentral_server).group(group.mesh_id)["consent"] == 1 | 2 | 4 | 64


def test_group_removed_in_meshcentral_is_recreated(meshcentral_server):
    school = make_school()
    group = services.install_link_get(school=school)
    old_mesh_id = group.mesh_id
    MeshCentralClient(meshcentral_server).group_delete(mesh_id=old_mesh_id)
    group = services.install_link_get(school=school, renew=True)
    assert group.mesh_id != old_mesh_id
    assert MeshCentralClient(meshcentral_server).group(group.mesh_id) is not None
    assert SchoolDeviceGroup.objects.filter(school=school).count() == 1


def test_install_link_is_served_reused_and_renewed(meshcentral_server):
    school = make_school()
    group = services.install_link_get(school=school)
    status, page = fetch(group.invite_url)
    assert status == 200
    assert b"meshagents" in page
    assert services.install_link_get(school=school).invite_url == group.invite_url
    renewed = services.install_link_get(school=school, renew=True)
    assert renewed.invite_url != group.invite_url
    assert renewed.invite_expires_at >= group.invite_expires_at


def test_real_agent_is_synced_matched_then_offline_and_gone(meshcentral_server, meshcentral_agent):
    school = make_school()
    other = make_school()
    # Schools name their computers by asset tag: the host name matches it.
    device = make_device(school, asset_tag=socket.gethostname().upper())
    make_device(other, asset_tag=socket.gethostname())
    group = services.school_group_ensure(school=school)
    agent = meshcentral_agent(group.mesh_id)

    def synced_online():
        services.computers_sync()
        return RemoteComputer.objects.filter(school=school, online=True).first()

    computer = wait_for(synced_online, timeout=45)
    assert computer.device == device
    assert computer.matched_by == MatchedBy.HOST_NAME
    assert computer.last_seen is not None
    assert computer.host_name.lower() == socket.gethostname().lower()
    seen = computer.last_seen

    agent.stop()

    def synced_offline():
        services.computers_sync()
        return RemoteComputer.objects.filter(pk=computer.pk, online=False).first()

    # A temporary agent (`meshagent connect`) is forgotten by MeshCentral
    # when it disconnects: the computer is kept, offline and marked gone,
    # with its last-seen time and its match.
    computer = wait_for(synced_offline, timeout=30)
    assert computer.gone
    assert computer.last_seen is not None and computer.last_seen >= seen.replace(microsecond=0)
    assert computer.device == device


def test_agent_links_and_corrects_the_match(db, supervisor):
    school = make_school()
    right = make_device(school)
    foreign = make_device(make_school())
    computer = RemoteComputer.objects.create(node_id="node//abc", school=school, name="PC-12")
    services.computer_link(computer=computer, device=right, by=supervisor)
    computer.refresh_from_db()
    assert (computer.device, computer.matched_by, computer.matched_user) == (
        right,
        MatchedBy.MANUAL,
        supervisor,
    )
    with pytest.raises(DomainError):
        services.computer_link(computer=computer, device=foreign, by=supervisor)
    computer.refresh_from_db()
    assert computer.device == right


def test_sync_keeps_a_manual_match_and_marks_removed_computers(meshcentral_server):
    school = make_school()
    group = services.school_group_ensure(school=school)
    kept = RemoteComputer.objects.create(
        node_id="node//gone", school=school, group=group, name="Old PC", online=True, conn=1
    )
    counts = services.computers_sync()
    kept.refresh_from_db()
    assert kept.gone and not kept.online
    assert counts["gone"] >= 1


def test_periodic_sync_logs_meshcentral_down_and_keeps_the_mirror(db, settings, caplog):
    from pupitre.remote.local import free_port
    from pupitre.remote.models import MeshCentralServer
    from pupitre.remote.periodic import computers_sync

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MESHCENTRAL_PASSWORD = "secret"
    server = MeshCentralServer.objects.create(
        url=f"https://127.0.0.1:{free_port()}/", username="svc", timeout_seconds=2
    )
    school = make_school()
    group = SchoolDeviceGroup.objects.create(
        school=school, server=server, mesh_id="mesh//m", name="G"
    )
    kept = RemoteComputer.objects.create(
        node_id="node//k", school=school, group=group, name="PC", online=True, conn=1
    )
    result = computers_sync.enqueue()
    assert result.return_value == {"error": "meshcentral_unreachable"}
    assert "MeshCentral sync skipped" in caplog.text
    kept.refresh_from_db()
    assert kept.online and not kept.gone
