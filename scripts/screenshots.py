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


def shoot(base_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for language in ["de", "fr"]:
            for size, viewport in SIZES.items():
                for name, who, path in PAGES:
                    context = browser.new_context(viewport=viewport, base_url=base_url)
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": base_url}]
                    )
                    page = context.new_page()
                    if who:
                        page.goto("/accounts/login/")
                        page.fill("input[name=username]", f"{who}.{language}@demo.pupitre.be")
                        page.fill("input[name=password]", "demo")
                        page.click("main button[type=submit]")
                        page.wait_for_load_state()
                    if path == "first-ticket":
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
            shoot(f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
