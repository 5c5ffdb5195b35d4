"""Screenshots of the main pages, at desktop and phone size, in German and
French, into docs/screenshots/. Run with `make screenshots`.

Starts the app on a free loopback port with a fresh SQLite database holding
the demo data, and drives Debian's Chromium with Playwright.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("PUPITRE_CHROMIUM", "/usr/bin/chromium")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# (file name, demo login or None, path or "first-ticket")
PAGES = [
    ("home", None, "/"),
    ("portal-requests", "ict", "/portal/"),
    ("portal-new-request", "ict", "/portal/new/"),
    ("portal-request", "ict", "first-ticket"),
    ("desk-queue", "agent", "/desk/"),
    ("desk-ticket", "agent", "first-ticket"),
    ("desk-phone-call", "agent", "/desk/phone/?school_q=a"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(env: dict, port: int) -> subprocess.Popen:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the app did not start")


def sign_in(page, email: str, env: dict) -> None:
    """Password, then for staff the code of the demo authenticator key."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if page.locator("input[name=code]").count():
        code = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "second_factor_code", email],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        page.fill("input[name=code]", code)
        page.click("main button[type=submit]")
        page.wait_for_load_state()


def shoot(base_url: str, env: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        sessions = {}  # (who, language) -> storage state: one sign-in each
        for language in ["de", "fr"]:
            for size, viewport in SIZES.items():
                for name, who, path in PAGES:
                    context = browser.new_context(
                        viewport=viewport,
                        base_url=base_url,
                        storage_state=sessions.get((who, language)),
                    )
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": base_url}]
                    )
                    page = context.new_page()
                    if who and (who, language) not in sessions:
                        sign_in(page, f"{who}.{language}@demo.pupitre.be", env)
                        sessions[(who, language)] = context.storage_state()
                    if path == "first-ticket":
                        page.goto("/")  # the person's list of requests
                        page.locator("main td.number a, main a.request-link").first.click()
                    else:
                        page.goto(path)
                    page.wait_for_load_state()
                    target = OUT / f"{name}-{language}-{size}.png"
                    page.screenshot(path=str(target), full_page=size == "desktop")
                    context.close()
                    print(target.relative_to(ROOT))
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "DEBUG": "1",
            "PUPITRE_VAR_DIR": var,
            "DATABASE_URL": f"sqlite:///{var}/screens.sqlite3",
        }
        port = free_port()
        server = start_app(env, port)
        try:
            shoot(f"http://127.0.0.1:{port}", env)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
