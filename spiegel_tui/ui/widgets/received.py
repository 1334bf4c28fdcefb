"""What each team received in its brievenbus, shown during "De Uitwerking": one column per
team, grouped compliment / kritische noot / advies, so the team can turn items into action
points (ctrl+t on a note makes an action that carries the note's team)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.markup import escape

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Note, NoteKind, Session
from spiegel_tui.model.teams import received
from spiegel_tui.ui.widgets.notes import KIND_MARK, KIND_STYLE
from spiegel_tui.ui.widgets.ticker import QuietText


class ReceivedPanel(Grid):
    """One :class:`QuietText` column per team (rebuilt only when the teams change)."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def compose(self) -> ComposeResult:
        return iter(())

    def show(self, session: Session) -> None:
        blocks = [(name, self._column(session, name, groups))
                  for name, groups in received(session)]
        columns = list(self.query_children(QuietText))
        if [c.name for c in columns] != [name for name, _ in blocks]:
            self.remove_children()
            columns = [QuietText(classes="team-received", name=name) for name, _ in blocks]
            self.mount_all(columns)
        self.styles.grid_size_columns = max(1, len(blocks))
        for column, (_, markup) in zip(columns, blocks, strict=True):
            column.show_text(markup)

    def _column(self, session: Session, name: str,
                groups: list[tuple[NoteKind, list[Note]]]) -> str:
        lang = self.lang
        theme = next((team.theme for team in session.teams if team.name == name), None)
        lines = [f"[b $accent]{escape(t('received.for', lang, team=name))}[/]"]
        if theme:
            lines.append(f"[$text-muted]{escape(theme)}[/]")
        if not groups:
            lines.append(f"\n[$text-muted]{escape(t('received.none', lang))}[/]")
        for kind, notes in groups:
            style = KIND_STYLE.get(kind, "")
            lines.append(f"\n[b]{escape(t(f'report.kind.{kind.value}', lang))}[/b]")
            for note in notes:
                lines.append(f"[b {style}]{escape(KIND_MARK[kind])}[/] {escape(note.text)}")
        return "\n".join(lines)
