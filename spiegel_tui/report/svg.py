"""A small inline SVG line chart (HTML5 inline: no namespace URL needed) of one question's trend (no JavaScript, nothing fetched):
critical notes and advice per session, on one shared scale, with the last counts written
beside the lines so the chart also reads in black and white."""

from __future__ import annotations

from html import escape

from spiegel_tui.report.trends import QuestionTrend

WIDTH, HEIGHT, PAD, LABEL = 220, 44, 4, 44
CRITICAL, ADVICE = "#b03a2e", "#2f5d7c"


def _points(values: list[int], top: int) -> str:
    span = max(1, len(values) - 1)
    inner_w, inner_h = WIDTH - LABEL - 2 * PAD, HEIGHT - 2 * PAD
    return " ".join(f"{PAD + inner_w * i / span:.1f},{PAD + inner_h * (1 - v / top):.1f}"
                    for i, v in enumerate(values))


def trend_svg(trend: QuestionTrend, critical_label: str, advice_label: str) -> str:
    top = max(1, *trend.critical, *trend.advice)
    label = (f"{trend.question}: {critical_label} {' → '.join(map(str, trend.critical))}; "
             f"{advice_label} {' → '.join(map(str, trend.advice))}")
    x = WIDTH - LABEL + 4
    parts = [f'<svg class="trend" width="{WIDTH}" '
             f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(label)}">',
             f"<title>{escape(label)}</title>",
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - LABEL - PAD}" '
             f'y2="{HEIGHT - PAD}" stroke="#c9d6df" stroke-width="1"/>']
    for values, colour, dash, y in ((trend.critical, CRITICAL, "", 16),
                                    (trend.advice, ADVICE, ' stroke-dasharray="4 2"', 34)):
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} '
                     f'points="{_points(values, top)}"/>')
        parts.append(f'<text x="{x}" y="{y}" font-size="11" fill="{colour}">'
                     f'{values[-1]}</text>')
    parts.append("</svg>")
    return "".join(parts)
