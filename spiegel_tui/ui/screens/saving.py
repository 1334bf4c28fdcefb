"""Saving and merging for the screens that own a session (the live console, the prepare
screen): a debounced save in a thread worker, and taking in what others wrote.

The screen mixing this in has ``sync``, ``session``, ``lang``, a reactive ``revision`` that
it bumps on every change, and ``refresh_all()``. The keystroke path never touches the disk.
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.timer import Timer

from spiegel_tui.i18n import t
from spiegel_tui.model.merge import merge_sessions
from spiegel_tui.model.session import Session, snapshot
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.sync import SessionSync

RETRY_S = 2.0


class SavingMixin:
    """Mixed into a :class:`~textual.screen.Screen` (it uses the screen's timers, workers
    and notifications)."""

    sync: SessionSync
    session: Session
    lang: str
    revision: int
    _save_timer: Timer | None = None
    _busy: bool = False  # a save or reload worker is running
    _saved_revision: int = 0

    def refresh_all(self) -> None:  # pragma: no cover - the screen's own
        raise NotImplementedError

    def take_unsaved(self) -> None:
        """Hook for :meth:`flush`: fold typed-but-unsent input into the session."""

    def schedule_save(self, delay: float | None = None) -> None:
        if self._save_timer is None:
            wait = self.app.autosave_delay if delay is None else delay  # type: ignore[attr-defined]
            self._save_timer = self.set_timer(wait, self._start_save)  # type: ignore[attr-defined]

    def _start_save(self) -> None:
        self._save_timer = None
        if self._busy:
            self.schedule_save()
            return
        self._busy = True
        revision = self.revision
        self._save_worker(snapshot(self.session), revision)

    @work(thread=True, group="io", exit_on_error=False)
    def _save_worker(self, snap: Session, revision: int) -> None:
        try:
            written, merged = self.sync.save(snap)
        except Exception as error:  # noqa: BLE001 - any failure: say so, keep the notes, retry
            self.app.call_from_thread(self._save_failed, error)  # type: ignore[attr-defined]
            return
        self.app.call_from_thread(  # type: ignore[attr-defined]
            self._save_done, snap, written, merged, revision)

    def _save_done(self, snap: Session, written: Session, merged: bool, revision: int) -> None:
        self._busy = False
        self._saved_revision = revision
        if merged:
            self.session = merge_sessions(snap, self.session, written)
            self.refresh_all()
            self.notify(t("merged", self.lang), timeout=2)  # type: ignore[attr-defined]
            if self.session != written:
                self.schedule_save()
        elif self.revision != revision:
            self.schedule_save()

    def _save_failed(self, error: Exception) -> None:
        self._busy = False
        self.notify(t("save.failed", self.lang, error=error),  # type: ignore[attr-defined]
                    severity="error", timeout=4)
        self.schedule_save(RETRY_S)

    def poll(self) -> None:
        """Take in notes written by others (``spiegel note``, a second console)."""
        if self._busy or self._save_timer is not None or not self.sync.changed_on_disk():
            return
        self._busy = True
        self._reload_worker(snapshot(self.session))

    @work(thread=True, group="io", exit_on_error=False)
    def _reload_worker(self, snap: Session) -> None:
        try:
            merged, changed = self.sync.reload(snap)
        except Exception as error:  # noqa: BLE001 - keep ours, say so, try again later
            self.app.call_from_thread(self._reload_failed, error)  # type: ignore[attr-defined]
            return
        self.app.call_from_thread(self._reload_done, snap, merged, changed)  # type: ignore

    def _reload_done(self, snap: Session, merged: Session, changed: bool) -> None:
        self._busy = False
        if not changed:
            return
        self.session = merge_sessions(snap, self.session, merged)
        self.refresh_all()
        if self.session != self.sync.on_disk():
            self.schedule_save()

    def _reload_failed(self, error: Exception) -> None:
        # A half-written or broken file from outside: keep ours, say so once, try later.
        self._busy = False
        self.notify(str(error), severity="warning", timeout=4)  # type: ignore[attr-defined]

    async def flush(self) -> None:
        """Save now and wait for it (quit, opening or leaving the prepare screen).

        What the save merged in from disk (a ``spiegel note`` meanwhile) is taken into the
        session too: the screen goes on with it, and a later save must not read its absence
        as a deletion. A failure is shown and raised; the session keeps every note."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.take_unsaved()
        app = self.app  # type: ignore[attr-defined]
        while True:  # a poll may start a reload while we wait: wait for that one too
            pending = [worker for worker in app.workers
                       if worker.group in ("io", "follow-up") and worker.is_running]
            if not pending:  # an empty list would mean "every worker", this one included
                break
            await app.workers.wait_for_complete(pending)
        # No poll may start a reload during this save: a reload that took in a note from
        # disk first would leave this save's older snapshot looking current, and it would
        # write over that note.
        self._busy = True
        snap = snapshot(self.session)
        try:
            written, merged = await asyncio.to_thread(self.sync.save, snap)
        except (OSError, SessionError) as error:
            self.notify(t("save.failed", self.lang, error=error),  # type: ignore[attr-defined]
                        severity="error")
            raise
        finally:
            self._busy = False
        if merged:
            self.session = merge_sessions(snap, self.session, written)
            self.refresh_all()
