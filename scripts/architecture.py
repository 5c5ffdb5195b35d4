"""The apps of Pupitre and the imports between them, read from the code.

    python scripts/architecture.py          rewrite the picture in docs/architecture.md
    python scripts/architecture.py --check  exit 1 if the picture is out of date

The same import graph (grimp) is what tests/test_architecture.py checks the
rules of the house against, so the picture and the rules cannot drift apart.
"""

import argparse
import sys
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- apps graph: begin (scripts/architecture.py) -->", "<!-- apps graph: end -->"

# The kinds of app, bottom to top. Dependencies run one way: fronts → domain
# → core. A new domain app goes into DOMAIN, a new front into FRONTS.
CORE = ("core",)
DOMAIN = (
    "accounts",
    "audit",
    "schools",
    "hours",
    "equipment",
    "tickets",
    "kb",
    "mail",
    "remote",
    "tools",
    "phone",
    "onsite",
)
FRONTS = ("web", "portal", "desk")
TOOLING = ("demo",)
# Modules of the project package itself (settings, root URLs, servers'
# entry points): they wire everything together and are no app.
WIRING = ("settings", "urls", "wsgi", "asgi")


@cache
def graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT / "src"))
    return grimp.build_graph("pupitre", exclude_type_checking_imports=True, cache_dir=None)


def app_of(module: str) -> str | None:
    """`pupitre.tickets.services` -> `tickets`; None for the wiring modules."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in WIRING:
        return None
    return parts[1]


def apps() -> list[str]:
    return sorted({app for m in graph().modules if (app := app_of(m)) and m != "pupitre"})


def app_imports() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(importing app, imported app) -> the module pairs behind that arrow."""
    g = graph()
    edges: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for module in sorted(g.modules):
        source = app_of(module)
        if source is None:
            continue
        for imported in sorted(g.find_modules_directly_imported_by(module)):
            target = app_of(imported)
            if target is not None and target != source:
                edges.setdefault((source, target), []).append((module, imported))
    return edges


def where(importer: str, imported: str) -> str:
    """'pupitre/x.py:12 `from … import …`' for a direct import."""
    details = graph().get_import_details(importer=importer, imported=imported)
    path = importer.replace(".", "/")
    if not details:
        return f"{path}.py imports {imported}"
    first = details[0]
    return f"{path}.py:{first['line_number']} `{first['line_contents']}`"


def mermaid() -> str:
    """The picture: fronts on top, core at the bottom, an arrow per app
    that imports another."""
    known = set(apps())
    lines = ["```mermaid", "flowchart TD"]
    for title, group in (
        ("fronts", FRONTS),
        ("tooling", TOOLING),
        ("domain", DOMAIN),
        ("core", CORE),
    ):
        present = [app for app in group if app in known]
        if present:
            lines.append(f"  subgraph {title}")
            lines.extend(f"    {app}" for app in present)
            lines.append("  end")
    unclassified = sorted(known - set(CORE + DOMAIN + FRONTS + TOOLING))
    lines.extend(f"  {app}" for app in unclassified)
    for source, target in sorted(app_imports()):
        lines.append(f"  {source} --> {target}")
    lines.append("```")
    return "\n".join(lines)


def with_picture(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{mermaid()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the picture is stale")
    args = parser.parse_args()
    text = DOCS.read_text()
    wanted = with_picture(text)
    if args.check:
        if wanted != text:
            print("docs/architecture.md: the apps graph is out of date;")
            print("run `python scripts/architecture.py`.")
            return 1
        return 0
    DOCS.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
