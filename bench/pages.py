#!/usr/bin/env python
"""Measure Pupitre's busiest pages against a running server.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/pages.py \\
        --url http://127.0.0.1:8001

Scenarios: the desk queue's first page, a desk ticket page with a long
conversation, the portal's list, and the portal's "new request" POST (which
really creates tickets). For each: p50/p95 latency with one client making
sequential requests, then requests/s with four concurrent clients over a
fixed duration. The load generator is wrk (Debian package `wrk`) with
bench/wrk/request.lua, or a Python client when wrk is missing.

Separately, in-process (Django test client, same DATABASE_URL), it counts the
SQL queries of each page, for short and long conversations too.

Run bench/seed.py first; see bench/README.md for the server command.
"""

import argparse
import http.client
import json
import os
import pwd
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
# The same production-like settings as the server (see bench/README.md).
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-key-not-a-secret",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Static files collected apart from var/static, which other runs rewrite.
    "PUPITRE_VAR_DIR": str(ROOT / "var" / "bench"),
}
for _name, _value in BENCH_ENV.items():
    os.environ.setdefault(_name, _value)

import django  # noqa: E402

django.setup()

import django_otp  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from pupitre.accounts.models import User  # noqa: E402
from pupitre.accounts.second_factor import due_code, needs_second_factor  # noqa: E402
from pupitre.schools.models import Membership  # noqa: E402
from pupitre.tickets.models import Message, ServiceCategory, Ticket  # noqa: E402

AGENT_EMAIL = "bench.agent@bench.pupitre.be"
SCHOOL_EMAIL = "bench.school@bench.pupitre.be"
POSTER_EMAIL = "bench.poster@bench.pupitre.be"
# Added by bench/seed_onsite.py (the `today` scenario runs only when present).
TECHNICIAN_EMAIL = "bench.technician@bench.pupitre.be"
POST_SUBJECT = "Bench: le portable ne démarre plus"
PASSWORD = "bench"
LONG_SUBJECT = "[bench] long conversation"
WRK_SCRIPT = ROOT / "bench" / "wrk" / "request.lua"


@dataclass
class Scenario:
    name: str
    label: str
    user: str  # "agent", "school", "poster" or "technician"
    path: str
    method: str = "GET"
    expected: int = 200
    body: str = ""  # urlencoded template for POSTs; "{n}" is made unique per request
    target_rps: float | None = None
    target_p95_ms: float | None = None
    target_queries: int | None = None
    queries: dict[str, int] = field(default_factory=dict)  # label -> count
    results: dict[str, dict] = field(default_factory=dict)  # "1" / "4" -> run figures
    notes: list[str] = field(default_factory=list)

    def targets_text(self) -> str:
        parts = []
        if self.target_rps:
            parts.append(f"≥{self.target_rps:.0f} r/s")
        if self.target_p95_ms:
            parts.append(f"p95≤{self.target_p95_ms:.0f}ms")
        if self.target_queries:
            parts.append(f"≤{self.target_queries} q")
        return ", ".join(parts) or "—"

    def verdict(self) -> str:
        """`pass`, `FAIL: <what failed>`, or `—` for a scenario without targets."""
        checks = {}
        one, four = self.results.get("1"), self.results.get("4")
        if self.target_rps is not None and four:
            checks["r/s"] = four["rps"] >= self.target_rps
        if self.target_p95_ms is not None and one:
            checks["p95"] = one["p95_ms"] <= self.target_p95_ms
        if self.target_queries is not None and self.queries:
            checks["queries"] = max(self.queries.values()) <= self.target_queries
        if any(r["errors"] for r in self.results.values()):
            checks["errors"] = False
        if not checks:
            return "—"
        failed = [name for name, ok in checks.items() if not ok]
        return "FAIL: " + ", ".join(failed) if failed else "pass"


# Bench data ---------------------------------------------------------------------


