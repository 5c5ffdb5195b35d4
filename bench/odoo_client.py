#!/usr/bin/env python
"""The Odoo client against the stand-in over the loopback: how long one
account look-up and one action take, and how many XML-RPC calls each makes.

    .venv/bin/python bench/odoo_client.py [--rounds 300] [--accounts 2000]

Starts the demonstration Odoo (src/pupitre/demo/odoo_standin.py) with the
demo accounts plus --accounts synthetic ones, then, each round, with a new
client (as a web request does: sign-in included) looks an account up by
email (archived included) and, separately, reactivates one (already active
after the first round: the no-op path) and asks for a reset email. Prints
p50/p95/max in milliseconds and the calls per operation. No database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")

import django  # noqa: E402

django.setup()

from pupitre.demo.odoo_standin import (  # noqa: E402
    DEMO_API_KEY,
    DEMO_LOGIN,
    OdooStandin,
    seed_demo,
)
from pupitre.tools.models import OdooConnection  # noqa: E402
from pupitre.tools.odoo import OdooClient  # noqa: E402


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
        f"max {ordered[-1] * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--accounts", type=int, default=2000)
    options = parser.parse_args()

    standin = seed_demo(OdooStandin())
    for number in range(options.accounts):
        standin.add_user(
            f"user{number}@school{number % 400}.example.be",
            f"User {number}",
            email=f"user{number}@school{number % 400}.example.be",
            active=number % 7 != 0,
            groups_id=[1, 5],
        )
    standin.start()
    connection = OdooConnection(
        url=standin.url, database=standin.database, login=DEMO_LOGIN, timeout=10
    )
    target = "m.lambert@ecole-athenee-namur.be"
    lookups, actions, calls = [], [], {}
    try:
        for _ in range(options.rounds):
            client = OdooClient(connection, api_key=DEMO_API_KEY)
            started = time.perf_counter()
            [account] = client.find_accounts(target.upper())
            lookups.append(time.perf_counter() - started)
            calls["look-up (new client: version, sign-in, users, companies, groups)"] = client.calls

            client = OdooClient(connection, api_key=DEMO_API_KEY)
            started = time.perf_counter()
            client.reactivate(account.id)
            client.send_password_reset(account.id)
            actions.append(time.perf_counter() - started)
            calls["reactivate + reset email (new client)"] = client.calls
    finally:
        standin.stop()

    print(f"stand-in with {len(standin.users)} accounts, {options.rounds} rounds")
    print(f"look-up by email          {percentiles(lookups)}")
    print(f"reactivate + reset email  {percentiles(actions)}")
    for name, count in calls.items():
        print(f"XML-RPC calls, {name}: {count}")


if __name__ == "__main__":
    main()
