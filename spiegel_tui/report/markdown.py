"""The session report and the series overview as Markdown (CommonMark with pipe tables).

Every text from the session goes through :func:`escape`: raw HTML (``<img src=…>``, a
tracking pixel), images and links (``[x](javascript:…)``) are shown as typed, never
rendered; a title, heading or cell is one line (a newline in a title cannot make a heading).
A line of a multi-line note that would break out of its list item is indented under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Participant, Session
from spiegel_tui.report.common import (
    ActionTable,
    Block,
    NoteView,
    Report,
    break_title,
    build,
)
from spiegel_tui.report.series import Overview, Thread

_MARKUP = re.compile(r"[\\<]|!\[|\](?=[(\[:])")
"""Backslash-escaped (CommonMark escapes): the backslash, ``<`` (raw HTML, autolinks), the
``[`` of an image and a ``]`` that would close a link or a reference definition
(``[x](javascript:…)``, ``[x]: url``). A lone ``[e-mailadres]`` stays as typed."""


def escape(text: str) -> str:
    """Text shown as typed by any Markdown renderer."""
    return _MARKUP.sub(lambda match: "\\" + match.group() if match.group() != "![" else
                       "!\\[", text)


def inline(text: str) -> str:
    """Text for a heading, title or list line: one line, escaped."""
    return escape(" ".join(text.split()))


_BLOCK_START = re.compile(r"^\s*([-+*>#|]|\d+[.)]\s|```|~~~|={3,}|-{3,}|<)")


def cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped."""
    return " ".join(escape(text).replace("|", "\\|").split()) or "—"


def note_item(note: NoteView) -> str:
    """A list item; continuation lines stay verbatim where Markdown lets them."""
    lines = escape(note.text).split("\n")
    out = ["- " + lines[0]]
    paragraph_break = False
    for line in lines[1:]:
        if not line.strip():
            paragraph_break = True
            out.append("")
        elif paragraph_break or _BLOCK_START.match(line):
            out.append("  " + line)
        else:
            out.append(line)
    if note.extra_tags:
        out[-1] += " " + " ".join(f"`#{tag}`" if "`" not in tag else escape(f"#{tag}")
                                  for tag in note.extra_tags)
    return "\n".join(out)


def table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    align = align or "l" * len(header)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(cell(h) for h in header) + " |",
           "|" + "|".join(marks[a] for a in align) + "|"]
    out += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return out


def _block(block: Block, lang: str) -> list[str]:
    out = [f"### {inline(block.heading)}", ""] if block.heading else []
    if block.text:
        out += [f"> {inline(block.text)}", ""]
    if not block.groups:
        out += [f"_{t('report.no_notes', lang)}_", ""]
    for group in block.groups:
        if group.label:
            out += [f"**{inline(group.label)}**", ""]
        out += [note_item(note) for note in group.notes]
        out.append("")
    return out


def _actions(tables: list[ActionTable], lang: str) -> list[str]:
    out = [f"## {t('report.actions', lang)}", ""]
    header = [t(key, lang) for key in ("report.action", "report.owner", "report.due",
                                       "report.horizon", "report.status")]
    for action_table in tables:
        if len(tables) > 1:
            out += [f"### {inline(action_table.heading)}", ""]
        if not action_table.rows:
            out += [f"_{t('report.no_actions', lang)}_", ""]
            continue
        rows = [[r.text, r.owner, r.due, r.horizon, r.status] for r in action_table.rows]
        out += table(header, rows) + [""]
    return out


