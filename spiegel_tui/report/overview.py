"""``spiegel series DIR``: the folder split into series (see ``trends.group``), each with
its own overview; the overview says which sessions it grouped and why. One series is laid out exactly as a single overview; more get a chapter each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spiegel_tui.i18n import t
from spiegel_tui.report import series, trends
from spiegel_tui.report.series import Loaded, Overview


@dataclass
class FolderOverview:
    lang: str
    sessions: int
    skipped: int
    series: list[tuple[trends.Group, Overview]]

    def title(self) -> str:
        if len(self.series) == 1:
            return self.series[0][1].title()
        return t("series.folder_title", self.lang, n=self.sessions, groups=len(self.series))


def build(loaded: list[Loaded], *, skipped: int = 0, lang: str = "nl",
          link_base: Path | None = None, everything: bool = False) -> FolderOverview:
    groups = trends.group(loaded, everything=everything, lang=lang)
    return FolderOverview(lang, len(loaded), skipped, [
        (group, series.build(group.loaded, skipped=skipped if len(groups) == 1 else 0,
                             lang=lang, link_base=link_base)) for group in groups])


def _grouping_md(folder: FolderOverview) -> list[str]:
    lang = folder.lang
    out = [f"## {t('series.groups', lang)}", "", f"_{t('series.groups.intro', lang)}_", ""]
    for group, _ in folder.series:
        out += [f"**{group.name}**", ""]
        out += [f"- {item.session.id}: {why}" for item, why in group.members] + [""]
    return out


def render_md(folder: FolderOverview) -> str:
    from spiegel_tui.report.markdown import render_series

    lang = folder.lang
    if len(folder.series) == 1:
        overview = render_series(folder.series[0][1]).split("\n")
        return "\n".join(overview[:2] + _grouping_md(folder) + overview[2:])
    out = [f"# {folder.title()}", ""]
    if folder.skipped:
        out += [f"- {t('report.series.skipped', lang, n=folder.skipped)}", ""]
    out += _grouping_md(folder)
    for group, overview in folder.series:
        lines = render_series(overview).split("\n")
        out += [f"## {t('series.series', lang, name=group.name, n=len(group.members))}", ""]
        out += [("#" + line if line.startswith("#") else line) for line in lines[2:]]
    return "\n".join(out).rstrip("\n") + "\n"


def _grouping_html(folder: FolderOverview) -> list[str]:
    from spiegel_tui.report.html import e

    lang = folder.lang
    out = ["<section>", f"<h2>{e(t('series.groups', lang))}</h2>",
           f'<p class="intro">{e(t("series.groups.intro", lang))}</p>']
    for name, members in [(group.name, group.members) for group, _ in folder.series]:
        out.append(f"<h4>{e(name)}</h4>")
        out.append('<ul class="items">' + "".join(
            f"<li>{e(item.session.id)}: {e(why)}</li>" for item, why in members) + "</ul>")
    out.append("</section>")
    return out


def render_html(folder: FolderOverview) -> str:
    from spiegel_tui.report.document import EXTRA_CSS
    from spiegel_tui.report.html import e, page
    from spiegel_tui.report.html_series import TREND_CSS, series_body

    lang = folder.lang
    css = TREND_CSS + EXTRA_CSS
    if len(folder.series) == 1:
        body = series_body(folder.series[0][1])
        at = body.index("</header>") + 1
        return page(folder.title(), lang, body[:at] + _grouping_html(folder) + body[at:],
                    extra_css=css)
    body = ["<header>", f"<h1>{e(folder.title())}</h1>"]
    if folder.skipped:
        body.append(f'<p class="notice">'
                    f'{e(t("report.series.skipped", lang, n=folder.skipped))}</p>')
    body += ["</header>", *_grouping_html(folder)]
    for group, overview in folder.series:
        inner = series_body(overview, shift=1)
        inner[inner.index("<header>") + 1] = (
            f"<h2>{e(t('series.series', lang, name=group.name, n=len(group.members)))}</h2>")
        body += ['<section class="series">', *inner, "</section>"]
    return page(folder.title(), lang, body, extra_css=css)
