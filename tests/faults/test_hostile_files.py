"""A corpus of broken and hostile session files through every command that reads one.

Each must give exit code 2, exactly one line on stderr naming the file, no traceback, and
leave the file (and the folder) exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.tomlfile import dumps


def good_text() -> str:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus")
    return dumps(session)


def replace_line(text: str, prefix: str, line: str) -> str:
    """Replace the first line that starts with prefix (a top-level key)."""
    rows = text.split("\n")
    index = next(i for i, row in enumerate(rows) if row.startswith(prefix))
    rows[index] = line
    return "\n".join(rows)


NOTE = ('\n[[notes]]\nid = "n-0001"\nat = 2026-11-22T13:00:00+01:00\nstep = "welkom"\n'
        'kind = "note"\ntext = "x"\n')


def corpus() -> dict[str, bytes]:
    good = good_text()
    cases: dict[str, str | bytes] = {
        "empty": b"",
        "whitespace": b"   \n\n\t\n",
        "binary-nul": b"\x00" * 64,
        "zip-header": b"PK\x03\x04" + bytes(range(256)),
        "invalid-utf8": good.encode() + b"\n# \xff\xfe\n",
        "utf16": good.encode("utf-16"),
        "unclosed-string": good + '\nsubtitle = "open\n',
        "unclosed-table": good + "\n[[notes]\n",
        "duplicate-key": good.replace('title = "Casus"', 'title = "Casus"\ntitle = "Twee"'),
        "bad-date": replace_line(good, "date =", "date = 2026-13-45"),
        "title-int": replace_line(good, "title =", "title = 12"),
        "title-empty": replace_line(good, "title =", 'title = ""'),
        "title-table": replace_line(good, "title =", "title = { a = 1 }"),
        "status-enum": good.replace('status = "planned"', 'status = "bezig"'),
        "language-enum": good.replace('language = "nl"', 'language = "de"'),
        "unknown-key": good + '\nwho_knows = "x"\n',
        "schema-2": good.replace("schema_version = 1", "schema_version = 2"),
        "schema-string": good.replace("schema_version = 1", 'schema_version = "1"'),
        "no-schema": good.replace("schema_version = 1\n", ""),
        "no-id": replace_line(good, "id = ", "").replace("\n\n\n", "\n"),
        "traversal-id": replace_line(good, 'id = "casus"', 'id = "../../etc/passwd"'),
        "slash-id": replace_line(good, 'id = "casus"', 'id = "a/b"'),
        "dangling-step": good + NOTE.replace('step = "welkom"', 'step = "nergens"'),
        "dangling-question": good + NOTE + 'question = "geen"\n',
        "dangling-action": good + '\n[[actions]]\nid = "a-01"\ntext = "doen"\nnote = "n-9"\n',
        "duplicate-note": good + NOTE + NOTE,
        "naive-datetime": good + NOTE.replace("+01:00", ""),
        "planned-zero": good.replace("planned_min = 10", "planned_min = 0"),
        "planned-negative": good.replace("planned_min = 10", "planned_min = -5"),
        "elapsed-negative": good.replace("planned_min = 10", "planned_min = 10\nelapsed_s = -1"),
        "notes-not-array": good + '\nnotes = "veel"\n',
        "control-character": good + NOTE.replace('text = "x"', 'text = "a\\u001b[31m"'),
        "huge-string": good + NOTE.replace('text = "x"', 'text = "' + "x" * 10_000_000 + '"'),
        "deep-nesting": good + "\nsubtitle = " + "[" * 5000 + "]" * 5000 + "\n",
        "clock-unknown-step": good + '\n[clock]\nstep = "x"\nsince = 2026-11-22T13:00:00Z\n',
        "end-before-start": good.replace('status = "planned"',
                                         'status = "planned"\nstart_time = 14:00:00\n'
                                         'end_time = 13:00:00'),
        "raw-escape-byte": good.encode() + NOTE.replace('"x"', '"a\x1b[2Jb"').encode(),
        "nul-inside": good.encode().replace(b"\n", b"\n\x00", 1),
        "bom-then-garbage": b"\xef\xbb\xbf\xff" + good.encode(),
        "deep-inline-tables": good + "\nsubtitle = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n",
        "very-deep-arrays": good + "\nsubtitle = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "huge-key": good + "\n" + "k" * 2_000_000 + ' = "x"\n',
        "many-notes-one-bad": good + "".join(
            NOTE.replace("n-0001", f"n-{i:04d}") for i in range(1, 2000)) + NOTE.replace(
            "n-0001", "n-9999").replace('kind = "note"', 'kind = "rant"'),
        "notes-of-ints": good + "\nnotes = [1, 2, 3]\n",
        "agenda-id-int": good.replace('id = "welkom"', "id = 7", 1),
        "tags-string": good + NOTE + 'tags = "geen lijst"\n',
        "date-word": replace_line(good, "date =", 'date = "morgen"'),
        "note-id-traversal": good + NOTE.replace('"n-0001"', '"../../n-0001"'),
        "step-id-traversal": good.replace('id = "welkom"', 'id = "../welkom"', 1),
        # issue 17: values that loaded but were written back in another form
        "bare-date-note-at": good + NOTE.replace("2026-11-22T13:00:00+01:00", "2026-11-22"),
        "bare-date-clock-since": good + '\n[clock]\nstep = "welkom"\nsince = 2026-11-22\n',
        "far-future": replace_line(good, "date =", "date = 9999-12-31"),
        "schema-true": good.replace("schema_version = 1", "schema_version = true"),
        "schema-float": good.replace("schema_version = 1", "schema_version = 1.0"),
        "show-rules-yes": good.replace('status = "planned"', 'status = "planned"\n'
                                       'show_rules = "yes"'),
        "planned-float": good.replace("planned_min = 10", "planned_min = 10.0"),
        "blank-participant": good + '\n[[participants]]\nname = "   "\nrole = "client"\n',
        "extra-keys-20000": good + "".join(f"extra{i} = {i}\n" for i in range(20_000)),
    }
    return {name: value.encode() if isinstance(value, str) else value
            for name, value in cases.items()}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {}
    for name, data in corpus().items():
        path = folder / f"{name}.toml"
        path.write_bytes(data)
        made[name] = path
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target.toml"
    elsewhere.write_text(good_text())
    link = folder / "symlink.toml"
    link.symlink_to(elsewhere)
    made["symlink"] = link
    made["missing"] = folder / "does-not-exist.toml"
    made["folder"] = folder / "a-folder.toml"
    made["folder"].mkdir()
    made["fifo"] = folder / "named-pipe.toml"  # reading it would block forever
    os.mkfifo(made["fifo"])
    made["dev-zero"] = folder / "dev-zero.toml"  # a link to an endless device
    made["dev-zero"].symlink_to("/dev/zero")
    made["over-64mb"] = folder / "over-64mb.toml"  # sparse: no disk, still refused
    with made["over-64mb"].open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    return made


def spiegel(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "spiegel_tui", *args], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file but the sidecar locks: its mode and a hash of its bytes."""
    return {p.name: (p.lstat().st_mode, hashlib.sha256(p.read_bytes()).hexdigest()
                     if p.is_file() and not p.is_symlink() else "")
            for p in sorted(folder.iterdir()) if not p.name.endswith(".lock")}