def render_report(report: Report) -> str:
    lang = report.lang
    out = [f"# {inline(report.title)}", ""]
    if report.subtitle:
        out += [f"_{inline(report.subtitle)}_", ""]
    out += [f"- **{label}:** {inline(value)}" for label, value in report.facts]
    if report.participants:
        parts = []
        for role, count, names in report.participants:
            parts.append(f"{role}: {count}" + (f" ({inline(', '.join(names))})" if names
                                                else ""))
        out.append(f"- **{t('report.participants', lang)}:** " + "; ".join(parts))
    else:
        out.append(f"- **{t('report.participants', lang)}:** {t('report.nobody', lang)}")
    if report.anonymized:
        out += ["", f"> {t('report.anonymized', lang)}"]
    timing = report.timing
    out += ["", f"## {t('report.timing', lang)}", ""]
    header = [t(key, lang) for key in ("report.step", "report.planned", "report.actual",
                                       "report.difference", "report.started")]
    rows = [[break_title(row.title, row.is_break, lang),
             row.planned, row.actual, row.difference, row.started or "—"]
            for row in timing.rows]
    rows.append([f"**{t('report.total', lang)}**", timing.planned_total, timing.actual_total,
                 timing.drift, ""])
    out += table(header, rows, "lrrrl")
    out += ["", f"- **{t('report.drift', lang)}:** {timing.drift_summary}"]
    if timing.breaks:
        out.append(f"- **{t('report.breaks', lang)}:** {timing.breaks}")
    out.append("")
    for chapter in report.chapters:
        out += [f"## {inline(chapter.heading)}", ""]
        if chapter.intro:
            out += [f"_{inline(chapter.intro)}_", ""]
        if not chapter.blocks:
            out += [f"_{t('report.no_notes', lang)}_", ""]
        for block in chapter.blocks:
            out += _block(block, lang)
    out += _actions(report.actions, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def render(session: Session, *, anonymize: bool = False,
           others: Iterable[Participant] = ()) -> str:
    """The report of one session as Markdown; ``others`` as in :func:`build`."""
    return render_report(build(session, anonymize=anonymize, others=others))


# -- the series overview ---------------------------------------------------------------


def _links(thread: Thread, lang: str) -> str:
    links = ", ".join(f"[{session_id}]({quote(path, safe='/._-~')})"
                      for session_id, path in thread.links)
    if thread.more:
        links += ", " + t("report.series.more", lang, n=thread.more)
    return links


def _threads(threads: list[Thread], lang: str) -> list[str]:
    if not threads:
        return [f"_{t('report.series.none', lang)}_", ""]
    header = [t(key, lang) for key in ("report.series.thread", "report.series.count",
                                       "report.series.sessions", "report.series.first",
                                       "report.series.last", "report.series.links")]
    rows = [[th.label, str(th.count), str(th.sessions), th.first, th.last, _links(th, lang)]
            for th in threads]
    return table(header, rows, "lrrlll") + [""]


def _trends(overview: Overview) -> list[str]:
    """Per question the critical notes and advice, session after session."""
    lang = overview.lang
    out = [f"## {t('series.trends', lang)}", ""]
    if not overview.trends:
        return [*out, f"_{t('report.series.none', lang)}_", ""]
    out += [f"_{t('series.trends.intro', lang)}_", ""]
    header = [t("report.series.perspective", lang), t("report.series.question", lang),
              t("report.kind.critical", lang), t("report.kind.advice", lang)]
    rows = []
    for trend in overview.trends:
        shown, more = trend.last(), "… " if trend.more else ""
        rows.append([trend.perspective, trend.question,
                     more + " → ".join(map(str, shown.critical)),
                     more + " → ".join(map(str, shown.advice))])
    return out + table(header, rows) + [""]


def render_series(overview: Overview) -> str:
    lang = overview.lang
    out = [f"# {overview.title()}", ""]
    if overview.sessions:
        period = t("report.series.period", lang)
        out.append(f"- **{period}:** {overview.first} – {overview.last}")
    if overview.skipped:
        out.append(f"- {t('report.series.skipped', lang, n=overview.skipped)}")
    out += ["", f"## {t('report.series.threads', lang)}", "",
            f"### {t('report.series.tags', lang)}", ""]
    out += _threads(overview.tags, lang)
    out += [f"### {t('report.series.words', lang)}", ""]
    out += _threads(overview.words, lang)

    out += [f"## {t('report.series.per_question', lang)}", ""]
    if overview.questions:
        header = [t("report.series.perspective", lang), t("report.series.question", lang),
                  t("report.kind.critical", lang), t("report.kind.compliment", lang),
                  t("report.kind.advice", lang)]
        rows = [[q.perspective, q.question, str(q.critical), str(q.compliment), str(q.advice)]
                for q in overview.questions]
        out += table(header, rows, "llrrr") + [""]
    else:
        out += [f"_{t('report.series.none', lang)}_", ""]

    out += _trends(overview)

    out += [f"## {t('report.series.open_actions', lang)}", ""]
    if overview.open_actions:
        header = [t(key, lang) for key in ("report.action", "report.owner", "report.due",
                                           "report.horizon", "report.series.session")]
        rows = [[item.action.text, item.action.owner or "",
                 item.action.due.isoformat() if item.action.due else "",
                 t(f"report.horizon.{item.action.horizon.value}", lang),
                 f"{item.date} [{item.session_id}]({quote(item.link, safe='/._-~')})"]
                for item in overview.open_actions]
        out += table(header, rows) + [""]
    else:
        out += [f"_{t('report.no_actions', lang)}_", ""]

    out += [f"## {t('report.series.timing', lang)}", ""]
    if overview.timing:
        header = [t("report.format", lang), t("report.step", lang), t("report.planned", lang),
                  t("report.series.median", lang), t("report.series.held", lang)]
        rows = [[s.format, s.step, t("report.minutes", lang, n=s.planned_min)
                 if s.planned_min else "—", s.median, str(s.held)] for s in overview.timing]
        out += table(header, rows, "llrrr") + [""]
    else:
        out += [f"_{t('report.series.none', lang)}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"
