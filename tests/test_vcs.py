"""Session files in git: init, commit one file alone (no names in the message), history in
words, and the privacy check before a commit. Every test runs in its own temp repository,
with git's identity from the environment and no user or system git config."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from spiegel_tui import store, vcs
from spiegel_tui.cli import main
from spiegel_tui.model import contact, flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Participant, Role, Session
from tests.conftest import isolate_git

TZ = dt.timezone(dt.timedelta(hours=1))
NAMES = ["Fenna Zwartkop", "Ruud Blauwberg", "Ilse Groenveld"]


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def make_session(title: str = "Casus Fenna Zwartkop") -> Session:
    fmt = builtin_formats()["buitenspiegel"]
    people = [Participant(name=NAMES[0], role=Role.CLIENT),
              Participant(name=NAMES[1], role=Role.PROFESSIONAL),
              Participant(name=NAMES[2], role=Role.FACILITATOR)]
    return fmt.make_session(title=title, date=dt.date(2026, 11, 22), participants=people,
                            session_id="2026-11-22-casus")


def run_and_finish(session: Session) -> None:
    now = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
    flow.start(session, now)
    for index in range(4):
        now += dt.timedelta(minutes=5)
        flow.add_note(session, f"+ Ruud luisterde goed, ronde {index}", now)
        flow.move(session, 1, now)
    flow.finish(session, now)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    assert main(["init", str(root)]) == 0
    return root


def test_init_makes_a_sessions_repository(repo: Path, capsys) -> None:
    assert (repo / ".git").is_dir() and (repo / "sessions").is_dir()
    ignore = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "exports/" in ignore and ".*.lock" in ignore and ".*.tmp" in ignore
    assert "spiegel" in (repo / "README.md").read_text(encoding="utf-8")
    assert vcs.repo_root(repo / "sessions" / "x.toml") == repo.resolve()
    capsys.readouterr()
    assert main(["init", str(repo)]) == 0  # again: nothing replaced
    assert "nothing changed" in capsys.readouterr().out


def test_init_on_a_file_is_bad_input(tmp_path: Path, capsys) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_commit_touches_only_that_file_and_names_nobody(repo: Path, capsys) -> None:
    session = make_session()
    path = repo / "sessions" / "2026-11-22-casus.toml"
    store.save(session, path)
    (repo / "other.txt").write_text("staged by someone else\n", encoding="utf-8")
    git(repo, "add", "other.txt")
    (repo / "sessions" / ".2026-11-22-casus.toml.lock").write_text("", encoding="utf-8")

    assert main(["commit", str(path)]) == 2  # the title holds a participant's name
    assert "title holds a participant's name" in capsys.readouterr().err
    assert main(["commit", "--allow-personal-data", str(path)]) == 0
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"  # init's, and this one
    touched = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert touched == ["sessions/2026-11-22-casus.toml"]
    message = git(repo, "log", "-1", "--format=%B")
    assert "buitenspiegel" in message and "2026-11-22" in message
    for name in NAMES + [n.split()[0] for n in NAMES]:
        assert name.casefold() not in message.casefold(), name
    assert "Cliënt 1" in message  # the name in the title became role and number
    assert "other.txt" in git(repo, "diff", "--cached", "--name-only")  # still staged
    assert capsys.readouterr().out.split()[0] == git(repo, "rev-parse", "--short",
                                                     "HEAD").strip()


def test_commit_without_changes_makes_no_commit(repo: Path, capsys) -> None:
    path = repo / "sessions" / "s.toml"
    store.save(make_session("Casus"), path)
    assert main(["commit", str(path)]) == 0
    assert main(["commit", str(path)]) == 0
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"  # init's, and one
    assert "no changes" in capsys.readouterr().out


def test_history_lists_commits_with_what_changed(repo: Path, capsys) -> None:
    path = repo / "sessions" / "s.toml"
    session = make_session()
    store.save(session, path)
    assert vcs.commit_file(path) is not None
    run_and_finish(session)
    store.save(session, path)
    second = vcs.commit_file(path)
    assert second is not None
    capsys.readouterr()
    assert main(["history", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(second.hash[:7]) and second.message in lines[0]
    assert "4 notitie(s) toegevoegd" in out
    assert "status: gepland → afgerond" in out
    assert "onderdelen gehouden: Welkom en kennismaking" in out
    assert "aangemaakt (0 notitie(s))" in out
    entries = vcs.file_history(path, lang="en")
    assert len(entries) == 2 and "4 note(s) added" in entries[0].changes


def test_history_follows_a_renamed_file(repo: Path) -> None:
    path = repo / "sessions" / "old.toml"
    store.save(make_session(), path)
    vcs.commit_file(path)
    git(repo, "mv", "sessions/old.toml", "sessions/new.toml")
    git(repo, "commit", "-q", "-m", "rename")
    entries = vcs.file_history(repo / "sessions" / "new.toml")
    assert [e.message for e in entries][-1].startswith("buitenspiegel")
    assert len(entries) == 2


def test_outside_a_repository_is_a_clear_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "loose" / "s.toml"
    path.parent.mkdir()
    store.save(make_session(), path)
    assert main(["commit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not inside a git repository" in err
    with pytest.raises(vcs.NotARepository):
        vcs.commit_file(path)
    assert main(["history", str(path)]) == 2


def test_commit_of_a_broken_file_is_bad_input(repo: Path, capsys) -> None:
    path = repo / "sessions" / "broken.toml"
    path.write_text("schema_version = 1\ntitle = [\n", encoding="utf-8")
    assert main(["commit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:") and "TOML" in err and err.count("\n") == 1
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"  # init's only


@pytest.mark.parametrize(("text", "kind"), [
    ("mail haar op f.z@voorbeeld.nl", "email"),
    ("bel 06-12345678 na vijven", "phone"),
    ("bel 0612345678", "phone"),
    ("nummer +31 6 1234 5678", "phone"),
    ("vast nummer 020-1234567", "phone"),
    ("bsn 111222333 staat in het dossier", "bsn"),
    ("bsn 1112.22.333", "bsn"),
])
def test_privacy_check_finds_personal_data(text: str, kind: str) -> None:
    assert contact.findings_in(text) == [kind]


@pytest.mark.parametrize("text", [
    "123456789 is geen bsn (elfproef faalt)",
    "op 2026-11-22 om 13:00 waren 12 mensen er",
    "dossier 12345678 en kamer 101",
    "het kost 1.250.000 euro",
])
def test_privacy_check_leaves_ordinary_text(text: str) -> None:
    assert contact.findings_in(text) == []


def test_elfproef() -> None:
    assert contact.elfproef("111222333") and not contact.elfproef("123456789")
    assert not contact.elfproef("000000000")


def test_commit_warns_by_kind_never_by_value(repo: Path, capsys) -> None:
    path = repo / "sessions" / "s.toml"
    session = make_session("Casus")
    now = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
    flow.add_note(session, "bel 06-12345678 of mail f.z@voorbeeld.nl", now,
                  step=session.agenda[0].id)
    store.save(session, path)
    assert main(["commit", str(path)]) == 2
    err = capsys.readouterr().err
    assert "phone number" in err and "e-mail address" in err and "n-0001" in err
    assert "06-12345678" not in err and "voorbeeld" not in err
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"  # refused: init's only
    assert main(["commit", "--allow-personal-data", str(path)]) == 0  # warned, committed
    assert "phone number" in capsys.readouterr().err
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"


def test_commit_message_replaces_names_in_the_title() -> None:
    message = vcs.commit_message(make_session("Gesprek met ruud blauwberg en Fenna"))
    assert "ruud" not in message.casefold() and "fenna" not in message.casefold()
    assert message.startswith("buitenspiegel 2026-11-22: Gesprek met Professional 1 en "
                              "Cliënt 1")
