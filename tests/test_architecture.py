"""The engineering rules of the brief, checked: core without Textual, small files."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "spiegel_tui"
CORE = ["model", "store.py", "report", "vcs.py", "cli.py", "i18n", "crypt.py", "gitdrivers.py",
        "gitsetup.py", "retention.py"]
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
