"""The session report and the series overview as one self-contained HTML file.

Inline CSS only: no scripts, no fonts, images or links to fetch, so it opens offline and a
browser prints it to A4 (``@page``) without anything overflowing the page width. Every text
is escaped with :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

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

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0; padding: 0; color: #1d1d1f; background: #fff;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  line-height: 1.4; }
main { width: min(100%, 180mm); margin: 0 auto; padding: 8mm 6mm; }
h1 { font-size: 1.8rem; margin: 0 0 .2rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .5rem; padding-block-end: .2rem;
  border-block-end: 2px solid #2f5d7c; color: #2f5d7c; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; break-after: avoid; }
h4 { font-size: .95rem; margin: .6rem 0 .2rem; color: #444; break-after: avoid; }
h1, h2, h3, h4, p, li, dd { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; hyphens: auto; }
.subtitle { font-style: italic; color: #555; margin: 0 0 .8rem; }
.question { margin: 0 0 .4rem; padding-left: .6rem; border-left: 3px solid #c9d6df;
  color: #333; }
.intro { color: #555; font-style: italic; }
.notice { padding: .4rem .6rem; background: #f3f6f8; border-left: 3px solid #2f5d7c; }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: .15rem .8rem;
  margin: .6rem 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul.notes { margin: .2rem 0 .6rem; padding-left: 1.2rem; }
ul.notes li { white-space: pre-wrap; margin: .15rem 0; break-inside: avoid; }
.tag { font-size: .85em; color: #2f5d7c; }
li.kind-quote { font-style: italic; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: .4rem 0 .8rem;
  font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem;
  border-block-end: 1px solid #d5dde3; }
th { background: #eef3f6; }
td.num, th.num { text-align: right; }
td.num, td.nowrap { white-space: nowrap; }
th { overflow-wrap: normal; }
tr { break-inside: avoid; }
tr.total td { font-weight: bold; border-top: 2px solid #2f5d7c; }
tr.break td { color: #666; font-style: italic; }
section.block { break-inside: auto; }
.muted { color: #666; }
@media print {
  main { width: auto; padding: 0; }
  h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def e(text: str) -> str:
    return escape(text, quote=True)


def page(title: str, lang: str, body: list[str], extra_css: str = "") -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}{extra_css}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def table(header: list[str], rows: list[list[str]], *, numeric: set[int] | None = None,
          widths: list[str] | None = None, row_classes: list[str] | None = None,
          nowrap: set[int] | None = None) -> str:
    """A table of already-escaped cells; ``numeric`` columns are right-aligned and, like
    the ``nowrap`` ones (dates), never broken across lines."""
    numeric = numeric or set()
    nowrap = nowrap or set()
    out = ["<table>"]
    if widths:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths)
                   + "</colgroup>")
    num, keep = ' class="num"', ' class="nowrap"'
    out.append("<thead><tr>" + "".join(
        f'<th{num if i in numeric else ""}>{h}</th>'
        for i, h in enumerate(header)) + "</tr></thead>")
    out.append("<tbody>")
    for index, row in enumerate(rows):
        css = row_classes[index] if row_classes else ""
        cells = "".join(f'<td{num if i in numeric else keep if i in nowrap else ""}>'
                        f'{value}</td>' for i, value in enumerate(row))
        out.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _note(note: NoteView) -> str:
    tags = "".join(f' <span class="tag">#{e(tag)}</span>' for tag in note.extra_tags)
    return f'<li class="kind-{e(note.kind.value)}" id="{e(note.id)}">{e(note.text)}{tags}</li>'


note_li = _note
"""A note as a list item (for the other documents)."""


def _block(block: Block, lang: str) -> list[str]:
    out = ['<section class="block">']
    if block.heading:
        out.append(f"<h3>{e(block.heading)}</h3>")
    if block.text:
        out.append(f'<p class="question">{e(block.text)}</p>')
    if not block.groups:
        out.append(f'<p class="muted">{e(t("report.no_notes", lang))}</p>')
    for group in block.groups:
        if group.label:
            out.append(f"<h4>{e(group.label)}</h4>")
        out.append('<ul class="notes">')
        out += [_note(note) for note in group.notes]
        out.append("</ul>")
    out.append("</section>")
    return out


def _actions(tables: list[ActionTable], lang: str) -> list[str]:
    out = ['<section class="actions">', f"<h2>{e(t('report.actions', lang))}</h2>"]
    header = [e(t(key, lang)) for key in ("report.action", "report.owner", "report.due",
                                          "report.horizon", "report.status")]
    for action_table in tables:
        if len(tables) > 1:
            out.append(f"<h3>{e(action_table.heading)}</h3>")
        if not action_table.rows:
            out.append(f'<p class="muted">{e(t("report.no_actions", lang))}</p>')
            continue
        rows = [[e(r.text), e(r.owner), e(r.due), e(r.horizon), e(r.status)]
                for r in action_table.rows]
        out.append(table(header, rows, widths=["38%", "22%", "15%", "14%", "11%"],
                         nowrap={2}))
    out.append("</section>")
    return out


def render_report(report: Report) -> str:
    lang = report.lang
    body = ["<header>", f"<h1>{e(report.title)}</h1>"]
    if report.subtitle:
        body.append(f'<p class="subtitle">{e(report.subtitle)}</p>')
    body.append('<dl class="facts">')
    for label, value in report.facts:
        body.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    people = "; ".join(f"{role}: {count}" + (f" ({', '.join(names)})" if names else "")
                       for role, count, names in report.participants)
    body.append(f"<dt>{e(t('report.participants', lang))}</dt>"
                f"<dd>{e(people or t('report.nobody', lang))}</dd>")
    body.append("</dl>")
    if report.anonymized:
        body.append(f'<p class="notice">{e(t("report.anonymized", lang))}</p>')
    body.append("</header>")

    timing = report.timing
    body += ['<section class="timing">', f"<h2>{e(t('report.timing', lang))}</h2>"]
    header = [e(t(key, lang)) for key in ("report.step", "report.planned", "report.actual",
                                          "report.difference", "report.started")]
    rows, classes = [], []
    for row in timing.rows:
        title = e(break_title(row.title, row.is_break, lang))
        rows.append([title, e(row.planned), e(row.actual), e(row.difference),
                     e(row.started or "—")])
        classes.append("break" if row.is_break else "")
    rows.append([e(t("report.total", lang)), e(timing.planned_total), e(timing.actual_total),
                 e(timing.drift), ""])
    classes.append("total")
    body.append(table(header, rows, numeric={1, 2, 3},
                      widths=["40%", "13%", "17%", "14%", "16%"], row_classes=classes))
    summary = f"<strong>{e(t('report.drift', lang))}:</strong> {e(timing.drift_summary)}"
    if timing.breaks:
        summary += f"<br><strong>{e(t('report.breaks', lang))}:</strong> {e(timing.breaks)}"
    body.append(f"<p>{summary}</p>")
    body.append("</section>")

    for chapter in report.chapters:
        body += ['<section class="chapter">', f"<h2>{e(chapter.heading)}</h2>"]
        if chapter.intro:
            body.append(f'<p class="intro">{e(chapter.intro)}</p>')
        if not chapter.blocks:
            body.append(f'<p class="muted">{e(t("report.no_notes", lang))}</p>')
        for block in chapter.blocks:
            body += _block(block, lang)
        body.append("</section>")
    body += _actions(report.actions, lang)
    return page(report.title, lang, body)


def render(session: Session, *, anonymize: bool = False,
           others: Iterable[Participant] = ()) -> str:
    """The report of one session as a self-contained HTML page; ``others`` as in :func:`build`."""
    return render_report(build(session, anonymize=anonymize, others=others))