def find_bench_data() -> dict:
    try:
        agent = User.objects.get(email=AGENT_EMAIL)
        school_user = User.objects.get(email=SCHOOL_EMAIL)
        poster = User.objects.get(email=POSTER_EMAIL)
    except User.DoesNotExist:
        sys.exit("Bench users not found: run bench/seed.py with the same DATABASE_URL first.")
    poster_school = Membership.objects.filter(user=poster).values_list("school_id", flat=True)[0]
    long_tickets = {}
    for ticket in Ticket.objects.filter(subject__startswith=LONG_SUBJECT):
        long_tickets[ticket.messages.count()] = ticket.number
    if not long_tickets:
        sys.exit("No long-conversation ticket: run bench/seed.py first.")
    short = Ticket.objects.exclude(subject__startswith=LONG_SUBJECT).order_by("id").first()
    sizes = sorted(long_tickets)
    return {
        "agent": agent,
        "school_user": school_user,
        "poster": poster,
        "poster_school": poster_school,
        "short": (short.messages.count(), short.number),
        "long": (sizes[0], long_tickets[sizes[0]]),
        "xlong": (sizes[-1], long_tickets[sizes[-1]]),
        "tickets": Ticket.objects.count(),
        "last_id": Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0,
        "technician": User.objects.filter(email=TECHNICIAN_EMAIL).first(),
    }


def build_scenarios(data: dict) -> dict[str, Scenario]:
    body = urlencode(
        {
            "school": data["poster_school"],
            "category": ServiceCategory.REMOTE_HARDWARE,
            "subject": POST_SUBJECT + " {n}",
            "description": "Depuis ce matin, rien ne se passe quand on appuie sur le bouton.",
        },
        safe="{}",
    )
    short_n, short = data["short"]
    long_n, long = data["long"]
    xlong_n, xlong = data["xlong"]
    scenarios = [
        Scenario(
            "queue",
            "desk queue, first page",
            "agent",
            "/desk/",
            target_rps=200,
            target_p95_ms=50,
        ),
        Scenario(
            "queue-text",
            "desk queue filtered by a word with a typo",
            "agent",
            "/desk/?q=projektor",
            target_rps=200,
            target_p95_ms=50,
        ),
        Scenario(
            "ticket",
            f"desk ticket, {long_n} entries",
            "agent",
            f"/desk/tickets/{long}/",
            target_rps=80,
            target_queries=15,
        ),
        Scenario(
            "portal-list",
            "portal list, first page",
            "school",
            "/portal/",
        ),
        Scenario(
            "portal-new",
            "portal new request POST",
            "poster",
            "/portal/new/",
            method="POST",
            expected=302,
            body=body,
            target_rps=150,
        ),
        # Extra rows, on request (--scenarios): how the ticket page scales.
        Scenario(
            "ticket-short",
            f"desk ticket, {short_n} entries",
            "agent",
            f"/desk/tickets/{short}/",
            target_queries=15,
        ),
        Scenario(
            "ticket-xl",
            f"desk ticket, {xlong_n} entries",
            "agent",
            f"/desk/tickets/{xlong}/",
            target_queries=15,
        ),
        Scenario(
            "portal-ticket",
            f"portal request page, {long_n} entries",
            "school",
            f"/portal/requests/{long}/",
        ),
        # Every desk page polls it twice a second (docs/phone.md): here
        # without the ETag, so that each poll reads the agent's calls.
        Scenario(
            "phone-panel",
            "desk incoming-call panel poll",
            "agent",
            "/desk/phone/live/",
            target_queries=4,
        ),
    ]
    if data.get("technician") is not None:
        scenarios.append(
            Scenario(
                "plan-form",
                "on-site planning form of a ticket",
                "agent",
                f"/desk/tickets/{short}/visits/new/",
                target_p95_ms=100,
                target_queries=20,
            )
        )
        scenarios.append(
            Scenario(
                "today",
                "technician's today (6 visits)",
                "technician",
                "/desk/today/",
                target_p95_ms=100,
                target_queries=15,
            )
        )
    return {s.name: s for s in scenarios}


# SQL query counts, in-process -----------------------------------------------------------


