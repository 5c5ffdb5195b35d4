"""The rules of the house, read from the code (docs/architecture.md).

Each test names the rule it checks and, when it fails, where: the module,
the line and the import or call at fault. The import graph is the one that
draws the picture in docs/architecture.md (scripts/architecture.py).
"""

import ast
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp", reason="grimp is a development dependency (make install)")

from scripts import architecture as arch  # noqa: E402

SRC = arch.ROOT / "src"
# Parts of a domain app that are screens or entry points, not domain code:
# they may use the front helpers, and no domain module may import them.
FRONT_PARTS = ("views", "urls", "forms", "admin", "templatetags", "management")


def is_front(module: str) -> bool:
    app = arch.app_of(module)
    if app in arch.FRONTS or module in ("pupitre.urls",):
        return True
    return any(part in FRONT_PARTS for part in module.split(".")[2:])


def is_domain_code(module: str) -> bool:
    return arch.app_of(module) in arch.DOMAIN + arch.CORE and not is_front(module)


def test_every_app_has_a_kind():
    """A new app is placed in scripts/architecture.py: core, domain, front or tooling."""
    kinds = set(arch.CORE + arch.DOMAIN + arch.FRONTS + arch.TOOLING)
    unplaced = [app for app in arch.apps() if app not in kinds]
    assert unplaced == [], f"apps of no kind (add them to scripts/architecture.py): {unplaced}"


def test_domain_code_never_imports_a_front():
    """Fronts (portal, desk, web, and the views, URLs, forms and admin of an
    app) call the domain; the domain never imports them."""
    g = arch.graph()
    broken = [
        arch.where(module, imported)
        for module in sorted(g.modules)
        if is_domain_code(module)
        for imported in sorted(g.find_modules_directly_imported_by(module))
        if is_front(imported)
    ]
    assert broken == [], "domain code imports a front:\n" + "\n".join(broken)


def test_core_imports_no_app():
    """core is the bottom layer: any app may use it, it uses none."""
    broken = [
        arch.where(module, imported)
        for (source, target), pairs in arch.app_imports().items()
        if source in arch.CORE
        for module, imported in pairs
    ]
    assert broken == [], "core imports an app:\n" + "\n".join(broken)


def test_no_cycle_between_apps():
    """Dependencies between apps run one way: no app imports, directly or
    through others, an app that imports it."""
    edges = arch.app_imports()
    cycles = [component for component in _strongly_connected(edges) if len(component) > 1]
    lines = []
    for component in cycles:
        lines.append("cycle between " + ", ".join(sorted(component)) + ":")
        for (source, target), pairs in sorted(edges.items()):
            if source in component and target in component:
                lines.extend(f"  {source} -> {target}: {arch.where(*pair)}" for pair in pairs[:3])
    assert cycles == [], "\n".join(lines)


PURE_MODULES = ("pupitre.hours.engine", "pupitre.equipment.coverage", "pupitre.onsite.planning")
DATABASE_CODE = ("django.db", "django.contrib.auth.models", "django.contrib.contenttypes")


def test_pure_modules_import_no_database_code():
    """The business-hours engine and the coverage rules are functions of
    plain values: neither they nor what they import touch the database."""
    g = arch.graph()
    broken = []
    for pure in PURE_MODULES:
        for module in sorted({pure} | g.find_upstream_modules(pure)):
            for name, line in _imports_of(module):
                last = name.split(".")[-1]
                if name.startswith(DATABASE_CODE) or (
                    name.startswith("pupitre.") and last in ("models", "queries", "services")
                ):
                    broken.append(f"{module.replace('.', '/')}.py:{line} imports {name}")
    assert broken == [], "a pure module reaches database code:\n" + "\n".join(broken)


def test_every_import_of_the_project_resolves():
    """The import graph leaves out imports of modules that do not exist, so
    a module moved without its importers (a lazy import inside a function,
    say) is caught here."""
    g = arch.graph()
    known = set(g.modules)
    broken = []
    for module in sorted(known):
        for name, line in _imports_of(module):
            if not name.startswith("pupitre."):
                continue
            # `from pupitre.x import name`: either a module or a name in one.
            if name not in known and name.rsplit(".", 1)[0] not in known:
                broken.append(f"{module.replace('.', '/')}.py:{line} imports {name}")
    assert broken == [], "imports of modules that do not exist:\n" + "\n".join(broken)


# --- ORM writes ---------------------------------------------------------------

