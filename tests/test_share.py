"""A sessions repository many facilitators share (issue 15): neutral names, init with the
merge and diff drivers, two clones merging through a bare remote, the privacy check that
refuses by default, age encryption of personal fields, and purging. Real git repositories
in tmp_path; git runs the drivers as the installed ``spiegel`` console script."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spiegel_tui import crypt, store
from spiegel_tui.cli import main
from spiegel_tui.live import update as live_update
from spiegel_tui.model.session import Action, Participant, Role
from tests.conftest import isolate_git

BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    assert shutil.which("spiegel"), "the spiegel console script is not installed"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=check)


def new_session(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> Path:
    assert main(["new", "buitenspiegel", "--dir", str(folder), "--date", "2026-11-22",
                 *args]) == 0
    return Path(capsys.readouterr().out.strip().splitlines()[-1])


def note(path: Path, text: str) -> None:
    assert main(["note", str(path), text]) == 0


def commit(path: Path, *extra: str) -> None:
    assert main(["commit", *extra, str(path)]) == 0


# -- no names in paths or ids -------------------------------------------------------------


def test_new_file_name_and_id_hold_nothing_of_the_title(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new_session(capsys, tmp_path / "D", "--title", "Casus Jan de Vries")
    session = store.load(path)
    for word in ("jan", "vries"):
        assert word not in path.name.lower() and word not in session.id.lower()
    assert session.title == "Casus Jan de Vries" and session.id == path.stem
    other = new_session(capsys, tmp_path / "D", "--title", "Casus Jan de Vries")
    assert other != path  # a fresh code, no clash
    case = new_session(capsys, tmp_path / "D", "--code", "ZK-2026-17")
    assert case.name == "2026-11-22-buitenspiegel-ZK-2026-17.toml"
    assert main(["new", "buitenspiegel", "--dir", str(tmp_path / "D"), "--code",
                 "../x"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# -- init ---------------------------------------------------------------------------------


def test_init_commits_everything_and_registers_the_drivers(tmp_path: Path) -> None:
    repo = tmp_path / "R"
    assert main(["init", str(repo)]) == 0
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout == ""
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert "sessions/*.toml merge=spiegel diff=spiegel" in attributes
    assert git(repo, "config", "merge.spiegel.driver").stdout.strip() == (
        "spiegel git-merge %O %A %B %P")
    assert git(repo, "config", "diff.spiegel.textconv").stdout.strip() == "spiegel git-diff"
    assert git(repo, "check-attr", "merge", "diff", "--", "sessions/x.toml").stdout == (
        "sessions/x.toml: merge: spiegel\nsessions/x.toml: diff: spiegel\n")


def test_init_in_a_clone_only_adds_the_config(tmp_path: Path) -> None:
    repo = tmp_path / "R"
    assert main(["init", str(repo)]) == 0
    git(tmp_path, "clone", "-q", str(repo), "C")
    clone = tmp_path / "C"
    assert git(clone, "config", "merge.spiegel.driver", check=False).returncode == 1
    files = sorted(p.name for p in clone.iterdir())
    assert main(["init", str(clone)]) == 0
    assert git(clone, "config", "merge.spiegel.driver").stdout.strip()
    assert git(clone, "rev-list", "--count", "HEAD").stdout.strip() == "1"  # no commit
    assert sorted(p.name for p in clone.iterdir()) == files
    assert git(clone, "status", "--porcelain").stdout == ""


# -- two clones ---------------------------------------------------------------------------


@pytest.fixture
def clones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    """A sessions repository with one committed session, pushed to a bare remote and
    cloned twice (each clone set up with ``spiegel init``)."""
    repo = tmp_path / "R"
    assert main(["init", str(repo)]) == 0
    path = new_session(capsys, repo / "sessions", "--title", "Casus", "--code", "c1")
    note(path, "de eerste notitie")
    commit(path)
    git(tmp_path, "clone", "-q", "--bare", str(repo), "remote.git")
    for name in ("A", "B"):
        git(tmp_path, "clone", "-q", "remote.git", name)
        assert main(["init", str(tmp_path / name)]) == 0
    capsys.readouterr()
    return tmp_path / "A", tmp_path / "B", f"sessions/{path.name}"


def add_action(path: Path, text: str) -> None:
    def change(session):  # type: ignore[no-untyped-def]
        session.actions.append(Action(id=session.next_action_id(), text=text,
                                      note=session.notes[-1].id))
    live_update(path, change)


def set_step_time(path: Path, step: str, seconds: int) -> None:
    def change(session):  # type: ignore[no-untyped-def]
        session.step(step).elapsed_s = seconds
    live_update(path, change)


@pytest.mark.slow
def test_two_clones_adding_notes_merge_without_conflict(
        clones: tuple[Path, Path, str]) -> None:
    a, b, rel = clones
    for clone, who in ((a, "A"), (b, "B")):
        for index in range(5):
            note(clone / rel, f"notitie {who}{index}")
        add_action(clone / rel, f"actie van {who}")
    set_step_time(b / rel, "casus", 1260)
    commit(a / rel)
    git(a, "push", "-q")
    commit(b / rel)
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert "CONFLICT" not in pulled.stdout
    assert store.validate(b / rel) == []
    session = store.load(b / rel)
    texts = [n.text for n in session.notes]
    assert sorted(texts) == sorted(["de eerste notitie"] + [f"notitie {w}{i}" for w in "AB"
                                                               for i in range(5)])
    assert len({n.id for n in session.notes}) == 11
    by_text = {n.id: n.text for n in session.notes}
    actions = {a.text: by_text[a.note] for a in session.actions}
    assert actions == {"actie van A": "notitie A4", "actie van B": "notitie B4"}  # refs fixed
    assert session.step("casus").elapsed_s == 1260
    assert git(b, "status", "--porcelain").stdout == ""


@pytest.mark.slow
def test_the_same_note_edited_on_both_sides_is_a_conflict_keeping_both(
        clones: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    a, b, rel = clones
    for clone, text in ((a, "versie van A"), (b, "versie van B")):
        def change(session, text=text):  # type: ignore[no-untyped-def]
            session.notes[0] = session.notes[0].model_copy(update={"text": text})
        live_update(clone / rel, change)
        commit(clone / rel)
    git(a, "push", "-q")
    assert main(["sync", str(b)]) == 1  # pulls, reports the conflict, does not push
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and rel in err[0] and "conflict" in err[0]
    assert git(b, "diff", "--name-only", "--diff-filter=U").stdout.split() == [rel]
    assert store.validate(b / rel) == []
    text = store.load(b / rel).notes[0].text
    assert "versie van A" in text and "versie van B" in text and "<<<<<<<" in text


@pytest.mark.slow
def test_sync_pulls_and_pushes(clones: tuple[Path, Path, str],
                               capsys: pytest.CaptureFixture[str]) -> None:
    a, b, rel = clones
    note(a / rel, "van A")
    commit(a / rel)
    assert main(["sync", str(a)]) == 0
    note(b / rel, "van B")
    commit(b / rel)
    assert main(["sync", str(b)]) == 0
    assert main(["sync", str(a)]) == 0
    assert sorted(n.text for n in store.load(a / rel).notes) == [
        "de eerste notitie", "van A", "van B"]


def test_diff_driver_shows_a_summary(clones: tuple[Path, Path, str]) -> None:
    a, _, rel = clones
    note(a / rel, "een nieuwe notitie")
    diff = git(a, "diff").stdout
    added = [line for line in diff.splitlines() if line.startswith("+") and
             not line.startswith("+++")]
    assert len(added) == 1 and re.match(r"\+note n-0002 \S+ note \[welkom\]: een nieuwe "
                                        r"notitie$", added[0]), diff
    assert "[[notes]]" not in git(a, "diff").stdout
    assert "[[notes]]" in git(a, "diff", "--no-textconv").stdout


# -- the privacy check --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["bel haar op 06-12345678", "Fenna belde gisteren"])
def test_commit_refuses_personal_data_unless_allowed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    repo = tmp_path / "R"
    assert main(["init", str(repo)]) == 0
    people = tmp_path / "people.txt"
    people.write_text("Fenna Zwartkop; client\n", encoding="utf-8")
    path = new_session(capsys, repo / "sessions", "--participants", str(people))
    note(path, text)
    capsys.readouterr()
    assert main(["commit", str(path)]) == 2
    err = capsys.readouterr().err
    assert "n-0001" in err and "06-12345678" not in err and "Fenna" not in err
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    assert git(repo, "status", "--porcelain").stdout.strip().startswith("??")
    assert main(["commit", "--allow-personal-data", str(path)]) == 0
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


# -- encryption ---------------------------------------------------------------------------


@pytest.fixture
def encrypted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    repo = tmp_path / "R"
    assert main(["init", "--encrypt", str(repo)]) == 0
    people = tmp_path / "people.txt"
    people.write_text("Fenna Zwartkop; client\n", encoding="utf-8")
    path = new_session(capsys, repo / "sessions", "--participants", str(people))
    note(path, "zij vertelde over de verhuizing")
    commit(path)
    capsys.readouterr()
    return repo, path


def test_init_encrypt_makes_a_private_identity_outside_the_repository(
        encrypted: tuple[Path, Path]) -> None:
    repo, _ = encrypted
    identity = Path(os.environ["XDG_CONFIG_HOME"]) / "spiegel" / "identity.txt"
    assert identity.exists() and identity.stat().st_mode & 0o777 == 0o600
    assert not str(identity.resolve()).startswith(str(repo.resolve()))
    key = crypt.public_keys()[0]
    assert key in (repo / "recipients.txt").read_text(encoding="utf-8")
    assert "recipients.txt" in git(repo, "show", "--name-only", "HEAD~1").stdout
    assert git(repo, "status", "--porcelain").stdout == ""


def test_encrypted_file_holds_no_note_text(encrypted: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    repo, path = encrypted
    rel = path.relative_to(repo).as_posix()
    for text in (path.read_text(encoding="utf-8"),
                 git(repo, "show", f"HEAD:{rel}").stdout,
                 git(repo, "log", "-p", "--no-textconv").stdout):
        assert "verhuizing" not in text and "Fenna" not in text and "Zwartkop" not in text
        assert 'step = "welkom"' in text  # the structure stays plain
    assert main(["validate", str(path)]) == 0  # no key needed to validate
    capsys.readouterr()
    assert main(["export", str(path)]) == 0
    assert "verhuizing" in capsys.readouterr().out
    assert "verhuizing" in git(repo, "log", "-p").stdout  # the diff driver decrypts


def test_without_the_identity_nothing_is_read_or_written(
        encrypted: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, path = encrypted
    identity = crypt.identity_path()
    identity.rename(identity.with_name("elsewhere"))
    before = path.read_bytes()
    for args in (["export", str(path)], ["note", str(path), "nog een"],
                 ["run", str(path)]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"{path}:") and "key" in err, err
        assert "Traceback" not in err
        assert path.read_bytes() == before


def test_one_note_added_changes_only_its_lines(encrypted: tuple[Path, Path]) -> None:
    repo, path = encrypted
    note(path, "een tweede notitie")
    diff = git(repo, "diff", "--no-textconv", "-U0").stdout
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert all(line.startswith("+") for line in changed), changed
    assert changed[:2] == ["+", "+[[notes]]"] and 'id = "n-0002"' in changed[2]
    assert len(changed) == 7  # blank, header, id, at, step, kind, text: nothing else
    assert changed[-1].startswith('+text = "age:')
    assert "tweede" not in diff


def test_a_changed_recipient_list_reencrypts_at_the_next_write(
        encrypted: tuple[Path, Path]) -> None:
    repo, path = encrypted
    import pyrage

    other = pyrage.x25519.Identity.generate()
    with (repo / "recipients.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"{other.to_public()}\n")
    note(path, "voor twee sleutels")
    text = path.read_text(encoding="utf-8")
    sealed = re.findall(r'"(age:[^"]+)"', text)
    fingerprints = {value.split(":")[1] for value in sealed}
    assert len(fingerprints) == 1 and len(sealed) == 3  # name and both notes
    value = sealed[-1]
    plain = pyrage.decrypt(__import__("base64").b64decode(value.split(":")[2]), [other])
    assert plain.decode() == "voor twee sleutels"


# -- purge --------------------------------------------------------------------------------


def test_purge_leaves_no_name_or_note_text_and_commits(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "R"
    assert main(["init", str(repo)]) == 0
    (repo / "spiegel.toml").write_text("retain_days = 30\n", encoding="utf-8")
    git(repo, "commit", "-qam", "settings")
    path = new_session(capsys, repo / "sessions", "--title", "Casus Fenna Zwartkop")
    kept = new_session(capsys, repo / "sessions", "--title", "Recent")
    for target in (path, kept):
        def change(session):  # type: ignore[no-untyped-def]
            session.participants = [Participant(name="Fenna Zwartkop", role=Role.CLIENT)]
        live_update(target, change)
        note(target, "Fenna vertelde over haar verhuizing")
    add_action(path, "Fenna bellen over de woning")
    live_update(path, lambda s: setattr(s.actions[0], "owner", "Ruud Blauwberg"))
    live_update(kept, lambda s: setattr(s, "date", dt.date(2026, 12, 1)))
    commit(path, "--allow-personal-data")
    capsys.readouterr()
    assert main(["purge", str(repo / "sessions"), "--today", "2026-12-30"]) == 0
    out = capsys.readouterr().out
    assert str(path) in out and str(kept) not in out
    text = path.read_text(encoding="utf-8")
    for secret in ("Fenna", "Zwartkop", "verhuizing", "Ruud", "Blauwberg"):
        assert secret not in text, secret
    session = store.load(path)
    assert len(session.notes) == 1 and len(session.actions) == 1
    assert session.actions[0].text == "Cliënt 1 bellen over de woning"  # kept, no names
    assert session.actions[0].owner is None and session.purged_on == dt.date(2026, 12, 30)
    assert session.participants[0].role is Role.CLIENT
    assert "purge" in git(repo, "log", "-1", "--format=%s").stdout
    assert git(repo, "status", "--porcelain", "--", str(path)).stdout == ""
    assert "verhuizing" in kept.read_text(encoding="utf-8")  # within its retention
    assert main(["purge", str(repo / "sessions"), "--today", "2026-12-30"]) == 0
    assert "no session" in capsys.readouterr().out  # purged once is purged


@pytest.mark.slow
def test_encrypted_clones_merge_and_keep_unchanged_ciphertext(
        tmp_path: Path, encrypted: tuple[Path, Path]) -> None:
    repo, path = encrypted
    rel = path.relative_to(repo).as_posix()
    git(tmp_path, "clone", "-q", "--bare", str(repo), "remote.git")
    for name in ("A", "B"):
        git(tmp_path, "clone", "-q", "remote.git", name)
        assert main(["init", str(tmp_path / name)]) == 0
    a, b = tmp_path / "A", tmp_path / "B"
    first = re.findall(r'text = "(age:[^"]+)"', path.read_text(encoding="utf-8"))[0]
    for clone, who in ((a, "A"), (b, "B")):
        for index in range(2):
            note(clone / rel, f"geheim {who}{index}")
        commit(clone / rel)
    git(a, "push", "-q")
    pulled = git(b, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    text = (b / rel).read_text(encoding="utf-8")
    assert "geheim" not in text and first in text  # the untouched note: same ciphertext
    assert sorted(n.text for n in store.load(b / rel).notes) == sorted(
        ["zij vertelde over de verhuizing", "geheim A0", "geheim A1", "geheim B0",
         "geheim B1"])


def test_sync_without_a_remote_is_one_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "R")]) == 0
    capsys.readouterr()
    assert main(["sync", str(tmp_path / "R")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no remote" in err
    assert main(["sync", str(tmp_path)]) == 2  # not a repository at all
