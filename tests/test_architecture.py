"""The dependency rules of HOUSE_STYLE §3.2, checked by reading every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "paclient"
QT_FREE = ["models", "storage", "services", "sync", "reports", "exports", "reference", "errors.py",
           "printing.py"]
DB_LAYERS = ("sqlalchemy", "paclient.models", "paclient.storage")


def _python_files(parts: list[str]) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _imports(source: str, module: str) -> set[str]:
    """Every module `source` imports, anywhere in it, relative imports made absolute."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = module.split(".")[: len(module.split(".")) - node.level] if node.level else []
            found.add(".".join([*base, node.module or ""]).strip("."))
    return found


def _imports_of(path: Path) -> set[str]:
    return _imports(path.read_text(encoding="utf-8"), _module_of(path))


def _touches(imported: set[str], banned: tuple[str, ...]) -> set[str]:
    return {m for m in imported if any(m == b or m.startswith(b + ".") for b in banned)}


@pytest.mark.parametrize("path", _python_files(QT_FREE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_does_not_import_qt(path: Path) -> None:
    assert not _touches(_imports_of(path), ("PySide6", "shiboken6"))


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
    assert _touches(found, DB_LAYERS) == {"sqlalchemy.orm", "paclient.storage"}
    assert _touches(found, ("PySide6",)) == {"PySide6"}
    assert "paclient.ui" in found
