"""The series overview as one self-contained HTML page (same page and CSS as the report)."""

from __future__ import annotations

from urllib.parse import quote

from spiegel_tui.i18n import t
from spiegel_tui.report.html import e, page, table
from spiegel_tui.report.series import Overview, Thread


def _href(path: str) -> str:
    return e(quote(path, safe="/._-~"))


def _links(thread: Thread, lang: str) -> str:
    links = ", ".join(f'<a href="{_href(path)}">{e(session_id)}</a>'
                      for session_id, path in thread.links)
    if thread.more:
        links += ", " + e(t("report.series.more", lang, n=thread.more))
    return links


def _threads(threads: list[Thread], lang: str) -> str:
    if not threads:
        return f'<p class="muted">{e(t("report.series.none", lang))}</p>'
    header = [e(t(key, lang)) for key in ("report.series.thread", "report.series.count",
                                          "report.series.sessions", "report.series.first",
                                          "report.series.last", "report.series.links")]
    rows = [[e(th.label), str(th.count), str(th.sessions), e(th.first), e(th.last),
             _links(th, lang)] for th in threads]
    return table(header, rows, numeric={1, 2},
                 widths=["20%", "9%", "9%", "13%", "13%", "36%"])


def render_series(overview: Overview) -> str:
    lang = overview.lang
    body = ["<header>", f"<h1>{e(overview.title())}</h1>", '<dl class="facts">']
    if overview.sessions:
        body.append(f"<dt>{e(t('report.series.period', lang))}</dt>"
                    f"<dd>{e(overview.first)} – {e(overview.last)}</dd>")
    body.append("</dl>")
    if overview.skipped:
        body.append(f'<p class="notice">'
                    f'{e(t("report.series.skipped", lang, n=overview.skipped))}</p>')
    body.append("</header>")

    body += ["<section>", f"<h2>{e(t('report.series.threads', lang))}</h2>",
             f"<h3>{e(t('report.series.tags', lang))}</h3>", _threads(overview.tags, lang),
             f"<h3>{e(t('report.series.words', lang))}</h3>", _threads(overview.words, lang),
             "</section>"]

    body += ["<section>", f"<h2>{e(t('report.series.per_question', lang))}</h2>"]
    if overview.questions:
        header = [e(t(key, lang)) for key in ("report.series.perspective",
                                              "report.series.question", "report.kind.critical",
                                              "report.kind.compliment", "report.kind.advice")]
        rows = [[e(q.perspective), e(q.question), str(q.critical), str(q.compliment),
                 str(q.advice)] for q in overview.questions]
        body.append(table(header, rows, numeric={2, 3, 4},
                          widths=["22%", "30%", "16%", "16%", "16%"]))
    else:
        body.append(f'<p class="muted">{e(t("report.series.none", lang))}</p>')
    body.append("</section>")

    body += ["<section>", f"<h2>{e(t('report.series.open_actions', lang))}</h2>"]
    if overview.open_actions:
        header = [e(t(key, lang)) for key in ("report.action", "report.owner", "report.due",
                                              "report.horizon", "report.series.session")]
        rows = [[e(item.action.text), e(item.action.owner or ""),
                 e(item.action.due.isoformat() if item.action.due else ""),
                 e(t(f"report.horizon.{item.action.horizon.value}", lang)),
                 f'{e(item.date)} <a href="{_href(item.link)}">{e(item.session_id)}</a>']
                for item in overview.open_actions]
        body.append(table(header, rows, widths=["36%", "16%", "12%", "12%", "24%"]))
    else:
        body.append(f'<p class="muted">{e(t("report.no_actions", lang))}</p>')
    body.append("</section>")

    body += ["<section>", f"<h2>{e(t('report.series.timing', lang))}</h2>"]
    if overview.timing:
        header = [e(t(key, lang)) for key in ("report.format", "report.step", "report.planned",
                                              "report.series.median", "report.series.held")]
        rows = [[e(s.format), e(s.step),
                 e(t("report.minutes", lang, n=s.planned_min) if s.planned_min else "—"),
                 e(s.median), str(s.held)] for s in overview.timing]
        body.append(table(header, rows, numeric={2, 3, 4},
                          widths=["20%", "38%", "14%", "16%", "12%"]))
    else:
        body.append(f'<p class="muted">{e(t("report.series.none", lang))}</p>')
    body.append("</section>")
    return page(overview.title(), lang, body)
