"""``spiegel actions DIR``: every open action across the sessions in a folder, with owner,
due date and the session it came from; overdue ones first (oldest due date first), then
the others by due date, those without a date last. An action carried into later sessions
by ``--from`` is listed once, at its origin, and only while no copy of it is done (as in
the series overview)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spiegel_tui.i18n import t
from spiegel_tui.report.document import Document, Section, Table
from spiegel_tui.report.series import Loaded, OpenAction, open_actions


def _order(item: OpenAction, today: dt.date) -> tuple[int, dt.date, str, str]:
    due = item.action.due
    group = 0 if due is not None and due < today else 1 if due is not None else 2
    return group, due or dt.date.max, item.date, item.session_id


def ordered(loaded: list[Loaded], today: dt.date, base: Path) -> list[OpenAction]:
    return sorted(open_actions(loaded, base), key=lambda item: _order(item, today))


def build(loaded: list[Loaded], *, today: dt.date, base: Path, folder: str,
          lang: str = "nl") -> tuple[Document, list[OpenAction]]:
    items = ordered(loaded, today, base)
    rows = []
    for item in items:
        due = item.action.due
        state = (t("actions.overdue", lang) if due is not None and due < today
                 else t("actions.on_time", lang) if due is not None
                 else t("actions.no_date", lang))
        rows.append([item.action.text, item.action.owner or "—",
                     due.isoformat() if due else "—", state,
                     item.session_id])
    header = [t("report.action", lang), t("report.owner", lang), t("report.due", lang),
              t("actions.state", lang), t("report.series.session", lang)]
    section = Section("", paragraphs=[t("actions.intro", lang, folder=folder)],
                      table=Table(header, rows, ["34%", "18%", "12%", "10%", "26%"], {2}),
                      empty=t("report.no_actions", lang))
    return Document(lang=lang, title=t("actions.title", lang, n=len(items)),
                    sections=[section]), items

