"""The architecture's layering, checked on every test run (not only by lint)."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    # qls.spc must stay free of Django and of every QLS app (pyproject.toml).
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_every_qls_app_is_forbidden_to_the_spc_engine():
    """A new Django app must be added to the contract, or it could leak into qls.spc."""
    text = (ROOT / "pyproject.toml").read_text()
    apps = sorted(p.parent.name for p in (ROOT / "src/qls").glob("*/apps.py"))
    assert apps, "no Django apps found"
    missing = [app for app in apps if f'"qls.{app}"' not in text]
    assert not missing, f"add these apps to the import-linter contract: {missing}"


def test_spc_sources_import_no_django_textually():
    # Belt and braces for lazy imports inside functions, which the graph also sees.
    for path in (ROOT / "src/qls/spc").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith("django"), f"{path} imports {name}"
