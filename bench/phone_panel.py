#!/usr/bin/env python
"""The incoming-call panel's delay: from a PBX's newCall to the agents' browsers.

    export DATABASE_URL=sqlite:////tmp/bench-phone.sqlite3
    DEBUG=1 .venv/bin/python manage.py migrate
    .venv/bin/python bench/phone_panel.py --start --agents 20 --calls 20

`--agents` agents of the line's team sign in (password and second factor)
and poll `/desk/phone/live/` as `static/pupitre/phone-panel.js` does: one
request, then the poll interval (500 ms), then the next, with the ETag of the
last answer. Meanwhile the script sends `--calls` inbound calls one after
the other: a newCall to the line's webhook over HTTP (`/phone/cti/<token>/`,
the generic CTI contract) when the phone app has it, else the call row is
written in-process as the webhook would. For every call and agent it records
the time from just before the newCall to the end of the first poll whose
answer shows that call; then the call is hung up and the next one follows
after a pause. It prints p50/p95/max of that delay (the target is p95 ≤ 1 s
with 20 agents), the polls' own latency, and the share of 304 answers.

The server is gunicorn with sync workers (`--start`, `--workers 2` by
default), as bench/pages.py starts it; see bench/README.md.
"""

import argparse
import json
import re
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (settings, sign-in and the server, shared with the page bench)

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.phone.models import Call, CallState, PhoneLine  # noqa: E402
from pupitre.phone.services import line_create, line_token_renew  # noqa: E402
from pupitre.schools.models import Membership, PhoneNumber, School  # noqa: E402
from pupitre.tickets.models import Team  # noqa: E402

PANEL = "/desk/phone/live/"
AGENT_EMAIL = "bench.phone.agent{n}@bench.pupitre.be"
CALLER_NUMBER = "+3281990000"
CALL_PATTERN = re.compile(rb'data-call="(\d+)"')


def bench_data(agents: int) -> tuple[PhoneLine, School, list[str]]:
    """The line, its team of `agents` agents, a school with a known number."""
    team, _ = Team.objects.get_or_create(
        name="Bench phone team",
        defaults={"name_de": "Bench Telefon", "name_fr": "Bench téléphone", "name_en": "Bench"},
    )
    emails = []
    for n in range(agents):
        email = AGENT_EMAIL.format(n=n)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=pages.PASSWORD,
                full_name=f"Bench agent {n}",
                role=Role.AGENT,
                language="fr",
            )
        team.members.add(user)
        emails.append(email)
    school, _ = School.objects.get_or_create(
        official_number="BENCH-PHONE",
        defaults={"name": "École du bench téléphone", "language": "fr", "school_type": "secondary"},
    )
    PhoneNumber.objects.get_or_create(school=school, number=CALLER_NUMBER)
    caller = User.objects.filter(email="bench.phone.caller@bench.pupitre.be").first()
    if caller is None:
        caller = User.objects.create_user(
            email="bench.phone.caller@bench.pupitre.be",
            password=None,
            full_name="Appelant du bench",
            phone=CALLER_NUMBER,
        )
        Membership.objects.create(user=caller, school=school)
    line = PhoneLine.objects.filter(name="Bench line").first()
    if line is None:
        line, token = line_create(
            name="Bench line", number="+3281990001", language="fr", team=team, by=None
        )
    else:
        token = line_token_renew(line=line, by=None)  # only its hash is stored
    line.token = token
    # Calls of earlier runs must not ring any more.
    Call.objects.filter(line=line).exclude(state=CallState.ENDED).update(state=CallState.ENDED)
    return line, school, emails