def count_queries(scenarios, data: dict, verbose: bool) -> None:
    """Each page through Django's test client, its queries captured. The
    second of two requests is counted: the first warms the caches (compiled
    templates, the school language kept in the session), as in a worker
    that has been serving for a while."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages
    ):
        clients = {"agent": Client(), "school": Client(), "poster": Client()}
        roles = [("agent", "agent"), ("school", "school_user"), ("poster", "poster")]
        if data.get("technician") is not None:
            clients["technician"] = Client()
            roles.append(("technician", "technician"))
        for name, user in roles:
            clients[name].force_login(data[user])
            if needs_second_factor(data[user]):
                verify_in_process(clients[name], data[user])
        pages = []  # (scenario, label, path)
        for scenario in scenarios.values():
            if scenario.name == "ticket":  # constant whatever the length?
                for key in ("short", "long", "xlong"):
                    size, number = data[key]
                    pages.append((scenario, f"{size} entries", f"/desk/tickets/{number}/"))
            else:
                pages.append((scenario, "", scenario.path))
        seen = set()
        for scenario, label, path in pages:
            if (scenario.name, path) in seen:
                continue
            seen.add((scenario.name, path))
            client = clients[scenario.user]
            if scenario.method == "POST":
                body = scenario.body.replace("{n}", "queries")
                content_type = "application/x-www-form-urlencoded"
                send = partial(client.post, path, body, content_type=content_type)
            else:
                send = partial(client.get, path)
            send()  # a warm session (a POST creates one more ticket)
            reset_queries()
            timings = []
            with (
                CaptureQueriesContext(connection) as captured,
                connection.execute_wrapper(partial(timed_query, timings)),
            ):
                started = time.perf_counter()
                response = send()
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != scenario.expected:
                scenario.notes.append(f"in-process {path}: status {response.status_code}")
            scenario.queries[label or "page"] = len(captured)
            sql_ms = sum(ms for ms, _ in timings)
            shown = f"desk ticket page, {label}" if label else scenario.label
            print(
                f"  {shown:<34} {len(captured):>3} queries,"
                f" {sql_ms:6.1f} ms in SQL, {elapsed:6.1f} ms in all (in-process)"
            )
            if verbose:
                for ms, sql in sorted(timings, reverse=True):
                    print(f"      {ms:7.2f} ms  {' '.join(sql.split())[:240]}")


def timed_query(timings, execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timings.append(((time.perf_counter() - started) * 1000, sql))


# HTTP ---------------------------------------------------------------------------


class Target:
    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "http":
            sys.exit("Only http:// URLs are supported (loopback benchmark).")
        self.url = url.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80

    def request(self, method, path, body=None, headers=None, timeout=60):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response, data
        finally:
            conn.close()


def cookies_from(response) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            jar[name] = morsel.value
    return jar


def authenticator(user) -> TOTPDevice:
    """The bench staff account's authenticator (added on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)


def verify_in_process(client, user) -> None:
    """The session of a test client passes the second factor (django-otp's
    own login, as the code page calls it)."""
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, authenticator(user))
    request.session.save()


