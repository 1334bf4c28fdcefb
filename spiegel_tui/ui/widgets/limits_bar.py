"""Under the prepare screen's top bar: the seeds' limits the session goes over (a team of
more than 6, a team without a client or relative, …), one line each; hidden when none."""

from __future__ import annotations

from pathlib import Path

from textual.markup import escape
from textual.widgets import Static

from spiegel_tui.folder import format_of
from spiegel_tui.model import limits
from spiegel_tui.model.session import Session


class LimitsBar(Static):
    """The format (and so its limits) is looked up once, when the screen is made."""

    def __init__(self, session: Session, folder: Path, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.format = format_of(session, folder)
        self.lang = lang
        self.display = False

    def show(self, session: Session) -> list[str]:
        found = limits.warnings(session, self.format, self.lang)
        self.display = bool(found)
        self.update("\n".join(f"⚠ {escape(line)}" for line in found))
        return found
