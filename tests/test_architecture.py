"""The dependency rules of docs/architecture.md ("Layers"), checked by reading every module's
imports, including imports inside functions."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "paclient"
CORE = ["models", "storage", "services", "sync", "reports", "exports", "resources", "errors.py",
        "printing.py", "files.py", "settings.py"]
QT_FREE = CORE
FRONT_ENDS = ("paclient.cli", "paclient.ui", "paclient.app", "paclient.desktop",
              "paclient.__main__")
DB_LAYERS = ("sqlalchemy", "paclient.models", "paclient.storage")


def _python_files(parts: list[str]) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module `source` imports, anywhere in it, relative imports made absolute."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = package[: len(package) - node.level + 1] if node.level else []
            source = ".".join([*base, node.module or ""]).strip(".")
            found.add(source)  # and each name, which may be a module: `from paclient import app`
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def _imports_of(path: Path) -> set[str]:
    return _imports(path.read_text(encoding="utf-8"), _module_of(path),
                    path.name == "__init__.py")


def _touches(imported: set[str], banned: tuple[str, ...]) -> set[str]:
    return {m for m in imported if any(m == b or m.startswith(b + ".") for b in banned)}


@pytest.mark.parametrize("path", _python_files(QT_FREE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_does_not_import_qt(path: Path) -> None:
    assert not _touches(_imports_of(path), ("PySide6", "shiboken6"))


@pytest.mark.parametrize("path", _python_files(CORE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_a_front_end(path: Path) -> None:
    assert not _touches(_imports_of(path), FRONT_ENDS)


@pytest.mark.parametrize("path", sorted((ROOT / "ccis").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_shared_domain_imports_neither_side(path: Path) -> None:
    assert not _touches(_imports_of(path), ("paclient", "ccis_hub", "sqlalchemy", "PySide6"))


@pytest.mark.parametrize("path", sorted((ROOT / "ccis_hub").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_hub_does_not_import_the_laptop(path: Path) -> None:
    assert not _touches(_imports_of(path), ("paclient", "PySide6"))


def _package_of(module: str) -> str | None:
    """The package an import edge is counted between: paclient's subpackages and top modules,
    the hub, the shared domain."""
    parts = module.split(".")
    if parts[0] in ("ccis", "ccis_hub"):
        return parts[0]
    if parts[0] != "paclient":
        return None
    return ".".join(parts[:2])


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for top in ("paclient", "ccis", "ccis_hub"):
        for path in sorted((ROOT / top).rglob("*.py")):
            source = _package_of(_module_of(path))
            assert source is not None
            for imported in _imports_of(path):
                target = _package_of(imported)
                if target is not None and target != source:
                    graph[source].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle found by a depth-first walk, as the packages on it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target):], target])
            elif target not in state:
                walk(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return found


def test_no_import_circle_across_packages() -> None:
    graph = _package_graph()
    assert "paclient.services" in graph and "ccis" in graph["paclient.services"]
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("path", _python_files(["ui"]), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_reaches_services_only_through_the_bundle(path: Path) -> None:
    """Windows call `ctx.services.<name>`: they neither build a service nor reach past the
    bundle into the context it was built from."""
    source = path.read_text(encoding="utf-8")
    assert "services.ctx" not in source
    built = {n.func.id for n in ast.walk(ast.parse(source))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id.endswith("Service")}
    assert not built


@pytest.mark.parametrize("path", _python_files(["ui"]), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_does_not_touch_the_database(path: Path) -> None:
    assert not _touches(_imports_of(path), DB_LAYERS)


@pytest.mark.parametrize("path", _python_files(["reports", "exports"]),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_documents_are_made_from_records_not_sessions(path: Path) -> None:
    assert not _touches(_imports_of(path), DB_LAYERS)


def test_the_rules_cover_the_layers_that_exist() -> None:
    assert len(_python_files(["ui"])) >= 5
    assert len(_python_files(["models", "storage", "services", "errors.py"])) >= 10
    assert len(_python_files(["reports", "exports"])) >= 4


def test_the_import_reader_sees_every_form_of_import() -> None:
    source = (
        "import sqlalchemy.orm\n"
        "from PySide6 import QtCore\n"
        "def f():\n    from ..storage import store\n"
        "from . import tasks\n"
    )
    found = _imports(source, "paclient.ui.view")
    assert "paclient.ui.tasks" in found
    assert _touches(found, DB_LAYERS) == {"sqlalchemy.orm", "paclient.storage",
                                          "paclient.storage.store"}
    assert _touches(found, ("PySide6",)) == {"PySide6", "PySide6.QtCore"}
    assert "paclient.ui" in found
