"""The MeshCentral client against a real MeshCentral on the loopback."""

import ssl
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from pupitre.remote import queries
from pupitre.remote.meshcentral import (
    MeshCentralClient,
    MeshCentralCredentialsRefused,
    MeshCentralDeviceOffline,
    MeshCentralGroupMissing,
    MeshCentralNotConfigured,
    MeshCentralTimeout,
    MeshCentralUnknownDevice,
    MeshCentralUnreachable,
    decode_cookie,
    encode_cookie,
    user_pk_from_mesh,
)
from pupitre.remote.models import MeshCentralServer
from tests.meshcentral import wait_for


def fetch(url: str) -> tuple[int, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, context=context, timeout=30) as response:  # noqa: S310
        return response.status, response.read()


def test_cookie_round_trip_and_expiry_field():
    key = "ab" * 80
    cookie = encode_cookie({"u": "user//pupitre-3", "a": 3, "expire": 5}, key, now=1000)
    assert "+" not in cookie and "/" not in cookie
    assert decode_cookie(cookie, key) == {"u": "user//pupitre-3", "a": 3, "expire": 5, "time": 1000}


def test_bad_key_is_a_clear_error():
    with pytest.raises(MeshCentralNotConfigured):
        encode_cookie({"u": "user//x", "a": 3}, "not-hex")


def test_user_pk_from_mesh_account():
    assert user_pk_from_mesh("user//pupitre-12") == 12
    assert user_pk_from_mesh("pupitre-7") == 7
    assert user_pk_from_mesh("user//admin") is None


def test_feature_hidden_without_a_server_or_secrets(db, settings):
    settings.MESHCENTRAL_PASSWORD = ""
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = ""
    MeshCentralServer.objects.create(url="https://remote.example/", username="svc")
    assert queries.meshcentral_server() is None
    settings.MESHCENTRAL_PASSWORD = "secret"
    assert queries.meshcentral_server() is not None


def test_server_info_groups_and_install_link(meshcentral, meshcentral_server):
    assert queries.meshcentral_server() == meshcentral_server
    client = MeshCentralClient(meshcentral_server)
    assert client.server_info()["port"] == meshcentral.port
    mesh_id = client.group_create(name="Client test group", consent=73)
    group = client.group(mesh_id)
    assert group["name"] == "Client test group"
    assert group["consent"] == 73
    client.group_set_consent(mesh_id=mesh_id, consent=127)
    assert client.group(mesh_id)["consent"] == 127
    link = client.invite_link(mesh_id=mesh_id, hours=24)
    assert link.startswith(meshcentral_server.url.rstrip("/") + "/agentinvite?c=")
    status, body = fetch(link)
    assert status == 200
    assert b"meshagents" in body or b"agent" in body.lower()


def test_signing_in_with_the_login_token_key_only(meshcentral_server):
    client = MeshCentralClient(meshcentral_server, password="")
    mesh_id = client.group_create(name="Key-only group", consent=73)
    assert client.group(mesh_id)["name"] == "Key-only group"


def test_wrong_password_is_refused_clearly(meshcentral_server):
    client = MeshCentralClient(meshcentral_server, password="wrong-password", login_token_key="")
    with pytest.raises(MeshCentralCredentialsRefused) as refused:
        client.groups()
    assert "noauth" in refused.value.detail


def test_wrong_key_is_refused_clearly(meshcentral_server):
    client = MeshCentralClient(meshcentral_server, password="", login_token_key="cd" * 80)
    with pytest.raises(MeshCentralCredentialsRefused):
        client.groups()


def test_server_down(meshcentral_server):
    from pupitre.remote.local import free_port

    meshcentral_server.url = f"https://127.0.0.1:{free_port()}/"
    with pytest.raises(MeshCentralUnreachable):
        MeshCentralClient(meshcentral_server).groups()


def test_server_too_slow(meshcentral_server):
    """A socket that accepts and never answers: the client gives up in time."""
    import socket
    import time

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        meshcentral_server.url = f"https://127.0.0.1:{silent.getsockname()[1]}/"
        meshcentral_server.timeout_seconds = 1
        begun = time.monotonic()
        with pytest.raises(MeshCentralTimeout):
            MeshCentralClient(meshcentral_server).groups()
        assert time.monotonic() - begun < 5


