"""A real MeshCentral server (and agent) for the tests, on the loopback.

Fixtures (imported by tests/conftest.py, so every test folder has them):

- `meshcentral`: one server for the whole test session (started once,
  about 3-6 s), a `pupitre.remote.local.LocalMeshCentral`;
- `meshcentral_server`: the `MeshCentralServer` row pointing at it, with the
  secrets in the settings: `remote.queries.meshcentral_server()` returns it;
- `meshcentral_factory`: `meshcentral_factory(events=[...])` starts a fresh
  server of its own whose NeDB events file holds `events` before it starts
  (event records as MeshCentral writes them, e.g. `relaylog` ones), and
  points the `MeshCentralServer` row at it; stopped after the test;
- `meshcentral_agent`: `meshcentral_agent(mesh_id)` fetches the Linux agent
  and its settings from the server over HTTP, runs it (`meshagent connect`)
  and returns its folder; stopped after the test.

Without Node.js or the package (`make meshcentral`) these skip with the
reason, except when PUPITRE_REQUIRE_MESHCENTRAL=1 (CI), where they fail.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from pupitre.core.config_cache import forget
from pupitre.remote import local
from pupitre.remote.meshcentral import AGENT_LINUX_X64, MeshCentralClient
from pupitre.remote.queries import MESHCENTRAL_SERVER


def _unavailable(reason: str):
    if os.environ.get("PUPITRE_REQUIRE_MESHCENTRAL") == "1":
        pytest.fail("PUPITRE_REQUIRE_MESHCENTRAL=1 but " + reason, pytrace=False)
    pytest.skip(reason)


def _check_available():
    reason = local.missing_reason()
    if reason:
        _unavailable(reason)


@pytest.fixture(scope="session")
def meshcentral():
    _check_available()
    folder = Path(tempfile.mkdtemp(prefix="pupitre-meshcentral-"))
    server = local.LocalMeshCentral(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def point_at(server_row, mesh: local.LocalMeshCentral, settings):
    server_row.url = mesh.url
    server_row.username = mesh.admin
    server_row.verify_tls = False
    server_row.save()
    forget(MESHCENTRAL_SERVER)
    settings.MESHCENTRAL_PASSWORD = mesh.password
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = mesh.login_token_key
    return server_row


@pytest.fixture
def meshcentral_server(meshcentral, db, settings):
    from pupitre.remote.models import MeshCentralServer

    row = MeshCentralServer(name="MeshCentral (test)", timeout_seconds=10)
    return point_at(row, meshcentral, settings)


@pytest.fixture
def meshcentral_factory(meshcentral, db, settings):
    from pupitre.remote.models import MeshCentralServer

    started = []

    def start(*, events=()):
        folder = Path(tempfile.mkdtemp(prefix="pupitre-meshcentral-"))
        mesh = local.LocalMeshCentral(folder)
        # The session server's certificates: a start of ~3 s instead of ~6 s.
        mesh.seed_from(meshcentral)
        mesh.prepare()
        if events:
            mesh.write_events(list(events))
        started.append(mesh)
        mesh.start()
        row = MeshCentralServer.objects.filter(active=True).first() or MeshCentralServer(
            name="MeshCentral (test)"
        )
        point_at(row, mesh, settings)
        return mesh

    yield start
    for mesh in started:
        mesh.stop()
        shutil.rmtree(mesh.folder, ignore_errors=True)


class Agent:
    """A real MeshCentral agent for Linux x64, fetched from the server."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def fetch(self, client: MeshCentralClient, mesh_id: str) -> None:
        context = client.ssl_context()
        for url, name in (
            (client.agent_download_url(mesh_id=mesh_id, agent=AGENT_LINUX_X64), "meshagent"),
            (client.agent_settings_url(mesh_id=mesh_id), "meshagent.msh"),
        ):
            with urllib.request.urlopen(url, context=context, timeout=30) as response:  # noqa: S310
                assert response.status == 200, url
                (self.folder / name).write_bytes(response.read())
        (self.folder / "meshagent").chmod(0o755)

    def start(self) -> None:
        self.log = (self.folder / "agent.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 (the agent the server served)
            ["./meshagent", "connect"],
            cwd=self.folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.log.close()
        self.process = None


@pytest.fixture
def meshcentral_agent(meshcentral_server):
    if os.geteuid() != 0:
        _unavailable("the MeshCentral agent runs only as root")
    agents = []

    def run(mesh_id: str) -> Agent:
        agent = Agent(Path(tempfile.mkdtemp(prefix="pupitre-meshagent-")))
        agent.fetch(MeshCentralClient(meshcentral_server), mesh_id)
        agent.start()
        agents.append(agent)
        return agent

    yield run
    for agent in agents:
        agent.stop()
        shutil.rmtree(agent.folder, ignore_errors=True)


def wait_for(condition, *, timeout: float = 30, every: float = 0.5):
    """Calls `condition` until it returns something true; fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s")
        time.sleep(every)