def type_code(target: Target, email: str, jar: dict[str, str]) -> None:
    """Staff pass the second factor: the code their authenticator shows now."""
    device = authenticator(User.objects.get(email=email))
    while True:
        device.refresh_from_db()
        try:
            code = due_code(device)[0]
            break
        except ValueError:  # both codes of this half-minute already used
            time.sleep(1)
    body = urlencode({"csrfmiddlewaretoken": jar["csrftoken"], "code": code})
    response, _ = target.request(
        "POST",
        "/accounts/second-factor/check/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    jar.update(cookies_from(response))  # a new session key once verified
    if response.status != 302:
        sys.exit(f"The second factor of {email} was refused (status {response.status}).")


def sign_in(target: Target, email: str) -> dict[str, str]:
    """GET the login page for the CSRF cookie, POST the credentials (and the
    second factor for staff); return the cookies of the signed-in session."""
    response, _ = target.request("GET", "/accounts/login/")
    jar = cookies_from(response)
    if response.status != 200 or "csrftoken" not in jar:
        sys.exit(f"GET /accounts/login/ answered {response.status} without a CSRF cookie.")
    body = urlencode(
        {"csrfmiddlewaretoken": jar["csrftoken"], "username": email, "password": PASSWORD}
    )
    response, _ = target.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    jar.update(cookies_from(response))  # the CSRF token rotates at sign-in
    if response.status != 302 or "sessionid" not in jar:
        sys.exit(f"Sign-in as {email} failed (status {response.status}).")
    if needs_second_factor(User.objects.get(email=email)):
        type_code(target, email, jar)
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def scenario_request(scenario: Scenario, jar: dict[str, str]):
    headers = {"Cookie": cookie_header(jar)}
    body = None
    if scenario.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = scenario.body + "&csrfmiddlewaretoken=" + jar["csrftoken"]
    return headers, body


# CPU accounting ------------------------------------------------------------------
#
# The machine may be shared: while a run lasts, the CPU time of every process
# is split into the bench's own (gunicorn, the load generator, this script),
# the database server's (processes of the `postgres` user) and the rest. A
# run during which other work took a noticeable share of the CPU is flagged.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
try:
    POSTGRES_UID = pwd.getpwnam("postgres").pw_uid
except KeyError:
    POSTGRES_UID = None


def _busy_seconds() -> float:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def _processes() -> dict[int, tuple[str, float]]:
    """pid -> (class, CPU seconds so far) for the processes alive now."""
    found = {}
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
            uid = entry.stat().st_uid
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        pid = int(entry.name)
        if pid == me or b"gunicorn" in cmdline or b"pupitre.wsgi" in cmdline:
            kind = "bench"
        elif uid == POSTGRES_UID:
            kind = "database"
        else:
            kind = "other"
        found[pid] = (kind, seconds)
    return found


class CpuMeter:
    def __enter__(self):
        self.started = time.perf_counter()
        self.busy = _busy_seconds()
        self.processes = _processes()
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return self

    def __exit__(self, *exc):
        elapsed = time.perf_counter() - self.started
        busy = _busy_seconds() - self.busy
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        shares = {"bench": 0.0, "database": 0.0}
        # The load generator, once waited for, is in this process's children.
        shares["bench"] += (children.ru_utime - self.children.ru_utime) + (
            children.ru_stime - self.children.ru_stime
        )
        for pid, (kind, seconds) in _processes().items():
            if kind in shares:
                shares[kind] += seconds - self.processes.get(pid, (kind, 0.0))[1]
        self.cores = {
            "bench": shares["bench"] / elapsed,
            "database": shares["database"] / elapsed,
            # The rest, short-lived processes included.
            "other": max(0.0, busy - shares["bench"] - shares["database"]) / elapsed,
            "total": busy / elapsed,
        }
        return False


# Load generators --------------------------------------------------------------------


def run_wrk(target, scenario, jar, clients, duration) -> dict:
    body = ""
    if scenario.method == "POST":
        body = scenario.body + "&csrfmiddlewaretoken=" + jar["csrftoken"]
    command = [
        "wrk",
        "-t1",
        f"-c{clients}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(WRK_SCRIPT),
        target.url,
        "--",
        scenario.method,
        scenario.path,
        cookie_header(jar),
        str(scenario.expected),
        body,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
    return {
        "requests": raw["requests"],
        "seconds": seconds,
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["unexpected"] + socket_errors + raw["timeouts"],
        "error_detail": (raw["unexpected_statuses"].strip() + f" socket:{socket_errors}").strip(),
        "successes": raw["responses"] - raw["unexpected"],
    }


def run_python(target, scenario, jar, clients, duration) -> dict:
    """Threads with http.client; one connection per request (gunicorn's sync
    workers close it anyway). Client CPU competes with the server."""
    headers, body_template = scenario_request(scenario, jar)
    latencies: list[float] = []
    statuses: list[int] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    counter = iter(range(10**9))

    def worker():
        while time.perf_counter() < deadline:
            body = body_template.replace("{n}", str(next(counter))) if body_template else None
            started = time.perf_counter()
            try:
                response, _ = target.request(scenario.method, scenario.path, body, headers)
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses.append(response.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    unexpected = [s for s in statuses if s != scenario.expected]

    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies))) - 1)] * 1000

    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
        "errors": len(unexpected) + errors[0],
        "error_detail": " ".join(str(s) for s in unexpected[:10]) + f" socket:{errors[0]}",
        "successes": len(statuses) - len(unexpected),
    }


