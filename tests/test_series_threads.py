"""Rode draden that hold up (issue 14): a thread recurs in two sessions or more; notes
copied by ``--from`` count once; words count sessions, without stop words and the format's
own texts; the development of critical notes and advice per question, as a table, an
inline SVG chart; sessions without organisation grouped by format only with ``--all``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model import flow
from spiegel_tui.model.session import Session
from spiegel_tui.report import overview, series, stopwords, trends

TZ = dt.timezone(dt.timedelta(hours=1))


def new(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    assert main(["new", *args, "--dir", str(folder)]) == 0
    return Path(capsys.readouterr().out.strip().splitlines()[-1])


def add(path: Path, *texts: str, question: bool = False) -> Session:
    session = store.load(path)
    now = dt.datetime.combine(session.date, dt.time(13, 0), TZ)
    for text in texts:
        step = session.agenda[0].id
        q = session.questions[0].id if question else None
        if q is not None:
            step = next((i.id for i in session.agenda if q in i.questions), step)
        flow.add_note(session, text, now, step=step, question=q)
    store.save(session, path)
    return session


def series_md(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["series", str(folder), *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_a_tag_copied_by_from_is_no_thread(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    first = new(folder, capsys, "buitenspiegel", "--date", "2026-09-01")
    add(first, "! niemand had de #regie", question=True)
    second = new(folder, capsys, "binnenspiegel", "--from", str(first), "--date", "2026-10-01")
    copied = store.load(second)
    assert [n.origin for n in copied.notes if "#regie" in n.text] == [store.load(first).id]
    out = series_md(folder, capsys)
    assert "#regie" not in out
    # a file made before notes had an origin: the same note in the session it follows
    session = store.load(second)
    session.notes = [n.model_copy(update={"origin": None}) for n in session.notes]
    store.save(session, second)
    assert "#regie" not in series_md(folder, capsys)


def test_two_unrelated_sessions_with_a_tag_make_a_thread_of_two(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    for date, fmt in (("2026-09-01", "buitenspiegel"), ("2026-11-01", "spiegelgesprek")):
        path = new(folder, capsys, fmt, "--date", date)
        session = store.load(path)
        session.organisation = "Gemeente Oostdam"
        store.save(session, path)
        add(path, "de #wachttijd is te lang", "nog een keer de #wachttijd")
    lone = new(folder, capsys, "buitenspiegel", "--date", "2026-12-01")
    add(lone, "#eenmalig genoemd")
    out = series_md(folder, capsys)
    row = next(line for line in out.splitlines() if line.startswith("| #wachttijd |"))
    assert [c.strip() for c in row.strip("|").split(" | ")][1:3] == ["4", "2"]
    assert "#eenmalig" not in out


def test_sessions_without_organisation_grouped_by_format_only_with_all(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    paths = [new(folder, capsys, "buitenspiegel", "--date", f"2026-0{m}-01") for m in (3, 4)]
    for path in paths:
        add(path, "de #wachttijd is te lang")
    ids = [store.load(p).id for p in paths]
    out = series_md(folder, capsys)
    assert "| #wachttijd |" not in out  # two series of one: no thread
    assert "2 reeks(en)" in out
    grouping = out[out.index("## Reeksen"):out.index("## Reeks: ")]
    for session_id in ids:
        assert re.search(rf"- {session_id}: geen organisatie ingesteld", grouping)
    out = series_md(folder, capsys, "--all")
    assert "| #wachttijd |" in out
    grouping = out[out.index("## Reeksen"):]
    assert "per werkvorm (--all)" in grouping and all(i in grouping for i in ids)
    loaded, _ = series.load_folder(folder)
    groups = trends.group(loaded, everything=True)
    assert [len(g.members) for g in groups] == [2]


def test_a_session_without_organisation_joins_the_series_it_follows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    first = new(folder, capsys, "buitenspiegel", "--date", "2026-09-01")
    session = store.load(first)
    session.organisation = "Wijkteam Zuid"
    store.save(session, first)
    new(folder, capsys, "binnenspiegel", "--from", str(first), "--date", "2026-10-01")
    loaded, _ = series.load_folder(folder)
    (group,) = trends.group(loaded)
    assert group.name == "Wijkteam Zuid"
    assert "volgt op" in group.members[1][1] and session.id in group.members[1][1]


def test_words_count_sessions_not_notes_without_stop_words_or_format_texts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    for date in ("2026-09-01", "2026-10-01"):
        path = new(folder, capsys, "binnenspiegel", "--date", date)
        session = store.load(path)
        session.organisation = "Gemeente Oostdam"
        store.save(session, path)
        add(path, "de huurachterstand liep op", "weer een huurachterstand",
            "over de huurachterstand gesproken", "het team had een plan over weken")
    out = series_md(folder, capsys)
    words = out[out.index("### Veelgenoemde"):out.index("## Per perspectief")]
    row = next(line for line in words.splitlines() if line.startswith("| huurachterstand |"))
    assert [c.strip() for c in row.strip("|").split(" | ")][1:3] == ["2", "2"]
    for noise in ("team", "plan", "weken", "de", "een", "had"):  # format texts, stop words
        assert f"| {noise} |" not in words, noise
    texts = set(re.findall(r"\w+", " ".join(trends.format_texts(store.load(path))).casefold()))
    assert "team" in texts and "plan" in texts  # the binnenspiegel's own words


def test_stop_word_lists_are_snowballs() -> None:
    assert len(set(stopwords.SNOWBALL_DUTCH)) == len(stopwords.SNOWBALL_DUTCH) == 106
    assert len(set(stopwords.SNOWBALL_ENGLISH)) == len(stopwords.SNOWBALL_ENGLISH) == 174
    assert {"de", "het", "een", "the", "and", "weken"} <= stopwords.STOP_WORDS
    assert "help" not in stopwords.STOP_WORDS and "wachttijd" not in stopwords.STOP_WORDS


def trend_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "sessions"
    for month, (critical, advice) in zip((3, 4, 5), ((3, 0), (1, 1), (0, 2)), strict=True):
        path = new(folder, capsys, "buitenspiegel", "--date", f"2026-0{month}-01")
        session = store.load(path)
        session.organisation = "Gemeente Oostdam"
        store.save(session, path)
        add(path, *[f"! kritiek {i}" for i in range(critical)],
            *[f"> advies {i}" for i in range(advice)], question=True)
    return folder


def test_critical_notes_and_advice_develop_per_question(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = trend_folder(tmp_path, capsys)
    out = series_md(folder, capsys)
    section = out[out.index("## Ontwikkeling per vraag"):out.index("## Openstaande acties")]
    label = store.load(next(folder.glob("*.toml"))).questions[0].label
    row = next(line for line in section.splitlines() if f"| {label} |" in line)
    assert [c.strip() for c in row.strip("|").split(" | ")][2:4] == ["3 → 1 → 0",
                                                                      "0 → 1 → 2"]
    loaded, _ = series.load_folder(folder)
    (trend, *_) = series.build(loaded).trends
    assert (trend.critical, trend.advice) == ([3, 1, 0], [0, 1, 2])
    assert trend.dates == ["2026-03-01", "2026-04-01", "2026-05-01"]


def test_the_html_overview_charts_the_development_in_inline_svg(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = trend_folder(tmp_path, capsys)
    out = tmp_path / "overzicht.html"
    assert main(["series", str(folder), "--to", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    lowered = page.lower()
    for forbidden in ("<script", "http://", "https://", "<img", "url("):
        assert forbidden not in lowered
    charts = re.findall(r"<svg class=\"trend\".*?</svg>", page, re.S)
    assert charts, "no chart"
    first = charts[0]
    lines = re.findall(r'<polyline[^>]*points="([^"]+)"', first)
    assert len(lines) == 2
    critical = [float(p.split(",")[1]) for p in lines[0].split()]
    advice = [float(p.split(",")[1]) for p in lines[1].split()]
    assert critical[0] < critical[1] < critical[2]  # SVG y grows downwards: 3, 1, 0
    assert advice[0] > advice[1] > advice[2]  # 0, 1, 2
    assert "3 → 1 → 0" in first  # its accessible label


def test_one_series_keeps_the_single_overview_layout(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = trend_folder(tmp_path, capsys)
    loaded, _ = series.load_folder(folder)
    md = overview.render_md(overview.build(loaded))
    assert md.startswith("# Actieonderzoek: overzicht van 3 sessies\n")
    assert md.index("## Reeksen") < md.index("## Rode draden")
