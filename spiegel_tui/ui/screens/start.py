"""The start screen: resume a recent session, or start a new one from a format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from spiegel_tui import store
from spiegel_tui.i18n import t
from spiegel_tui.model.formats import Format, all_formats
from spiegel_tui.model.session import Status
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.keys import start_bindings
from spiegel_tui.ui.screens.title_prompt import TitlePrompt

TITLE_WIDTH = 36
"""Longer titles end in an ellipsis, so date and status stay in view."""
FORMAT_WIDTH = 22
"""As long as the longest built-in format name (digitale-spiegelsessie)."""
NARROW = 140
"""Below this the sessions and the formats are stacked: side by side, the sessions table
(title, date, status, format: 86 columns with its padding) does not fit."""


@dataclass(frozen=True)
class Entry:
    """One row of the sessions list: a session file, or the error that keeps it shut."""

    path: Path
    title: str
    date: dt.date | None
    format: str
    status: str
    error: str | None = None


def scan(folder: Path) -> list[Entry]:
    """Every session file in ``folder``, newest date first, broken ones last."""
    entries = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            session = store.load(path)
        except SessionError as error:
            entries.append(Entry(path, path.name, None, "", "", error=str(error)))
            continue
        entries.append(Entry(path, session.title, session.date, session.format,
                             session.status.value))
    return sorted(entries, key=lambda e: (e.error is not None, -(e.date or dt.date.min)
                                          .toordinal(), e.title))


def _title(title: str, style: str = "") -> Text:
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1].rstrip() + "…"
    return Text(title, style=style)


class StartScreen(Screen[None]):
    """Recent sessions to resume, formats to start from.

    | Key | Action |
    | :- | :- |
    | enter | Open the chosen session / start one from the chosen format |
    | tab | Switch between sessions and formats |
    | r | Read the sessions folder again |
    | p | Prepare the chosen session, or a new one from the chosen format |
    """

    BINDINGS = start_bindings("nl")

    def __init__(self, sessions_dir: Path, lang: str = "nl") -> None:
        super().__init__()
        self.sessions_dir = Path(sessions_dir)
        self.lang = lang
        self.entries: list[Entry] = []
        self.formats: dict[str, Format] = {}

    def compose(self) -> ComposeResult:
        yield Static(f"[b]spiegel[/b]  [$text-muted]{escape(t('start.tagline', self.lang))}[/]",
                     id="start-title")
        with Horizontal(id="start-body"):
            with Vertical(id="start-sessions-box"):
                yield Static(t("start.sessions", self.lang), classes="start-heading")
                yield DataTable(id="start-sessions", cursor_type="row", zebra_stripes=True)
                yield Static("", id="start-error")
            with Vertical(id="start-formats-box"):
                yield Static(t("start.formats", self.lang), classes="start-heading")
                yield DataTable(id="start-formats", cursor_type="row")
                yield Static("", id="start-format-info")
        yield Footer()

    def on_mount(self) -> None:
        self.action_rescan()
        self.query_one("#start-sessions", DataTable).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def action_rescan(self) -> None:
        self.load_lists()

    @work(thread=True, exclusive=True)
    def load_lists(self) -> None:
        entries = scan(self.sessions_dir)
        try:
            formats = all_formats(self.sessions_dir)
        except SessionError as error:
            formats = all_formats(None)
            self.app.call_from_thread(self.notify, str(error), severity="warning")
        self.app.call_from_thread(self._fill, entries, formats)

    def _fill(self, entries: list[Entry], formats: dict[str, Format]) -> None:
        self.entries, self.formats = entries, formats
        # Columns are made with their rows, in one go: a header drawn before the rows came
        # kept its empty-table widths. The session columns have fixed widths, so the
        # table does not jump as the list fills.
        table = self.query_one("#start-sessions", DataTable)
        table.clear(columns=True)
        statuses = [t(f"status.{s.value}", self.lang) for s in Status]
        statuses.append(t("start.broken", self.lang))
        for column, width in (("title", TITLE_WIDTH), ("date", 10),
                              ("status", max(map(len, statuses))), ("format", FORMAT_WIDTH)):
            table.add_column(t(f"start.col.{column}", self.lang), width=width)
        for entry in entries:
            if entry.error:
                table.add_row(_title(entry.title, style="dim"), "",
                              Text(t("start.broken", self.lang), style="bold red"), "",
                              key=str(entry.path))
            else:
                status = t(f"status.{entry.status}", self.lang)
                table.add_row(_title(entry.title), entry.date.isoformat() if entry.date else "",
                              status, entry.format, key=str(entry.path))
        if not entries:
            self.query_one("#start-error", Static).update(
                t("start.none", self.lang, folder=str(self.sessions_dir)))
        listing = self.query_one("#start-formats", DataTable)
        listing.clear(columns=True)
        listing.add_columns(*(t(f"start.col.{c}", self.lang) for c in ("format", "minutes",
                                                                        "steps")))
        for name, fmt in formats.items():
            listing.add_row(Text(fmt.shown_title(self.lang)), str(fmt.minutes),
                            str(len(fmt.agenda)), key=name)
        if not entries:
            listing.focus()
        self._show_format_info()

    @on(DataTable.RowHighlighted, "#start-sessions")
    def _session_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self._entry(event.row_key.value)
        self.query_one("#start-error", Static).update(
            escape(entry.error) if entry and entry.error else "")

    @on(DataTable.RowHighlighted, "#start-formats")
    def _format_highlighted(self) -> None:
        self._show_format_info()

    def _show_format_info(self) -> None:
        listing = self.query_one("#start-formats", DataTable)
        if not self.formats or listing.row_count == 0:
            return
        key = listing.coordinate_to_cell_key(listing.cursor_coordinate).row_key.value
        fmt = self.formats.get(str(key))
        if fmt is not None:
            text = fmt.description_en if self.lang == "en" and fmt.description_en else (
                fmt.description)
            self.query_one("#start-format-info", Static).update(escape(text))

    def _entry(self, key: str | None) -> Entry | None:
        return next((e for e in self.entries if str(e.path) == key), None)

    @on(DataTable.RowSelected, "#start-sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        entry = self._entry(event.row_key.value)
        if entry is None:
            return
        if entry.error:
            self.notify(entry.error, severity="error")
            return
        self.app.open_session(entry.path)  # type: ignore[attr-defined]

    def action_prepare(self) -> None:
        """p: prepare the highlighted session, or a new session from the highlighted format."""
        sessions = self.query_one("#start-sessions", DataTable)
        formats = self.query_one("#start-formats", DataTable)
        table = formats if formats.has_focus else sessions
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if table is formats:
            self._new_session(str(key), prepare=True)
            return
        entry = self._entry(key)
        if entry is None or entry.error:
            if entry is not None:
                self.notify(entry.error or "", severity="error")
            return
        self._prepare(entry.path)

    def _prepare(self, path: Path) -> None:
        try:
            # back from preparing, the title or date may have changed
            self.app.prepare(path, lambda _: self.action_rescan())  # type: ignore[attr-defined]
        except (OSError, SessionError) as error:
            self.notify(str(error), severity="error")

    @on(DataTable.RowSelected, "#start-formats")
    def _new(self, event: DataTable.RowSelected) -> None:
        self._new_session(str(event.row_key.value))

    @work
    async def _new_session(self, name: str, prepare: bool = False) -> None:
        fmt = self.formats.get(name)
        if fmt is None:
            return
        title = await self.app.push_screen_wait(
            TitlePrompt(fmt.shown_title(self.lang), self.lang))
        if not title:
            return
        from spiegel_tui.commands.sessions import free_path

        try:
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            date = dt.date.today()
            path = free_path(self.sessions_dir, date, fmt.name)
            session = fmt.make_session(title=title, date=date, lang=self.lang,
                                       session_id=path.stem)
            store.create(session, path)
        except (OSError, SessionError) as error:
            self.notify(str(error), severity="error")
            return
        if prepare:
            self._prepare(path)
        else:
            self.app.open_session(path)  # type: ignore[attr-defined]


class EnglishStartScreen(StartScreen):
    """The same screen with its keys named in English."""

    BINDINGS = start_bindings("en")


def start_screen(sessions_dir: Path, lang: str = "nl") -> StartScreen:
    return (EnglishStartScreen if lang == "en" else StartScreen)(sessions_dir, lang)