# Server ---------------------------------------------------------------------------


APP_CSS = "pupitre/pupitre.css"


def static_manifest_ok() -> bool:
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        return APP_CSS in json.loads(manifest.read_text())["paths"]
    except (OSError, ValueError, KeyError):
        return False


def collect_static() -> None:
    """`manage.py collectstatic`: with DEBUG off, the manifest storage fails
    every page whose stylesheet is missing from the manifest."""
    print(f"collectstatic into {settings.STATIC_ROOT}")
    call_command("collectstatic", interactive=False, verbosity=0)
    if not static_manifest_ok():
        sys.exit(f"{APP_CSS} is still missing from the manifest: check STATICFILES_DIRS.")


def start_server(target: Target, workers: int) -> subprocess.Popen:
    env = {**os.environ, **BENCH_ENV}
    python = sys.executable
    if not static_manifest_ok():
        collect_static()
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    command = [
        gunicorn,
        "pupitre.wsgi",
        "--pythonpath",
        str(ROOT / "src"),
        "-w",
        str(workers),
        "-b",
        f"{target.host}:{target.port}",
    ]
    print("Starting:", " ".join(command))
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(150):
        try:
            with socket.create_connection((target.host, target.port), timeout=1):
                break
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn exited at start.")
            time.sleep(0.2)
    return server


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


# Main ---------------------------------------------------------------------------


def measure(target, scenarios, jars, args) -> None:
    run = run_wrk if args.client == "wrk" else run_python
    for scenario in scenarios:
        jar = jars[scenario.user]
        print(f"- {scenario.label}: {scenario.method} {scenario.path}")
        # Warm-up: both workers, their connections and caches.
        run(target, scenario, jar, args.clients, args.warmup)
        for key, clients, duration in (
            ("1", 1, args.latency_duration),
            ("4", args.clients, args.duration),
        ):
            kept = None
            for attempt in range(1 + args.retries):
                wait_for_quiet(args)
                result = measured_run(run, target, scenario, jar, clients, duration)
                cpu = result["cpu"]
                print(
                    f"    {clients} client(s): {result['requests']} requests in "
                    f"{result['seconds']:.1f} s, {result['rps']:.1f} r/s, "
                    f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                    f"p99 {result['p99_ms']:.1f} ms, errors {result['errors']}"
                    + (f" ({result['error_detail']})" if result["errors"] else "")
                    + f"; CPU cores: bench {cpu['bench']:.2f}, "
                    f"database {cpu['database']:.2f}, other {cpu['other']:.2f}; "
                    f"{result['cpu_ms_per_request']:.1f} CPU ms/request"
                    + (f"; {result['check']}" if "check" in result else "")
                )
                if result["errors"] and "MISMATCH" in result.get("check", ""):
                    scenario.notes.append(f"{clients} client(s): {result['check']}")
                if kept is None or cpu["other"] < kept["cpu"]["other"]:
                    kept = result
                if cpu["other"] <= args.max_other_cpu:
                    break
                if attempt < args.retries:
                    print("      other processes were busy: running again")
            if kept["cpu"]["other"] > args.max_other_cpu:
                scenario.notes.append(
                    f"{clients} client(s): other processes used {kept['cpu']['other']:.2f} "
                    "cores during the run: figures disturbed"
                )
            if "check" in kept:
                scenario.notes.append(f"{clients} client(s): {kept['check']}")
            scenario.results[key] = kept