WRITE_METHODS = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
QUERYSET_METHODS = {
    "objects",
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "using",
}
# Files outside services.py that may write, and why.
WRITERS = {
    "pupitre/accounts/models.py": "the user manager's create_user, Django's own contract",
    "pupitre/kb/search.py": "the search index, rebuilt by the knowledge base's services "
    "inside their transaction",
    "pupitre/web/account_forms.py": "Django's password-reset form: its save() sends the "
    "link and writes nothing",
    "pupitre/onsite/photos.py": "Pillow's Image.save() encodes a picture in memory, no row",
}


def _is_allowed_writer(path: str) -> bool:
    parts = path.split("/")
    return (
        parts[-1] == "services.py"
        or "migrations" in parts
        or parts[1] == "demo"
        or path == "pupitre/kb/demo_articles.py"
        or path in WRITERS
    )


def _chain(node: ast.AST) -> list[str]:
    """Names along `a.b().c.d` (outermost last), for the receiver of a call."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def orm_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) of every call that writes through the ORM: `.save()`
    (not a form's `save(commit=False)`), a queryset's or manager's create,
    update, delete or bulk write, and `instance.delete()`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITE_METHODS:
            continue
        receiver = _chain(node.func.value)
        keywords = {k.arg: k.value for k in node.keywords}
        commit = keywords.get("commit")
        if method == "save":
            if isinstance(commit, ast.Constant) and commit.value is False:
                continue
            write = True
        elif method == "delete" and not node.args and not node.keywords:
            write = True
        else:
            write = bool(QUERYSET_METHODS & set(receiver)) or method.startswith("bulk_")
        if write:
            found.append((node.lineno, ".".join([*receiver, method]) + "()"))
    return found


def test_orm_writes_live_in_services():
    """Every write goes through a service (`services.py`), so that screens,
    mail, phone and API behave alike; migrations, demo data and tests aside."""
    broken = []
    for path in sorted((SRC / "pupitre").rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if _is_allowed_writer(relative):
            continue
        for line, call in orm_writes(path.read_text()):
            broken.append(f"{relative}:{line} {call}")
    assert broken == [], "ORM writes outside services.py:\n" + "\n".join(broken)


def front_reads(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every `Model.objects…` a screen reads itself;
    `Model.objects.none()`, a form's empty placeholder, reads nothing."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, ".".join(_chain(node))))
    none_lines = {
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "none"
        and _chain(node.func.value)[-1:] == ["objects"]
    }
    return [(line, expr) for line, expr in found if line not in none_lines]


def test_screens_read_through_queries():
    """A screen reads what it shows through a domain app's `queries.py`,
    where who may see what is decided; it never queries a model itself."""
    broken = []
    for front in arch.FRONTS:
        for path in sorted((SRC / "pupitre" / front).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(SRC).as_posix()
            reads = front_reads(path.read_text())
            broken.extend(f"{relative}:{line} {expr}" for line, expr in reads)
    assert broken == [], "screens that query models themselves:\n" + "\n".join(broken)


def test_the_write_detector_sees_writes_and_ignores_the_rest():
    source = (
        "Ticket.objects.create(subject='x')\n"
        "Ticket.objects.filter(pk=1).update(status='open')\n"
        "ticket.save(update_fields=['status'])\n"
        "ticket.delete()\n"
        "Message.objects.bulk_create(rows)\n"
        "form.save(commit=False)\n"
        "headers.update(extra)\n"
        "cache.delete('key')\n"
        "seen.setdefault(key, set()).update(values)\n"
    )
    assert [line for line, _call in orm_writes(source)] == [1, 2, 3, 4, 5]


def test_the_picture_in_the_docs_is_the_code():
    """docs/architecture.md shows the imports as they are; after adding an
    app or an import between apps, run `python scripts/architecture.py`."""
    text = arch.DOCS.read_text()
    assert arch.with_picture(text) == text, "run `python scripts/architecture.py`"


# --- helpers ------------------------------------------------------------------


def _imports_of(module: str) -> list[tuple[str, int]]:
    """Absolute names a module imports, with their lines."""
    path = SRC / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            names.append((base, node.lineno))
            names.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return names


def _strongly_connected(edges) -> list[set[str]]:
    """Tarjan's algorithm on the app graph."""
    nodes = sorted({a for a, _b in edges} | {b for _a, b in edges})
    following = {node: sorted(b for a, b in edges if a == node) for node in nodes}
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in following[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            components.append(component)

    for node in nodes:
        if node not in index:
            visit(node)
    return components
