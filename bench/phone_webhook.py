#!/usr/bin/env python
"""Events per second of the phone webhook (/phone/cti/<token>/).

    DATABASE_URL=sqlite:////tmp/phone-bench.sqlite3 .venv/bin/python bench/phone_webhook.py --start

Prepares, in the configured database (migrate it first): a bench phone line
with a known token, SCHOOLS schools with a switchboard number and members
with a mobile number each (so newCall really searches the directory). Then
CLIENTS connections each play whole calls (newCall, answer, hangup; one call
in five missed, so it owes a callback) over HTTP against gunicorn (2 sync
workers, DEBUG off; `--start` starts and stops it), for DURATION seconds.
The load comes from wrk (Debian package `wrk`, bench/wrk/phone_calls.lua):
written in C, it leaves the two cores to the server, as a PBX on its own
machine would. Without wrk, Python threads play the calls; they take about
half the machine themselves. Reports events/s, p50/p95 latency per event,
and checks that every event answered is in the database. Target: ≥ 500
events/s on a 2-core machine, on SQLite and on PostgreSQL.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-key-not-a-secret",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PUPITRE_VAR_DIR": str(ROOT / "var" / "bench"),
}
for _name, _value in BENCH_ENV.items():
    os.environ.setdefault(_name, _value)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.phone.models import Call, CallEvent, PhoneLine  # noqa: E402
from pupitre.phone.queries import token_hash  # noqa: E402
from pupitre.schools.models import Membership, PhoneNumber, School, SchoolType  # noqa: E402
from pupitre.tickets.models import Team  # noqa: E402

TOKEN = "bench-phone-token-not-a-secret"  # noqa: S105 (a bench fixture)
SCHOOLS = 500
BASELINE_REQUESTS = 100
WARM_UP_SECONDS = 3
WRK_SCRIPT = ROOT / "bench" / "wrk" / "phone_calls.lua"


def prepare() -> PhoneLine:
    from django.utils import timezone

    team, _ = Team.objects.get_or_create(name="bench-phone", defaults={"language": "fr"})
    line = PhoneLine.objects.filter(name="Bench line").first()
    if line is None:
        line = PhoneLine.objects.create(
            name="Bench line",
            number="+3281999999",
            language="fr",
            team=team,
            token_hash=token_hash(TOKEN),
            created_at=timezone.now(),
        )
    if not School.objects.filter(official_number="PB00000").exists():
        schools = School.objects.bulk_create(
            School(
                official_number=f"PB{n:05d}",
                name=f"Bench school {n}",
                language="fr",
                school_type=SchoolType.SECONDARY,
            )
            for n in range(SCHOOLS)
        )
        PhoneNumber.objects.bulk_create(
            PhoneNumber(school=s, number=f"081 {n // 100:02d} {n % 100:02d} 00")
            for n, s in enumerate(schools)
        )
        users = User.objects.bulk_create(
            User(
                email=f"phone-bench-{n}@bench.pupitre.be",
                full_name=f"Bench caller {n}",
                phone=f"0470 {n // 100:02d} {n % 100:02d} 00",
                role=Role.SCHOOL,
                language="fr",
            )
            for n in range(SCHOOLS)
        )
        Membership.objects.bulk_create(
            Membership(user=u, school=s) for u, s in zip(users, schools, strict=True)
        )
    return line


def start_server(host: str, port: int, workers: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [gunicorn, "pupitre.wsgi", "--pythonpath", str(ROOT / "src"), "-w", str(workers),
               "-b", f"{host}:{port}"]  # fmt: skip
    server = subprocess.Popen(command, env={**os.environ, **BENCH_ENV}, cwd=ROOT)
    for _ in range(150):
        try:
            with socket.create_connection((host, port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn exited at start.")
            time.sleep(0.2)
    sys.exit("gunicorn did not start.")


def cpu_seconds(pids) -> float:
    """User + system CPU time of the server's processes (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def server_pids(server) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [server.pid, *map(int, children.read_text().split())]


def play(host, port, path, stop_at, latencies, counts, index) -> None:
    """The Python client (when wrk is missing): one thread, one call at a time."""
    n = 0
    while time.monotonic() < stop_at:
        call_id = uuid.uuid4().hex
        number = f"+32470{(n * 7 + index) % SCHOOLS // 100:02d}{(n + index) % 100:02d}00"
        events = [{"event": "newCall", "direction": "in", "from": number, "to": "3281999999",
                   "callId": call_id}]  # fmt: skip
        if n % 5:
            events.append({"event": "answer", "direction": "in", "callId": call_id,
                           "from": number, "to": "3281999999", "user": "Bench agent"})  # fmt: skip
        cause = "normalClearing" if n % 5 else "cancel"
        events.append({"event": "hangup", "direction": "in", "callId": call_id, "from": number,
                       "to": "3281999999", "cause": cause})  # fmt: skip
        for event in events:
            body = json.dumps(event)
            started = time.perf_counter()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            conn.close()
            latencies.append(time.perf_counter() - started)
            counts[response.status] = counts.get(response.status, 0) + 1
        n += 1