def measured_run(run, target, scenario, jar, clients, duration) -> dict:
    """One run with its CPU shares; for the POST, check that every 302 is a
    new ticket. The load generator stops with up to one request per client
    in flight: the server still creates those tickets, their answers are
    not counted."""
    posting = scenario.method == "POST"
    before = settled_ticket_count() if posting else 0
    with CpuMeter() as cpu:
        result = run(target, scenario, jar, clients, duration)
    result["cpu"] = cpu.cores
    # CPU time per answered request (this machine's, database server included):
    # the figure that decides throughput once every core is busy.
    busy = (cpu.cores["bench"] + cpu.cores["database"]) * result["seconds"]
    result["cpu_ms_per_request"] = busy * 1000 / result["requests"] if result["requests"] else 0
    if posting:
        created = settled_ticket_count() - before
        result["check"] = f"{created:,} tickets created, {result['successes']:,} 302s"
        if not result["successes"] <= created <= result["successes"] + clients:
            result["check"] += " MISMATCH"
            result["errors"] += abs(created - result["successes"])
    return result


def wait_for_quiet(args, window: float = 2.0) -> None:
    """Wait (at most --quiet-wait seconds) until other processes leave the CPU."""
    deadline = time.perf_counter() + args.quiet_wait
    while True:
        with CpuMeter() as cpu:
            time.sleep(window)
        if cpu.cores["other"] <= args.max_other_cpu or time.perf_counter() > deadline:
            return
        print(f"      waiting: other processes use {cpu.cores['other']:.2f} cores")


def settled_ticket_count() -> int:
    time.sleep(1)  # let the requests in flight when the load generator stopped finish
    count = Ticket.objects.count()
    connection.close()
    return count


def print_table(scenarios, args) -> None:
    header = (
        f"{'scenario':<34} {'p50 ms':>7} {'p95 ms':>7} {'r/s 1c':>7} "
        f"{'r/s ' + str(args.clients) + 'c':>7} {'CPU ms':>6} {'errors':>6} {'queries':>12} "
        f"{'other':>5}  "
        f"{'target':<26} result"
    )
    print()
    print(header)
    print("-" * len(header))
    for s in scenarios:
        one, four = s.results.get("1"), s.results.get("4")
        queries = "/".join(str(v) for v in s.queries.values()) or "—"
        errors = sum(r["errors"] for r in s.results.values()) if s.results else 0
        others = [r["cpu"]["other"] for r in s.results.values() if "cpu" in r]
        other = f"{max(others):.2f}" if others else "—"
        print(
            f"{s.label:<34} "
            f"{one['p50_ms'] if one else 0:>7.1f} {one['p95_ms'] if one else 0:>7.1f} "
            f"{one['rps'] if one else 0:>7.1f} {four['rps'] if four else 0:>7.1f} "
            f"{four['cpu_ms_per_request'] if four else 0:>6.1f} "
            f"{errors:>6} {queries:>12} {other:>5}  {s.targets_text():<26} {s.verdict()}"
        )
    print(
        "p50/p95: latency with 1 client (sequential requests); r/s: requests per second with "
        f"1 and {args.clients} clients;\nCPU ms: CPU time per request in the {args.clients}-"
        "client run (server, load generator, database); queries: SQL queries per page;\n"
        "other: CPU cores used by other processes during the runs (figures are disturbed "
        f"above {args.max_other_cpu})."
    )
    for s in scenarios:
        if len(s.queries) > 1:
            detail = ", ".join(f"{k}: {v}" for k, v in s.queries.items())
            print(f"  queries of {s.label}: {detail}")
        for note in s.notes:
            print(f"  {s.label}: {note}")


def delete_posted(data) -> None:
    """Delete the tickets this run's POSTs created, so that every run starts
    from the same data (their queued notification tasks stay)."""
    posted = Ticket.objects.filter(
        id__gt=data["last_id"], requester=data["poster"], subject__startswith=POST_SUBJECT
    )
    count = posted.count()
    if count:
        posted.delete()
        print(f"Deleted the {count:,} tickets created by this run's POSTs.")
        if connection.vendor == "postgresql":
            # Their dead rows stay in the queue's index until a vacuum: on a
            # server without autovacuum, every later run would read them.
            with connection.cursor() as cursor:
                for model in (Message, Ticket):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def run_load(args, scenarios) -> None:
    target = Target(args.url)
    server = start_server(target, args.workers) if args.start else None
    try:
        users = {
            "agent": AGENT_EMAIL,
            "school": SCHOOL_EMAIL,
            "poster": POSTER_EMAIL,
            "technician": TECHNICIAN_EMAIL,
        }
        jars = {
            user: sign_in(target, email)
            for user, email in users.items()
            if any(s.user == user for s in scenarios)
        }
        for scenario in scenarios:
            headers, body = scenario_request(scenario, jars[scenario.user])
            response, _ = target.request(
                scenario.method,
                scenario.path,
                body.replace("{n}", "check") if body else None,
                headers,
            )
            if response.status != scenario.expected:
                sys.exit(
                    f"{scenario.method} {scenario.path} answered {response.status}, "
                    f"expected {scenario.expected}: check the server and its DATABASE_URL."
                )
        connection.close()  # no idle transaction or lock held during the load
        measure(target, scenarios, jars, args)
    finally:
        if server is not None:
            stop_server(server)


