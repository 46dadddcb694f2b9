"""The core never imports Textual: the data layer, domain, sync and the command line stay UI-free.

`ctotui merge-driver` (called by git) and `ctotui agenda` (a login banner) must start fast, and
the data layer must be usable from scripts without a terminal UI.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ctotui"
CORE = ["data", "domain", "sync"]
COMMAND_LINE = ["cli.py", "subcommands"]
UI = (
    "textual",
    "rich",
    "ctotui.app",
    "ctotui.app_changes",
    "ctotui.app_looks",
    "ctotui.app_saves",
    "ctotui.app_startup",
    "ctotui.app_sync",
    "ctotui.dialogs",
    "ctotui.key_groups",
    "ctotui.screens",
    "ctotui.ui_actions",
    "ctotui.widgets",
)
# `ctotui.views` (presenters, redaction) is below the command line: plain Python, no Textual or
# Rich (pyproject's import-linter contracts keep it so), and `list --redact` uses it.

IMPORT_ALL = """
import importlib, json, pkgutil, sys
import ctotui
names = ["ctotui.cli"]
for package in ("ctotui.data", "ctotui.domain", "ctotui.sync", "ctotui.subcommands"):
    module = importlib.import_module(package)
    names.append(package)
    names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def _modules(parts: list[str]) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _imports(tree: ast.AST, top_level_only: bool) -> list[str]:
    nodes = ast.iter_child_nodes(tree) if top_level_only else ast.walk(tree)
    found: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif top_level_only and isinstance(node, ast.If | ast.Try):
            found += _imports(node, top_level_only=True)
    return found


def _ui(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI)


def test_importing_the_core_and_the_command_line_loads_no_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (
        "ctotui.data.store" in result["imported"]
        and "ctotui.subcommands.records" in result["imported"]
    )
    assert [name for name in result["loaded"] if _ui(name)] == []


def test_no_ui_import_anywhere_in_the_core() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in _modules(CORE)
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")), top_level_only=False)
        if _ui(name)
    ]
    assert offenders == []


def test_the_command_line_imports_the_ui_only_when_a_screen_opens() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in _modules(COMMAND_LINE)
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")), top_level_only=True)
        if _ui(name)
    ]
    assert offenders == []


def test_the_ui_leaves_the_load_cache_to_the_store_and_the_views() -> None:
    # Opening a store decides on the cache; the app asks the views whether to open from a
    # glance. A screen reading cache files itself would bypass both.
    ui_files = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if _ui("ctotui." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    ]
    assert any(path.name == "app_startup.py" for path in ui_files)
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in ui_files
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")), top_level_only=False)
        if name in ("ctotui.data.loadcache", "ctotui.data.vaultcache")
        or (name == "ctotui.data" and "loadcache" in path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
