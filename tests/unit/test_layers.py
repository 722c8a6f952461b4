"""The packages' layering (docs/architecture.md): arrows point one way, and no module imports
itself back, neither at import time nor from inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What each package may import of ours (itself always).
ALLOWED = {
    "office": set(),
    "storage": {"office"},
    "nlu": {"office"},
    "app": {"office", "storage", "nlu"},
    "actions": {"office", "storage", "app"},
    "bot": {"office", "storage", "nlu", "app", "actions"},
}


def modules() -> dict[str, Path]:
    found = {}
    for package in ALLOWED:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """Our modules imported by `path`, at import time or later; type-only imports left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in known}
    return found


def test_each_package_imports_only_the_layers_below():
    mods = modules()
    wrong = [
        f"{name} imports {target}"
        for name, path in mods.items()
        for target in imports(path, set(mods))
        if target.split(".")[0] not in ALLOWED[name.split(".")[0]] | {name.split(".")[0]}
    ]
    assert wrong == []


def test_no_import_cycle_between_packages_or_modules():
    mods = modules()
    graph = {name: imports(path, set(mods)) - {name} for name, path in mods.items()}
    # A package imports its own submodules (actions/__init__ lists them): only the other
    # direction counts, so a package's edges to its children are left out.
    graph = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
