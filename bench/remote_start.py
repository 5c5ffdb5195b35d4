"""Time from "Start remote session" to the opened MeshCentral page.

    .venv/bin/python bench/remote_start.py [--runs 40]

Needs Node.js and `make meshcentral`, and root (a real Linux MeshCentral
agent is fetched from the local server and run, so that the computer is
online and enrolled). Uses its own SQLite database and MeshCentral server
in a temporary folder. For each run, consent is recorded by phone (not
timed), then the agent's POST of "Start remote session" is timed (the view
asks MeshCentral for the agent's login link and redirects to it) and the
link is opened over HTTPS (MeshCentral serves the signed-in page). Prints
p50/p95 of the POST alone and of the POST plus the opened page.
"""

import argparse
import os
import shutil
import socket
import ssl
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="pupitre-bench-remote-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from pupitre.accounts.models import Role  # noqa: E402
from pupitre.remote import local, services  # noqa: E402
from pupitre.remote.meshcentral import MeshCentralClient  # noqa: E402
from pupitre.remote.models import MeshCentralServer, RemoteComputer, SessionTool  # noqa: E402
from tests.factories import (  # noqa: E402
    make_device,
    make_member,
    make_school,
    make_team,
    make_ticket,
    make_user,
)
from tests.meshcentral import Agent, wait_for  # noqa: E402
from tests.second_factor import pass_second_factor  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    reason = local.missing_reason()
    if reason:
        sys.exit(reason)
    if os.geteuid() != 0:
        sys.exit("the MeshCentral agent runs only as root")
    call_command("migrate", verbosity=0)
    mesh = local.LocalMeshCentral(WORK / "meshcentral")
    agent = None
    try:
        mesh.start()
        server = MeshCentralServer.objects.create(
            name="MeshCentral (bench)", url=mesh.url, username=mesh.admin, verify_tls=False
        )
        settings.MESHCENTRAL_PASSWORD = mesh.password
        settings.MESHCENTRAL_LOGIN_TOKEN_KEY = mesh.login_token_key
        school = make_school(language="fr")
        make_team("fr")
        teacher = make_member(school)
        device = make_device(school, asset_tag=socket.gethostname().upper())
        ticket = make_ticket(teacher, devices=[device])
        staff = make_user(role=Role.AGENT, language="fr", name="Agent Bench")
        group = services.school_group_ensure(school=school)
        agent = Agent(WORK / "agent")
        agent.folder.mkdir()
        agent.fetch(MeshCentralClient(server), group.mesh_id)
        agent.start()

        def enrolled():
            services.computers_sync()
            return RemoteComputer.objects.filter(device=device, online=True).exists()

        wait_for(enrolled, timeout=60)

        client = Client()
        client.force_login(staff)
        pass_second_factor(client, staff)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        posts, totals = [], []
        for _run in range(args.runs):
            session = services.session_record_phone_consent(
                ticket=ticket,
                device=device,
                tool=SessionTool.MESHCENTRAL,
                by=staff,
                caller_name="Bench",
                language="fr",
                agree=True,
            )
            url = reverse("desk:remote_session", args=[ticket.number, session.pk])
            begun = time.perf_counter()
            response = client.post(url, {"action": "start"})
            posted = time.perf_counter()
            assert response.status_code == 302, response.status_code
            with urllib.request.urlopen(response["Location"], context=context, timeout=30) as page:  # noqa: S310
                assert page.status == 200
                page.read()
            opened = time.perf_counter()
            posts.append((posted - begun) * 1000)
            totals.append((opened - begun) * 1000)
        print(f"runs: {args.runs} (MeshCentral {local.MESHCENTRAL_VERSION}, SQLite, loopback)")
        for name, values in (("POST start -> redirect", posts), ("start -> opened page", totals)):
            print(
                f"{name:24} p50 {percentile(values, 0.5):7.1f} ms   "
                f"p95 {percentile(values, 0.95):7.1f} ms   "
                f"mean {statistics.mean(values):7.1f} ms"
            )
    finally:
        if agent is not None:
            agent.stop()
        mesh.stop()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
