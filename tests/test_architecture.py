"""The engineering rules of the brief, checked: core without Textual, small files."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "spiegel_tui"
CORE = ["model", "store.py", "live", "speed.py", "report", "vcs.py", "cli.py", "i18n",
        "crypt.py", "gitdrivers.py", "gitsetup.py", "retention.py", "folder.py", "web"]
MAX_LINES = 400


def python_files(*parts: str) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", python_files(*CORE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_textual_or_the_ui(path: Path) -> None:
    bad = {name for name in imported_modules(path)
           if name.split(".")[0] in {"textual", "rich"} or name.startswith("spiegel_tui.ui")}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_no_private_textual_modules() -> None:
    for path in python_files("."):
        private = {n for n in imported_modules(path)
                   if n.startswith("textual.") and any(p.startswith("_") for p in n.split("."))}
        assert not private, f"{path} imports private Textual modules {sorted(private)}"


def test_no_file_is_a_god_file() -> None:
    too_long = {str(p.relative_to(PACKAGE)): n for p in python_files(".")
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, too_long


def test_all_styling_in_one_tcss_file() -> None:
    assert [p.name for p in PACKAGE.rglob("*.tcss")] == ["spiegel.tcss"]
    for path in python_files("ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.Assign) and any(
                            getattr(t, "id", "") in {"CSS", "DEFAULT_CSS"} for t in item.targets):
                        pytest.fail(f"{path.name}: {node.name} has inline CSS; use spiegel.tcss")


def test_command_line_without_a_console_does_not_load_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from spiegel_tui.cli import main; main(['formats']);"
        "print('textual' in sys.modules, 'spiegel_tui.ui' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout.strip().splitlines()[-1]
    assert out == "False False"


def test_importing_the_package_has_no_side_effects(tmp_path: Path) -> None:
    code = "import spiegel_tui, spiegel_tui.model.session, spiegel_tui.store, spiegel_tui.cli"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert list(tmp_path.iterdir()) == []


def calls_to(path: Path, name: str) -> list[int]:
    """Lines where ``path`` calls a function named ``name`` (plain or as an attribute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)]


def test_only_the_live_session_merges() -> None:
    """One owner of the merge: every other view goes through the live session."""
    callers = {str(p.relative_to(PACKAGE)) for p in python_files(".")
               if calls_to(p, "merge_sessions")}
    assert callers == {"live/session.py"}


def test_no_speed_tricks_outside_their_module() -> None:
    """Interpreter-wide state (the garbage collector) is switched in speed.py alone."""
    users = {str(p.relative_to(PACKAGE)) for p in python_files(".")
             if "gc" in imported_modules(p)}
    assert users == {"speed.py"}


def test_no_private_textual_hooks_overridden() -> None:
    """No ``_on_*`` handler or Widget internal (``virtual_size``) overridden in the UI."""
    for path in python_files("ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    name = getattr(item, "name", None) or next(
                        (getattr(t, "id", None) for t in getattr(item, "targets", [])), None) \
                        or getattr(getattr(item, "target", None), "id", None)
                    assert not (name and name.startswith("_on_")), f"{path.name}: {name}"
                    assert name != "virtual_size", f"{path.name}: overrides virtual_size"


FILE_CALLS = {"write_text", "read_text", "write_bytes", "read_bytes", "glob", "rglob",
              "iterdir", "listdir", "replace", "scandir"}
"""Methods that open, write or list files (``os.replace`` included as ``replace``)."""
STORE_WRITES = {"save", "create", "update"}


def file_work(path: Path) -> list[str]:
    """What a module does with files itself: builtin open(), the calls above, store writes,
    and imports of the command line."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            modules = []
        cli = [m for m in modules
               if m == "spiegel_tui.commands" or m.startswith("spiegel_tui.commands.")]
        if cli:
            found.append(f"{node.lineno}: imports {cli[0]}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{node.lineno}: open()")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if func.attr in FILE_CALLS and not (func.attr == "replace" and owner != "os"):
                found.append(f"{node.lineno}: .{func.attr}()")
            elif func.attr in STORE_WRITES and owner == "store":
                found.append(f"{node.lineno}: store.{func.attr}()")
    return found


@pytest.mark.parametrize("path", python_files("ui"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_does_no_file_work_and_no_command_line_work(path: Path) -> None:
    """Sessions and formats are read, listed and written by spiegel_tui.folder (and the
    live session), which the UI calls from workers; the UI never does it itself."""
    assert file_work(path) == []


def test_the_file_work_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom spiegel_tui import store\n"
                      "from spiegel_tui.commands.sessions import free_path\n"
                      "open('x')\nos.replace('a', 'b')\nPath('.').glob('*')\n"
                      "store.update(p, f)\n'a'.replace('a', 'b')\nstore.load(p)\n",
                      encoding="utf-8")
    assert file_work(sample) == ["3: imports spiegel_tui.commands.sessions", "4: open()", "5: .replace()", "6: .glob()",
                                 "7: store.update()"]
