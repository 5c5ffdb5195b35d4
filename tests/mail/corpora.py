"""Reading the shared mail corpora at test time (never copied into the repository).

`corpus(name)` gives the folder, or skips the test with a clear message when
the corpora are not there, except with PUPITRE_REQUIRE_CORPORA=1 (CI), where a
missing corpus fails the run.
"""

import os
from pathlib import Path

import pytest

# The same folder as tests/conftest.py's SHARED_DIR (the `shared` folder
# beside the repository), computed here so that bench/ can use this module.
SHARED_DIR = Path(__file__).resolve().parent.parent.parent.parent / "shared"


def corpus_path(name: str) -> Path:
    return SHARED_DIR / "corpora" / name


def corpus(name: str) -> Path:
    path = corpus_path(name)
    if path.is_dir():
        return path
    message = (
        f"mail corpus {name!r} not found in {path.parent} (the shared folder beside the repository)"
    )
    if os.environ.get("PUPITRE_REQUIRE_CORPORA") == "1":
        pytest.fail("PUPITRE_REQUIRE_CORPORA=1 but the " + message)
    pytest.skip(message)


def report_lines(request: pytest.FixtureRequest, title: str, lines: list[str]) -> None:
    """Write figures to the terminal, whether or not output is captured."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print("\n".join([title, *lines]))
        return
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.section(title, sep="-", bold=True)
        for line in lines:
            reporter.write_line(line)