def test_missing_group(meshcentral_server):
    client = MeshCentralClient(meshcentral_server)
    with pytest.raises(MeshCentralGroupMissing):
        client.invite_link(mesh_id="mesh//doesNotExist000000000000000", hours=1)


def test_unknown_device(meshcentral_server):
    client = MeshCentralClient(meshcentral_server)
    with pytest.raises(MeshCentralUnknownDevice):
        client.login_url(username="pupitre-1", node_id="node//nothing-here")


def test_events_list_the_group_creation(meshcentral_server):
    client = MeshCentralClient(meshcentral_server)
    client.group_create(name="Events test group", consent=73)
    events = wait_for(
        lambda: [e for e in client.events(limit=50) if e.get("action") == "createmesh"]
    )
    assert any(e.get("msgArgs") == ["Events test group"] for e in events)


def test_real_agent_comes_online_gets_a_message_and_a_login_link(
    meshcentral_server, meshcentral_agent
):
    client = MeshCentralClient(meshcentral_server)
    mesh_id = client.group_create(name="Agent test group", consent=73)
    agent = meshcentral_agent(mesh_id)
    node = wait_for(
        lambda: next((n for n in client.nodes(mesh_id=mesh_id) if n.get("conn", 0) & 1), None),
        timeout=45,
    )
    client.message(node_id=node["_id"], text="Bonjour, ici le helpdesk.")

    url = client.login_url(username="pupitre-42", node_id=node["_id"], require_online=True)
    query = parse_qs(urlsplit(url).query)
    assert query["gotonode"] == [node["_id"].removeprefix("node//")]
    assert query["viewmode"] == ["11"]
    # The agent's own account now exists with rights on that group only.
    group = client.group(mesh_id)
    assert "user//pupitre-42" in group["links"]
    # The link signs in: MeshCentral serves the logged-in page, not the login panel.
    status, body = fetch(url)
    assert status == 200
    status, anonymous = fetch(meshcentral_server.url)
    assert len(body) > len(anonymous) * 2

    # Once the agent stops, the device is offline: a clear error. (An agent
    # run with `connect`, not installed, is temporary: MeshCentral also
    # forgets the device when it disconnects.)
    agent.stop()
    wait_for(lambda: not any(n["_id"] == node["_id"] for n in client.nodes()), timeout=30)
    with pytest.raises(MeshCentralDeviceOffline):
        client.message(node_id=node["_id"], text="Encore là ?")
    with pytest.raises(MeshCentralUnknownDevice):
        client.login_url(username="pupitre-42", node_id=node["_id"])


def test_events_written_before_start_are_read_back(meshcentral_factory):
    """Session records as MeshCentral's relay writes them (meshrelay.js):
    start (msgid 15, desktop) and end (msgid 11, duration in msgArgs[3])."""
    from datetime import timedelta

    from django.utils import timezone

    from pupitre.remote.models import MeshCentralServer

    began = timezone.now() - timedelta(hours=1)
    common = {
        "etype": "relay",
        "action": "relaylog",
        "userid": "user//pupitre-7",
        "username": "pupitre-7",
        "nodeid": "node//fakeNodeForTheTest",
        "protocol": 2,
        "ids": ["*", "node//fakeNodeForTheTest"],
    }
    mesh = meshcentral_factory(
        events=[
            {
                **common,
                "msgid": 15,
                "msgArgs": ["abc"],
                "msg": "Started desktop session",
                "time": began,
            },
            {
                **common,
                "msgid": 11,
                "msgArgs": ["abc", "127.0.0.1", "127.0.0.1", 754],
                "msg": "Ended desktop session",
                "time": began + timedelta(seconds=754),
                "bytesin": 10,
                "bytesout": 20,
            },
        ]
    )
    client = MeshCentralClient(MeshCentralServer.objects.get())
    assert client.server_info()["port"] == mesh.port
    print(f"fresh server with events ready in {mesh.started_in:.1f} s")
    events = client.events(kind="relaylog")
    assert [e["msgid"] for e in events] == [11, 15]
    assert events[0]["msgArgs"][3] == 754
    assert events[0]["userid"] == "user//pupitre-7"
    assert user_pk_from_mesh(events[0]["userid"]) == 7
