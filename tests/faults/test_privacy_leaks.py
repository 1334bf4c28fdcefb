"""Privacy leaks an adversarial run found (issue 17): names, numbers and markup that got
through ``export --anonymize``, the commit privacy check, commit messages and ``spiegel
history``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from spiegel_tui import cli, store
from spiegel_tui.model import contact, flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Participant, Role, Session
from spiegel_tui.report import html as html_report
from spiegel_tui.report import markdown as md_report

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)

PEOPLE = [("Seán O’Brien", Role.CLIENT), ("Zoë de Wit", Role.CLIENT),
          ("Van Nguyen", Role.PROFESSIONAL), ("Ольга Иванова", Role.CLIENT),
          ("Jan Willem Dekker", Role.RELATIVE)]

LEAKS = {  # note text -> what must not be in the anonymized report
    "O’Brien belde": ["O’Brien", "Brien"],
    "obrien en #obrien kwamen": ["obrien"],
    "o'brien zei het": ["brien"],
    "Zoe was er ook": ["Zoe"],
    "Zoe\u0308 typte het zo": ["Zoe"],
    "ZOË riep": ["ZOË", "Zoë"],
    "Van vertelde over de wachttijd": ["Van vertelde"],
    "Ольги не было, Ольгу видели, с Ивановой говорили": ["Ольг", "Иванов"],
    "JanWillem kwam te laat": ["JanWillem"],
    "bel (020) 123 4567": ["123 4567"],
    "of 06/12345678": ["12345678"],
    "België: +32 470 12 34 56": ["470 12 34 56"],
    "bsn 835-337-406": ["835-337-406"],
    "dossier bsn278683873": ["278683873"],
    "nummer 12345672 (zonder nul)": ["12345672"],
    "mail o'brien@example.nl": ["o'", "brien", "example"],
}


def session_with(texts: list[str], title: str = "Casus") -> Session:
    session = builtin_formats()["buitenspiegel"].make_session(
        title=title, date=dt.date(2026, 11, 22), session_id="2026-11-22-casus")
    session.participants = [Participant(name=name, role=role) for name, role in PEOPLE]
    flow.start(session, T0)
    for text in texts:
        flow.add_note(session, text, T0)
    return session


@pytest.mark.parametrize("render", [md_report.render, html_report.render],
                         ids=["md", "html"])
@pytest.mark.parametrize("text", sorted(LEAKS))
def test_export_anonymize_leaves_no_trace(text: str, render: object) -> None:
    out = render(session_with([text]), anonymize=True)  # type: ignore[operator]
    for leak in LEAKS[text]:
        assert leak.casefold() not in out.casefold(), (text, leak)


def test_the_first_name_van_is_hidden_but_the_particle_stays() -> None:
    out = md_report.render(session_with(["Van vertelde het", "ze kwam van ver"]),
                           anonymize=True)
    assert "Professional 1 vertelde het" in out and "ze kwam van ver" in out


@pytest.mark.parametrize(("text", "kind"), [
    ("bel (020) 123 4567", "phone"), ("bel 06/12345678", "phone"),
    ("+32 470 12 34 56", "phone"), ("bsn 835-337-406", "bsn"),
    ("bsn278683873", "bsn"), ("bsn 12345672", "bsn"),
    ("mail o'brien@example.nl", "email"),
])
def test_the_commit_privacy_check_finds_the_same_numbers(text: str, kind: str) -> None:
    assert contact.findings_in(text) == [kind]


def test_an_email_is_blanked_whole() -> None:
    out = contact.redact("mail o'brien@example.nl of o’brien@example.nl", "[e]", "[p]", "[b]")
    assert out == "mail [e] of [e]"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                       "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    folder = tmp_path / "repo"
    assert cli.main(["init", str(folder)]) == 0
    return folder


NAMES = ("O’Brien", "Brien", "Van,", "Zoe", "JanWillem", "Ольг", "Иванов")


def test_commit_messages_hold_no_name(repo: Path) -> None:
    path = repo / "sessions" / "2026-11-22-casus.toml"
    store.save(session_with([], title="Casus O’Brien, Van, Zoe en JanWillem"), path)
    assert cli.main(["commit", str(path), "--allow-personal-data"]) == 0  # named on purpose
    message = git(repo, "log", "-1", "--format=%s")
    for name in NAMES:
        assert name.casefold() not in message.casefold(), (name, message)
    assert "Professional 1" in message


def test_a_binnenspiegel_is_committed_without_the_followed_sessions_names(
        repo: Path) -> None:
    folder = repo / "sessions"
    source = session_with([])
    store.save(source, folder / f"{source.id}.toml")
    follow_up = builtin_formats()["binnenspiegel"].make_session(
        title="Lessen uit de casus van Zoë de Wit", date=dt.date(2026, 12, 1),
        session_id="2026-12-01-lessen")
    follow_up.follows = source.id
    path = folder / f"{follow_up.id}.toml"
    store.save(follow_up, path)
    assert cli.main(["commit", str(path), "--allow-personal-data"]) == 0  # named on purpose
    message = git(repo, "log", "-1", "--format=%s")
    assert "zo" not in re.sub(r"[^\w ]", "", message.casefold()).split(), message
    assert "Zoë" not in message and "Wit" not in message


def test_history_shows_no_name_in_step_titles_or_old_messages(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "sessions" / "2026-11-22-casus.toml"
    session = session_with([])
    store.save(session, path)
    git(repo, "add", "--", str(path))  # an old commit, made before messages were anonymized
    git(repo, "commit", "-q", "-m", "Casus van Zoë de Wit")
    session.agenda[1].title = "Het verhaal van JanWillem en Ольга"
    session.agenda[1].elapsed_s = 60
    store.save(session, path)
    assert cli.main(["commit", str(path), "--allow-personal-data"]) == 0  # named on purpose
    capsys.readouterr()
    assert cli.main(["history", str(path)]) == 0
    out = capsys.readouterr().out
    for name in ("Zoë", "Wit", "JanWillem", "Ольга"):
        assert name not in out, (name, out)


MARKUP = {
    "raw-html": "<script>alert(1)</script> en <b onmouseover=x>vet</b>",
    "tracking-image": "zie ![x](https://tracker.example/pixel.gif?who=fenna)",
    "javascript-link": "[klik hier](javascript:alert(document.cookie))",
    "autolink": "<javascript:alert(1)>",
    "reference": "[a]\n\n[a]: javascript:alert(1)",
}


@pytest.mark.parametrize("case", sorted(MARKUP))
def test_markdown_export_escapes_markup(case: str) -> None:
    out = md_report.render(session_with([MARKUP[case]]))
    for markup in ("<script", "<b ", "<javascript", "](javascript", "![x](", "]: javascript"):
        assert not re.search(r"(?<!\\)" + re.escape(markup), out), (markup, out)
    assert MARKUP[case].split("\n")[0].replace("\\", "") in out.replace("\\", "")


def test_a_newline_in_the_title_makes_no_heading() -> None:
    session = session_with([], title="Casus")
    session.title = "Casus\n# Ingevoegde kop\n<img src=x>"
    out = md_report.render(session)
    assert out.startswith("# Casus # Ingevoegde kop \\<img src=x>\n")
    assert not any(line.startswith("# Ingevoegde") for line in out.splitlines())


def test_markdown_escaping_survives_a_markdown_renderer() -> None:
    """Where a CommonMark renderer is installed, nothing of the markup renders."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(
        md_report.render(session_with(list(MARKUP.values()))))
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert 'href="javascript' not in html and "<a " not in html
