"""The import rules of the package, checked in code (after TeNPy's tests/test_package_structure.py).

Imports flow one way: ``cli → report → domain packages → core``. Every module is parsed with
:mod:`ast` (type-only imports under ``if TYPE_CHECKING:`` included), so a rule broken only for the
type checker is still broken.

- no import cycle between modules;
- ``cli`` and ``report`` (and each domain package, for another domain) use a domain only through
  its ``__all__``: ``from currentkit.<domain> import <name in __all__>`` or
  ``import currentkit.<domain>``;
- domains never import ``cli`` or ``report``;
- core modules (errors, units, results, parallel, grid, plotting) import no domain;
- every name in an ``__all__`` exists and has a docstring.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "currentkit"
DOMAINS = ("rings", "superconductors", "particles", "kubo", "waves", "magnetization")
CORE = ("errors", "units", "results", "parallel", "heap", "grid", "plotting")
FRONTS = ("cli", "report")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _imports(name: str) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in module ``name``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, [a.name for a in node.names], node.lineno


def _top(name: str) -> str:
    """The first component under currentkit (``rings`` for currentkit.rings.free.bands)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _edges() -> dict[str, set[str]]:
    """Module graph: an edge for each import of a currentkit module (submodule imports too)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for name in MODULES:
        for target, names, _ in _imports(name):
            if not target.startswith(PACKAGE):
                continue
            hits = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if len(hits) < len(names) or not names:
                # a name from a module (or the module itself): the edge goes to that module
                hits.append(target)
            graph[name].update(h for h in hits if h in MODULES and h != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative enough)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_including_type_only_imports() -> None:
    graph = _edges()
    # a package __init__ re-exports its submodules: the edges submodule → package __init__ are
    # what would close a cycle, so they are kept; the __init__ → submodule edges are real too
    assert _cycles(graph) == []


def _all_of(package: str) -> list[str]:
    module = importlib.import_module(package)
    return list(getattr(module, "__all__", []))


def _violations_of_public_names(front: str) -> list[str]:
    bad = []
    for name in MODULES:
        if _top(name) != front and not name.startswith(f"{PACKAGE}.{front}."):
            continue
        own = _top(name)
        for target, names, line in _imports(name):
            if not target.startswith(f"{PACKAGE}."):
                continue
            domain = _top(target)
            if domain not in DOMAINS or domain == own:
                continue
            where = f"{MODULES[name].relative_to(SRC)}:{line}"
            if target != f"{PACKAGE}.{domain}":
                bad.append(f"{where} imports the private module {target}")
                continue
            public = set(_all_of(target))
            bad.extend(f"{where} imports {n} from {target}, not in its __all__"
                       for n in names if n not in public)
    return bad


@pytest.mark.parametrize("user", [*FRONTS, *DOMAINS])
def test_domains_are_used_only_through_their_all(user: str) -> None:
    assert _violations_of_public_names(user) == []


def test_domains_never_import_the_front_ends_and_core_imports_no_domain() -> None:
    bad = []
    for name in MODULES:
        own = _top(name)
        for target, _, line in _imports(name):
            if not target.startswith(f"{PACKAGE}."):
                continue
            where = f"{MODULES[name].relative_to(SRC)}:{line} imports {target}"
            if own in DOMAINS and _top(target) in FRONTS:
                bad.append(where)
            if own in CORE and _top(target) in (*DOMAINS, *FRONTS):
                bad.append(where)
    assert bad == []


@pytest.mark.parametrize("package", [PACKAGE, *(f"{PACKAGE}.{d}" for d in DOMAINS)])
def test_every_public_name_exists_and_has_a_docstring(package: str) -> None:
    module = importlib.import_module(package)
    missing = []
    for name in _all_of(package):
        obj = getattr(module, name, None)
        if obj is None:
            missing.append(f"{name}: missing")
        elif (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj)) and not (
                inspect.getdoc(obj) or "").strip():
            missing.append(f"{name}: no docstring")
    assert missing == []


def test_the_checks_see_the_whole_package() -> None:
    # guards against a vacuous pass: the graph has the modules and the edges we know exist
    graph = _edges()
    assert len(MODULES) > 100
    assert "currentkit.errors" in graph["currentkit.rings.models"]
    assert any(t.startswith("currentkit.rings") for t in graph["currentkit.cli.ring"])
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