class Poller(threading.Thread):
    """One agent's browser tab."""

    def __init__(self, target, jar, interval: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.target, self.jar, self.interval, self.stop = target, jar, interval, stop
        self.seen: dict[int, float] = {}  # call id -> when first shown
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0

    def run(self):
        etag = None
        headers = {"Cookie": pages.cookie_header(self.jar)}
        while not self.stop.is_set():
            if etag:
                headers["If-None-Match"] = etag
            started = time.perf_counter()
            try:
                response, body = self.target.request("GET", PANEL, headers=headers, timeout=10)
            except OSError:
                self.errors += 1
                time.sleep(self.interval)
                continue
            done = time.perf_counter()
            self.latencies.append(done - started)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.status == 200:
                etag = response.getheader("ETag")
                for call_id in CALL_PATTERN.findall(body):
                    self.seen.setdefault(int(call_id), done)
            elif response.status != 304:
                self.errors += 1
            time.sleep(self.interval)


def send_event(target, token: str, params: dict) -> None:
    """One event of the generic CTI contract, as a PBX posts it."""
    body = json.dumps(params)
    response, data = target.request(
        "POST",
        f"/phone/cti/{token}/",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    if response.status != 200:
        sys.exit(f"The webhook answered {response.status}: {data[:200]!r}")


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8011")
    parser.add_argument("--start", action="store_true", help="start gunicorn for the run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.5, help="poll interval, seconds")
    args = parser.parse_args(argv)

    target = pages.Target(args.url)
    line, school, emails = bench_data(args.agents)
    server = pages.start_server(target, args.workers) if args.start else None
    stop = threading.Event()
    try:
        jars = [pages.sign_in(target, email) for email in emails]
        pollers = [Poller(target, jar, args.interval, stop) for jar in jars]
        for poller in pollers:
            poller.start()
            time.sleep(args.interval / len(pollers))  # tabs opened at different times
        time.sleep(2)
        delays, missed = [], 0
        for _ in range(args.calls):
            event = {
                "event": "newCall",
                "direction": "in",
                "from": CALLER_NUMBER,
                "to": line.number,
                "callId": secrets.token_hex(8),
            }
            started = time.perf_counter()
            send_event(target, line.token, event)
            call = Call.objects.get(line=line, call_id=event["callId"])
            deadline = started + 5
            while time.perf_counter() < deadline and not all(call.pk in p.seen for p in pollers):
                time.sleep(0.01)
            for poller in pollers:
                if call.pk in poller.seen:
                    delays.append(poller.seen[call.pk] - started)
                else:
                    missed += 1
            send_event(target, line.token, {**event, "event": "hangup", "cause": "cancel"})
            time.sleep(1 + secrets.randbelow(500) / 1000)
        stop.set()
        for poller in pollers:
            poller.join(timeout=15)
    finally:
        stop.set()
        if server is not None:
            pages.stop_server(server)

    latencies = [x for p in pollers for x in p.latencies]
    statuses: dict[int, int] = {}
    for poller in pollers:
        for status, count in poller.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    polls = sum(statuses.values())
    engine = pages.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    ms = [1000 * statistics.median(delays), 1000 * percentile(delays, 95), 1000 * max(delays)]
    poll_ms = [1000 * statistics.median(latencies), 1000 * percentile(latencies, 95)]
    share_304 = 100 * statuses.get(304, 0) / max(polls, 1)
    errors = sum(p.errors for p in pollers)
    print(
        f"agents {args.agents}, calls {args.calls}, poll every {args.interval * 1000:.0f} ms, ",
        end="",
    )
    print(f"gunicorn sync workers {args.workers}, {engine}")
    print(
        f"newCall -> panel: p50 {ms[0]:.0f} ms, p95 {ms[1]:.0f} ms, max {ms[2]:.0f} ms "
        f"({len(delays)} shown, {missed} not within 5 s)"
    )
    print(
        f"polls: {polls}, {share_304:.0f}% answered 304, latency p50 {poll_ms[0]:.1f} ms, "
        f"p95 {poll_ms[1]:.1f} ms, errors {errors}"
    )
    return 0 if not missed and percentile(delays, 95) <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
