"""The shape shared by the participants, agenda and questions editors: a table of rows and,
beside it (below it when narrow), a form that edits the highlighted row."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session

Row = tuple[str | Text, ...]


class ListEditor(Vertical):
    """Subclasses give ``COLUMNS`` (i18n keys), ``rows()``, ``compose_form()`` and
    ``load_form()``. The screen owns the session: it calls :meth:`show` after each change,
    and asks :attr:`index` which row an add, remove or move is about."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.session: Session | None = None
        self._rows: list[Row] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-box"):
            yield from self.compose_head()
            yield DataTable(cursor_type="row", zebra_stripes=True, classes="list-table")
            yield Static(t("prep.empty", self.lang), classes="list-empty")
        with Vertical(classes="list-form"):
            yield from self.compose_form()

    def compose_head(self) -> ComposeResult:
        yield from ()

    def compose_form(self) -> ComposeResult:
        yield from ()

    def rows(self, session: Session) -> list[Row]:
        raise NotImplementedError

    def load_form(self, session: Session, index: int) -> None:
        """Fill the form from row ``index`` (without posting edits)."""

    def on_mount(self) -> None:
        table = self.table
        for key in self.COLUMNS:
            table.add_column(t(key, self.lang), key=key)

    @property
    def table(self) -> DataTable:
        return self.query_one(".list-table", DataTable)

    @property
    def index(self) -> int:
        """The highlighted row (-1 when the list is empty)."""
        return self.table.cursor_row if self._rows else -1

    def show(self, session: Session, cursor: int | None = None) -> None:
        """Show the session's rows; ``cursor`` moves the highlight (after add/move)."""
        self.session = session
        rows = self.rows(session)
        table = self.table
        if len(rows) == len(self._rows) and cursor is None:
            for number, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
                for column, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b:
                        table.update_cell_at((number, column), b)
            self._rows = rows  # an edit typed in the form: leave the form as typed
            return
        else:
            keep = table.cursor_row if cursor is None else cursor
            self._rows = rows
            table.clear()
            for row in rows:
                table.add_row(*row)
            if rows:
                table.move_cursor(row=max(0, min(keep, len(rows) - 1)))
        self.query_one(".list-empty").display = not rows
        self.query_one(".list-form").display = bool(rows)
        if rows:
            self.load_form(session, self.index)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.session is not None and 0 <= event.cursor_row < len(self._rows):
            self.load_form(self.session, event.cursor_row)
