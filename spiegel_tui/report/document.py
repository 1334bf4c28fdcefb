"""A plain document (the letter, the improvement plan, the listeners' sheet) and its
Markdown and HTML renderings.

The builders (``letter.py``, ``plan.py``, ``listeners.py``) fill a :class:`Document` with
texts that have already been through the anonymizer; this module only lays it out, with
the report's own helpers (its Markdown list items and tables, its HTML page and CSS), so
a letter prints on A4 exactly like the report does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session
from spiegel_tui.report import html as html_report
from spiegel_tui.report import markdown as md_report
from spiegel_tui.report.anonymize import Anonymizer
from spiegel_tui.report.common import NoteView, format_title
from spiegel_tui.report.html import e


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[str] = field(default_factory=list)  # html column widths ("40%")
    nowrap: set[int] = field(default_factory=set)  # html columns never broken (dates)


@dataclass
class Section:
    heading: str
    level: int = 2  # 2: a chapter, 3: a part of one
    paragraphs: list[str] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)  # verbatim notes, as a list
    items: list[str] = field(default_factory=list)  # a list of short texts
    numbered: bool = False  # items as a numbered list (the questions in order)
    table: Table | None = None
    new_page: bool = False  # html/pdf: start on a new page
    empty: str = ""  # shown when there is nothing in it


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # the last lines (a signature)


def session_facts(session: Session, anon: Anonymizer,
                  extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Format and date, then ``extra``, then location, organisation and theme when set."""
    lang = session.language
    facts = [(t("report.format", lang), format_title(session.format, lang)),
             (t("report.date", lang), session.date.isoformat()), *extra]
    for key, value in (("report.location", session.location),
                       ("report.organisation", session.organisation),
                       ("report.theme", session.theme)):
        if value:
            facts.append((t(key, lang), anon.text(value)))
    return facts


# -- Markdown --------------------------------------------------------------------------


def _md_section(section: Section) -> list[str]:
    out = ["#" * section.level + " " + section.heading, ""] if section.heading else []
    for paragraph in section.paragraphs:
        out += [" ".join(paragraph.split()), ""]
    if section.items:
        out += [(f"{n}. " if section.numbered else "- ") + " ".join(item.split())
                for n, item in enumerate(section.items, 1)] + [""]
    if section.notes:
        out += [md_report.note_item(note) for note in section.notes] + [""]
    if section.table is not None and section.table.rows:
        out += md_report.table(section.table.header, section.table.rows) + [""]
    if section.empty and not (section.items or section.notes or section.paragraphs
                              or (section.table and section.table.rows)):
        out += [f"_{section.empty}_", ""]
    return out


def render_md(document: Document) -> str:
    out = [f"# {document.title}", ""]
    if document.subtitle:
        out += [f"_{document.subtitle}_", ""]
    if document.facts:
        out += [f"- **{label}:** {value}" for label, value in document.facts] + [""]
    for section in document.sections:
        out += _md_section(section)
    if document.closing:
        out += ["  \n".join(document.closing), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ------------------------------------------------------------------------------

EXTRA_CSS = """
section.new-page { break-before: page; }
ol.items, ul.items { margin: .2rem 0 .6rem; padding-left: 1.4rem; }
ol.items li, ul.items li { margin: .2rem 0; break-inside: avoid; }
.closing { margin-top: 1.2rem; }
"""


def _html_section(section: Section) -> list[str]:
    css = ' class="new-page"' if section.new_page else ""
    out = [f"<section{css}>"]
    if section.heading:
        level = max(2, min(4, section.level))
        out.append(f"<h{level}>{e(section.heading)}</h{level}>")
    out += [f"<p>{e(paragraph)}</p>" for paragraph in section.paragraphs]
    if section.items:
        tag = "ol" if section.numbered else "ul"
        out.append(f'<{tag} class="items">' + "".join(f"<li>{e(item)}</li>"
                                                   for item in section.items) + f"</{tag}>")
    if section.notes:
        out.append('<ul class="notes">')
        out += [html_report.note_li(note) for note in section.notes]
        out.append("</ul>")
    if section.table is not None and section.table.rows:
        table = section.table
        out.append(html_report.table([e(h) for h in table.header],
                                     [[e(cell) for cell in row] for row in table.rows],
                                     widths=table.widths or None, nowrap=table.nowrap))
    if section.empty and not (section.items or section.notes or section.paragraphs
                              or (section.table and section.table.rows)):
        out.append(f'<p class="muted">{e(section.empty)}</p>')
    out.append("</section>")
    return out


def render_html(document: Document) -> str:
    body = ["<header>", f"<h1>{e(document.title)}</h1>"]
    if document.subtitle:
        body.append(f'<p class="subtitle">{e(document.subtitle)}</p>')
    if document.facts:
        body.append('<dl class="facts">')
        body += [f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in document.facts]
        body.append("</dl>")
    body.append("</header>")
    for section in document.sections:
        body += _html_section(section)
    if document.closing:
        body.append('<p class="closing">' + "<br>".join(e(line) for line in document.closing)
                    + "</p>")
    return html_report.page(document.title, document.lang, body, extra_css=EXTRA_CSS)


def render(document: Document, to: str) -> str:
    return render_html(document) if to == "html" else render_md(document)
