#!/usr/bin/env python
"""MeshCentral's costs as Pupitre sees them, against a real server on the
loopback (the one of `make meshcentral`), started in a temporary folder.

    .venv/bin/python bench/meshcentral.py [--calls 30] [--agent]

Prints: the server's first start (certificates generated) and second start
(reused); then p50/p95 of the client's calls, each over a fresh control.ashx
connection as the application makes them: list of groups, install link, and
`login_url` (account ensured, rights granted, cookie made). With --agent
(root only), a real Linux agent is fetched and run, and the time until it is
online is printed, then `login_url` for that device and a message to it.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from pupitre.remote import local  # noqa: E402
from pupitre.remote.meshcentral import MeshCentralClient  # noqa: E402
from pupitre.remote.models import MeshCentralServer  # noqa: E402


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def timed(calls: int, work) -> list[float]:
    samples = []
    for _ in range(calls):
        begun = time.perf_counter()
        work()
        samples.append(time.perf_counter() - begun)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--agent", action="store_true")
    args = parser.parse_args()
    reason = local.missing_reason()
    if reason:
        print(reason)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="pupitre-bench-meshcentral-"))
    mesh = local.LocalMeshCentral(folder)
    agent = None
    try:
        mesh.start()
        print(f"first start (certificates made): {mesh.started_in:.1f} s")
        mesh.stop()
        mesh.start()
        print(f"second start: {mesh.started_in:.1f} s")
        server = MeshCentralServer(url=mesh.url, username=mesh.admin, verify_tls=False)
        client = MeshCentralClient(
            server, password=mesh.password, login_token_key=mesh.login_token_key
        )
        mesh_id = client.group_create(name="Bench", consent=127)
        print("groups:       ", percentiles(timed(args.calls, client.groups)))
        print(
            "install link: ",
            percentiles(timed(args.calls, lambda: client.invite_link(mesh_id=mesh_id, hours=1))),
        )
        if args.agent:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.meshcentral import Agent

            agent = Agent(Path(tempfile.mkdtemp(prefix="pupitre-bench-agent-")))
            agent.fetch(client, mesh_id)
            begun = time.perf_counter()
            agent.start()
            node = None
            while node is None and time.perf_counter() - begun < 60:
                node = next(
                    (n for n in client.nodes(mesh_id=mesh_id) if n.get("conn", 0) & 1), None
                )
                time.sleep(0.2)
            print(f"agent online after {time.perf_counter() - begun:.1f} s")
            node_id = node["_id"]
            print(
                "login_url:    ",
                percentiles(
                    timed(
                        args.calls, lambda: client.login_url(username="pupitre-1", node_id=node_id)
                    )
                ),
            )
            print(
                "message:      ",
                percentiles(timed(5, lambda: client.message(node_id=node_id, text="Bench"))),
            )
    finally:
        if agent is not None:
            agent.stop()
            shutil.rmtree(agent.folder, ignore_errors=True)
        mesh.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