def run_python(url: str, path: str, clients: int, duration: float) -> dict:
    parsed = urlsplit(url)
    latencies: list[float] = []
    counts: dict[int, int] = {}
    stop_at = time.monotonic() + duration
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=play,
            args=(
                parsed.hostname,
                parsed.port or 80,
                path,
                stop_at,
                latencies,
                counts,
                i,
            ),  # fmt: skip
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    sent = len(latencies)

    def percentile(p):
        return latencies[min(sent - 1, int(p * sent))] * 1000 if sent else 0.0

    return {
        "sent": sent,
        "seconds": time.monotonic() - started,
        "p50_ms": percentile(0.5),
        "p95_ms": percentile(0.95),
        "not_200": sum(n for status, n in counts.items() if status != 200),
        "detail": str(counts),
    }


def run_wrk(url: str, path: str, clients: int, duration: float) -> dict:
    """wrk, one connection per thread: each plays its calls event after event."""
    run_id = uuid.uuid4().hex[:12]  # call ids differ from one run to the next
    command = ["wrk", f"-t{clients}", f"-c{clients}", f"-d{duration:.0f}s", "--timeout", "30s",
               "-s", str(WRK_SCRIPT), url, "--", path, str(SCHOOLS), run_id]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no result:\n{output}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    socket_errors = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
    return {
        "sent": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "not_200": raw["unexpected"] + socket_errors + raw["timeouts"],
        "detail": f"not 200: {raw['unexpected_statuses'].strip() or 'none'}; "
        f"socket errors {socket_errors}, timeouts {raw['timeouts']}",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8002")
    parser.add_argument("--start", action="store_true", help="start gunicorn for the run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args(argv)
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"
    line = prepare()
    url = urlsplit(args.url)
    host, port = url.hostname, url.port or 80
    connection.close()
    server = start_server(host, port, args.workers) if args.start else None
    path = f"/phone/cti/{TOKEN}/"
    run = run_wrk if args.client == "wrk" else run_python
    try:
        # Not measured: gunicorn answers while its workers still load
        # Django, and each worker reads the directory on its first call.
        run(args.url, path, args.clients, WARM_UP_SECONDS)
        before = CallEvent.objects.filter(line=line).count()
        connection.close()
        pids = server_pids(server) if server is not None else []
        cpu_before = cpu_seconds(pids)
        result = run(args.url, path, args.clients, args.duration)
        cpu = cpu_seconds(pids) - cpu_before
        # For scale on a shared machine: the CPU of the cheapest request this
        # server answers (an unknown token: one query, a 403).
        baseline_before = cpu_seconds(pids)
        for _ in range(BASELINE_REQUESTS if pids else 0):
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("POST", "/phone/cti/unknown-token/", "{}")
            conn.getresponse().read()
            conn.close()
        baseline = (cpu_seconds(pids) - baseline_before) / BASELINE_REQUESTS
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    sent, elapsed = result["sent"], result["seconds"]
    # wrk drops the answers still on their way when time is up: the server
    # may have stored up to one more event per client than wrk counted.
    stored = CallEvent.objects.filter(line=line).count() - before
    rate = sent / elapsed if elapsed else 0.0
    print(f"database: {connection.vendor}; client: {args.client}, {args.clients} connections; "
          f"gunicorn sync workers: {args.workers}")  # fmt: skip
    print(f"events answered: {sent} in {elapsed:.1f} s -> {rate:.0f} events/s")
    print(f"latency per event: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms")
    print(f"{result['detail']}; events stored: {stored}; calls in the database: "
          f"{Call.objects.count()}")  # fmt: skip
    if server is not None and sent:
        # Load-independent: the server's own CPU per event, and the rate two
        # cores would give if the server had them to itself.
        per_event = cpu / sent
        print(
            f"server CPU per event: {per_event * 1000:.2f} ms "
            f"-> {2 / per_event:.0f} events/s on 2 idle cores; load: {os.getloadavg()[0]:.1f}"
        )
        print(
            f"server CPU of a 403 (unknown token) for scale: {baseline * 1000:.2f} ms; "
            f"an event costs {per_event / baseline:.1f} times that"
        )
    all_stored = sent <= stored <= sent + args.clients
    ok = all_stored and result["not_200"] == 0 and rate >= 500
    print("target ≥ 500 events/s, every event answered 200 and stored:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