def test_the_corpus_is_large_enough(files: dict[str, Path]) -> None:
    assert len(files) >= 30


COMMANDS = {
    "validate": lambda f: ["validate", f],
    "note": lambda f: ["note", f, "een notitie"],
    "export": lambda f: ["export", f],
    "run": lambda f: ["run", f],
    "check": lambda f: ["check", f],
}


READ_THROUGH = {"symlink"}
"""Links to a valid session elsewhere: reading through them is fine, writing is refused."""


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_hostile_file_is_refused_cleanly(files: dict[str, Path], command: str) -> None:
    folder = files["empty"].parent
    before = snapshot(folder)
    target_before = files["symlink"].resolve().read_bytes()
    cases = [(name, path) for name, path in files.items()
             if not (name in READ_THROUGH and command in ("validate", "export", "check"))]
    with ThreadPoolExecutor(max_workers=4) as pool:  # a process each: use both cores
        results = list(pool.map(lambda case: spiegel(*COMMANDS[command](str(case[1]))),
                                cases))
    for (name, path), result in zip(cases, results, strict=True):
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2, (command, name, result.stderr[-500:])
        if command == "validate":  # one line per problem
            assert lines, (command, name)
        else:
            assert len(lines) == 1, (command, name, lines[:5])
        for line in lines:
            assert line.startswith(str(path)), (command, name, line[:200])
            assert len(line) < 400, (command, name)
        assert "Traceback" not in result.stderr
        assert result.stdout == "", (command, name, result.stdout[:200])
    assert snapshot(folder) == before
    assert files["symlink"].resolve().read_bytes() == target_before
