"""Browser journeys: a real Chromium (Debian's package) driven by Playwright
against the app served on a free loopback port with a fresh test database.

Without /usr/bin/chromium these tests skip, except when
PUPITRE_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
On failure, a screenshot and the page's HTML are kept under test-artifacts/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from .a11y import Auditor

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# that prepare data in these tests are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PUPITRE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("PUPITRE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"PUPITRE_REQUIRE_BROWSER=1 but {CHROMIUM} is not installed.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _service_data(transactional_db):
    """The calendars and SLA policies come from data migrations, which the
    transactional tests here flush: put them back before each journey."""
    from pupitre.hours.services import default_calendars_create
    from pupitre.tickets.models import SlaPolicy
    from pupitre.tickets.sla import DEFAULT_POLICIES

    default_calendars_create(years=range(2025, 2031), by=None)
    for priority, first_response, resolution in DEFAULT_POLICIES:
        SlaPolicy.objects.get_or_create(
            priority=priority,
            category="",
            defaults={"first_response_minutes": first_response, "resolution_minutes": resolution},
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "report_" + report.when, report)
    return report


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


# Every page reports what its Content-Security-Policy refused on the console,
# where Chromium also writes its own "Refused to ..." line.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.documentURI);
});
"""


@pytest.fixture
def csp_violations():
    """What the pages' Content-Security-Policy refused during a journey; any
    entry fails the journey at its end."""
    violations: list[str] = []
    yield violations
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


def _watch_csp(context, violations: list[str]) -> None:
    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            violations.append(text)

    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on("console", on_console)


@pytest.fixture
def new_page(browser, live_server, request, viewport, csp_violations):
    """Open pages in fresh browser contexts (one per person in a journey)."""
    contexts = []

    def open_page():
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], base_url=live_server.url, locale="en-GB"
        )
        context.set_default_timeout(10_000)
        _watch_csp(context, csp_violations)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for index, context in enumerate(contexts):
            for number, page in enumerate(context.pages):
                stem = ARTIFACTS / f"{name}-{index}-{number}"
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    for context in contexts:
        context.close()


@pytest.fixture
def audit(viewport):
    """Accessibility audit of the pages a journey visits; each journey
    asserts it at its end, so a problem fails the journey (with artefacts)."""
    return Auditor(viewport)
