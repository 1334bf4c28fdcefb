"""The series overview as one self-contained HTML page (same page and CSS as the report)."""

from __future__ import annotations

from urllib.parse import quote

from spiegel_tui.i18n import t
from spiegel_tui.report.html import e, page, table
from spiegel_tui.report.series import Overview, Thread
from spiegel_tui.report.svg import ADVICE, CRITICAL, trend_svg

TREND_CSS = """
svg.trend { display: block; max-width: 100%; height: auto; }
.legend-critical { color: #b03a2e; font-weight: bold; }
.legend-advice { color: #2f5d7c; font-weight: bold; }
"""


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


def _trends(overview: Overview, h: str) -> list[str]:
    lang = overview.lang
    critical, advice = t("report.kind.critical", lang), t("report.kind.advice", lang)
    out = ["<section>", f"<{h}>{e(t('series.trends', lang))}</{h}>"]
    if not overview.trends:
        return [*out, f'<p class="muted">{e(t("report.series.none", lang))}</p>', "</section>"]
    out.append(f'<p>{e(t("series.trends.intro", lang))} '
               f'<span class="legend-critical" style="color:{CRITICAL}">— {e(critical)}</span> '
               f'<span class="legend-advice" style="color:{ADVICE}">- - {e(advice)}</span></p>')
    header = [e(t("report.series.perspective", lang)), e(t("report.series.question", lang)),
              e(t("report.series.sessions", lang)), ""]
    rows = []
    for trend in overview.trends:
        shown = trend.last()
        count = str(len(trend.dates)) + (
            f" ({e(t('series.trends.earlier', lang, n=len(shown.dates)))})" if trend.more else "")
        rows.append([e(trend.perspective), e(trend.question), count,
                     trend_svg(shown, critical, advice)])
    out.append(table(header, rows, widths=["20%", "30%", "12%", "38%"]))
    out.append("</section>")
    return out


def render_series(overview: Overview) -> str:
    return page(overview.title(), overview.lang, series_body(overview), extra_css=TREND_CSS)


def series_body(overview: Overview, shift: int = 0) -> list[str]:
    """The overview as body elements; ``shift`` pushes every heading down that many levels
    (a series among others in a folder)."""
    lang = overview.lang
    h1, h2, h3 = (f"h{min(6, n + shift)}" for n in (1, 2, 3))
    body = ["<header>", f"<{h1}>{e(overview.title())}</{h1}>", '<dl class="facts">']
    if overview.sessions:
        body.append(f"<dt>{e(t('report.series.period', lang))}</dt>"
                    f"<dd>{e(overview.first)} – {e(overview.last)}</dd>")
    body.append("</dl>")
    if overview.skipped:
        body.append(f'<p class="notice">'
                    f'{e(t("report.series.skipped", lang, n=overview.skipped))}</p>')
    body.append("</header>")

    body += ["<section>", f"<{h2}>{e(t('report.series.threads', lang))}</{h2}>",
             f"<{h3}>{e(t('report.series.tags', lang))}</{h3}>", _threads(overview.tags, lang),
             f"<{h3}>{e(t('report.series.words', lang))}</{h3}>", _threads(overview.words, lang),
             "</section>"]

    body += ["<section>", f"<{h2}>{e(t('report.series.per_question', lang))}</{h2}>"]
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
    body += _trends(overview, h2)

    body += ["<section>", f"<{h2}>{e(t('report.series.open_actions', lang))}</{h2}>"]
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

    body += ["<section>", f"<{h2}>{e(t('report.series.timing', lang))}</{h2}>"]
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
    return body