def code_revision() -> str:
    """The commit measured, "+changes" when src/ differs from it (BENCH_REVISION
    names it for a copy outside git, e.g. from `git archive`)."""
    if os.environ.get("BENCH_REVISION"):
        return os.environ["BENCH_REVISION"]

    def git(*command):
        return subprocess.run(
            ["git", *command], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+changes" if git("status", "--porcelain", "--", "src") else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8001", help="running server")
    parser.add_argument(
        "--start",
        action="store_true",
        help="start gunicorn (2 workers, DEBUG off) on --url for the run, then stop it",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers with --start")
    parser.add_argument(
        "--scenarios",
        default="queue,ticket,portal-list,portal-new",
        help="comma-separated; also: queue-text, ticket-short, ticket-xl, portal-ticket, "
        "today, plan-form (after bench/seed_onsite.py)",
    )
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (req/s)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of the req/s run")
    parser.add_argument(
        "--latency-duration",
        type=int,
        default=10,
        help="seconds of the 1-client run (sequential requests: p50/p95)",
    )
    parser.add_argument(
        "--max-other-cpu",
        type=float,
        default=0.15,
        help="flag a run during which other processes used more CPU cores than this",
    )
    parser.add_argument(
        "--retries", type=int, default=2, help="runs again a run disturbed by other processes"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60,
        help="seconds to wait at most for other processes to leave the CPU before a run",
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per scenario")
    parser.add_argument(
        "--collectstatic",
        action="store_true",
        help="collect the static files for a DEBUG-off server (see README) and exit",
    )
    parser.add_argument(
        "--keep-posted",
        action="store_true",
        help="keep the tickets created by the POSTs (deleted at the end by default)",
    )
    parser.add_argument("--no-queries", action="store_true", help="skip the SQL query counts")
    parser.add_argument("--queries-only", action="store_true", help="only the SQL query counts")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.collectstatic:
        collect_static()
        return 0
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"

    data = find_bench_data()
    all_scenarios = build_scenarios(data)
    names = [n.strip() for n in args.scenarios.split(",") if n.strip()]
    unknown = [n for n in names if n not in all_scenarios]
    if unknown:
        sys.exit(f"Unknown scenario(s): {', '.join(unknown)}; known: {', '.join(all_scenarios)}")
    scenarios = [all_scenarios[n] for n in names]
    revision = code_revision()
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{data['tickets']:,} tickets; load generator: {args.client}; "
        f"{os.cpu_count()} CPUs; code {revision}; {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )

    try:
        if not args.no_queries:
            print("SQL queries per page (Django test client, in-process):")
            count_queries({s.name: s for s in scenarios}, data, args.verbose)
        if not args.queries_only:
            run_load(args, scenarios)
    finally:
        if not args.keep_posted:
            delete_posted(data)

    print_table(scenarios, args)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                    "code": revision,
                    "database": connection.vendor,
                    "tickets": data["tickets"],
                    "client": args.client,
                    "scenarios": [
                        {
                            "name": s.name,
                            "label": s.label,
                            "queries": s.queries,
                            "results": s.results,
                            "target": s.targets_text(),
                            "verdict": s.verdict(),
                            "notes": s.notes,
                        }
                        for s in scenarios
                    ],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
