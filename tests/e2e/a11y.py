"""axe-core and a few structural checks, run on every page a journey visits."""

import functools
from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

STRUCTURE_SCRIPT = """() => ({
  lang: document.documentElement.lang,
  h1: document.querySelectorAll('h1').length,
  main: document.querySelectorAll('main').length,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  statement: document.querySelectorAll('footer a[href="/accessibility/"]').length,
})"""


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


class Auditor:
    def __init__(self, viewport: str):
        self.viewport = viewport
        self.problems: list[str] = []
        self.pages: list[str] = []

    def check(self, page, language: str) -> None:
        """Audit the page as it is now, in `language`."""
        url = page.url
        self.pages.append(url)
        # Evaluated by the browser's debugging protocol, which the page's
        # Content-Security-Policy does not govern (a <script> tag it would).
        page.evaluate(_axe_source())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        for violation in result["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            self.problems.append(f"{url}: axe {violation['id']} ({violation['help']}) at {targets}")
        facts = page.evaluate(STRUCTURE_SCRIPT)
        if facts["lang"] != language:
            self.problems.append(f"{url}: <html lang> is {facts['lang']!r}, not {language!r}")
        if facts["h1"] != 1:
            self.problems.append(f"{url}: {facts['h1']} h1 elements instead of one")
        if facts["main"] != 1:
            self.problems.append(f"{url}: {facts['main']} main landmarks")
        if facts["statement"] != 1:
            self.problems.append(f"{url}: the footer does not link the accessibility statement")
        if facts["overflow"] > 0:
            self.problems.append(
                f"{url}: {facts['overflow']} px wider than the {self.viewport} screen"
            )

    def assert_clean(self) -> None:
        assert self.pages, "no page was audited"
        assert self.problems == [], "\n".join(self.problems)
