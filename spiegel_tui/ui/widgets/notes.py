"""The scribe pane: a note input and the notes of the current step, newest last."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import ListItem, ListView, Static, TextArea

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Note, NoteKind

KIND_MARK = {
    NoteKind.NOTE: "·",
    NoteKind.QUOTE: "❝",
    NoteKind.COMPLIMENT: "+",
    NoteKind.CRITICAL: "!",
    NoteKind.ADVICE: "›",
    NoteKind.LESSON: "★",
    NoteKind.AGREEMENT: "✔",
    NoteKind.QUESTION: "?",
}


KIND_STYLE = {
    NoteKind.COMPLIMENT: "$success",
    NoteKind.CRITICAL: "$error",
    NoteKind.ADVICE: "$secondary",
    NoteKind.QUOTE: "$accent",
    NoteKind.QUESTION: "$warning",
    NoteKind.LESSON: "$accent",
    NoteKind.AGREEMENT: "$success",
}

TAG = re.compile(r"(#[\w-]+)")

WINDOW = 40
"""Notes of a step listed at first (the rest come in as the highlight reaches the top)."""


STAMP_W = 8
"""Cells for "HH:MM +" before a note's text; its wrapped lines are indented as far."""


class NoteItem(ListItem):
    """One note in the list: time and kind mark, then the text with a hanging indent.

    One widget that draws itself (not a stamp and a text widget inside the item): every
    widget on the screen costs time at each layout, and the note input asks for a layout
    at every key.
    """

    def __init__(self, note: Note) -> None:
        # No DOM id from the note's id: a merge can renumber notes, and the list is rebuilt
        # while the old items are still being removed (two items with one id broke it).
        super().__init__()
        self.note_id = note.id
        self.note = note
        self._lines: tuple[int, list[Content]] | None = None  # (width, wrapped lines)

    @staticmethod
    def render_note(note: Note) -> tuple[str, Content]:
        mark = KIND_MARK.get(note.kind, "·")
        style = KIND_STYLE.get(note.kind, "")
        mark = f"[b {style}]{mark}[/]" if style else f"[b]{mark}[/b]"
        # Content from the plain text, not markup: a note is shown exactly as typed (markup
        # escaping doubled a backslash at the end of a note).
        text = Content(note.text).highlight_regex(TAG, style="$secondary")
        if note.team:  # posted in a team's brievenbus
            text = Content.styled(f"@{note.team} ", "$text-muted") + text
        return f"[$text-muted]{note.at.strftime('%H:%M')}[/] {mark}", text

    def refresh_note(self, note: Note) -> None:
        self.note = note
        self._lines = None
        self.refresh(layout=True)

    def wrapped(self, width: int) -> list[Content]:
        """The note's lines at this width: the stamp, then the text with a hanging indent."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        stamp, text = self.render_note(self.note)
        head = Content.from_markup(stamp)
        head = head.extend_right(max(0, STAMP_W - head.cell_length))
        body = text.wrap(max(1, width - STAMP_W)) or [Content("")]
        indent = Content(" " * STAMP_W)
        lines = [head + body[0], *(indent + line for line in body[1:])]
        self._lines = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self.wrapped(self.content_size.width))


class NoteInput(TextArea):
    """The note input. Enter clears it at once and keeps the text "in flight" until the
    screen has added the note, so a quit right after Enter, or fast typing, loses nothing.

    A soft-wrapping text area, not an ``Input``: a long note wraps onto a second line the
    scribe can read back, and a key lays out nothing (an ``Input`` sets its virtual size,
    the text's width, at every key, which lays out the whole screen: key p50 4.6 ms against
    8 ms in the same run, see ``benchmarks/analysis.md``). Enter adds the note; a pasted
    newline stays in the note.

    | Key | Action |
    | :- | :- |
    | enter | Add the typed note |
    """

    BINDINGS = [
        Binding("enter", "submit_note", "Notitie", id="scribe.submit", show=False,
                tooltip="Add the typed note"),
    ]

    def __init__(self, placeholder: str = "", **kwargs: object) -> None:
        super().__init__(soft_wrap=True, compact=True, tab_behavior="focus",
                         show_line_numbers=False, highlight_cursor_line=False,
                         placeholder=placeholder, **kwargs)  # type: ignore[arg-type]
        self.in_flight: list[str] = []
        self.begun_at: tuple[str | None, str | None] | None = None
        """Step and question on screen when the first character of this note was typed."""

    @property
    def value(self) -> str:
        """The typed text (as an ``Input``'s value)."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text
        self.move_cursor(self.document.end)

    @property
    def cursor_position(self) -> int:
        """The cursor as an offset into the text."""
        row, column = self.cursor_location
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    @cursor_position.setter
    def cursor_position(self, offset: int) -> None:
        before = self.text[:max(0, offset)].split("\n")
        self.move_cursor((len(before) - 1, len(before[-1])))

    def insert_text_at_cursor(self, text: str) -> None:
        self.insert(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.text and self.begun_at is None:
            pane = self.parent
            self.begun_at = pane.position if isinstance(pane, ScribePane) else None
        elif not self.text:
            self.begun_at = None

    def on_key(self, event: events.Key) -> None:
        # Enter is handled here, in key order: a binding's action would run only after
        # the keys already queued behind it, gluing a fast typist's notes together. This
        # handler runs before the text area's own (subclass first), which would insert a
        # newline.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit_note()

    def action_submit_note(self) -> None:
        text, begun_at = self.value.strip(), self.begun_at
        self.value = ""
        if text:
            self.in_flight.append(text)
            pane = self.parent
            if isinstance(pane, ScribePane):
                pane.post_message(ScribePane.Submitted(pane, text, begun_at))


class NotesList(ListView):
    """The notes of the step. Enter edits the chosen note; Esc goes back to typing.

    No letter is a key here: a scribe who typed on after Tab would lose the text. A
    printable key goes back to the note input (the screen sees to it).

    | Key | Action |
    | :- | :- |
    | enter | Edit the chosen note |
    | escape | Back to the note input |
    """

    BINDINGS = [
        Binding("escape", "back_to_typing", "Typen", id="scribe.back",
                tooltip="Back to the note input"),
    ]

    def action_back_to_typing(self) -> None:
        pane = self.parent
        if isinstance(pane, ScribePane):
            pane.focus_input()


class ScribePane(Vertical):
    """Type a note and press Enter; the notes of the current step are listed below."""

    @dataclass
    class Submitted(Message):
        """The scribe typed a note and pressed Enter."""

        pane: ScribePane
        text: str
        begun_at: tuple[str | None, str | None] | None = None
        """Step and question on screen at its first character (None: not known)."""

        @property
        def control(self) -> ScribePane:
            return self.pane

    @dataclass
    class Chosen(Message):
        """A listed note was chosen: to ``edit`` it, or to make an ``action`` of it."""

        pane: ScribePane
        note_id: str
        purpose: str

        @property
        def control(self) -> ScribePane:
            return self.pane

    @dataclass
    class BlankRequested(Message):
        """A clicker's blank key ('.') arrived in the empty input."""

        pane: ScribePane

    def __init__(self, lang: str = "nl", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.position: tuple[str | None, str | None] | None = None
        """Step and question on screen now (the screen sets it at every refresh)."""
        self._step: str | None = None
        self._shown: list[Note] = []  # the step's notes, listed from ``_first`` on
        self._first = 0

    def compose(self) -> ComposeResult:
        yield NoteInput(placeholder=t("scribe.placeholder", self.lang), id="note-input")
        yield Static(t("scribe.empty", self.lang), id="notes-empty")
        yield NotesList(id="notes-list")

    def on_mount(self) -> None:
        self.border_title = t("scribe.title", self.lang)

    @property
    def input(self) -> NoteInput:
        return self.query_one("#note-input", NoteInput)

    def acknowledge(self, text: str) -> None:
        """The screen added this note: it is no longer in flight."""
        if text in self.input.in_flight:
            self.input.in_flight.remove(text)

    def give_back(self, text: str) -> None:
        """A note the session refused (an unknown ``@Team``): the text goes back in the
        input to be corrected, before anything typed since."""
        current = self.input.value
        self.input.value = f"{text} {current}".rstrip() if current.strip() else text
        self.input.cursor_position = len(text)

    def take_unsaved(self) -> list[str]:
        """Notes entered but not yet added, and text typed but not entered (on quit)."""
        texts = list(self.input.in_flight)
        self.input.in_flight.clear()
        if self.input.value.strip():
            texts.append(self.input.value.strip())
            self.input.value = ""
        return texts

    def focus_input(self) -> None:
        self.input.focus()

    def show(self, step_id: str | None, notes: list[Note]) -> None:
        """Show the notes of the current step; appends when only new ones came in.

        Only the last :data:`WINDOW` notes of a step are made into widgets at first (every
        widget on the screen costs time at each layout, and the note input asks for one at
        every key); earlier ones are put in front as the highlight reaches the top.
        """
        listing = self.query_one("#notes-list", ListView)
        self.query_one("#notes-empty").display = not notes
        old_ids = [note.id for note in self._shown]
        new_ids = [note.id for note in notes]
        if step_id == self._step and new_ids[: len(old_ids)] == old_ids:
            changed = {new.id: new for old, new in zip(self._shown[self._first:],
                                                       notes[self._first:], strict=False)
                       if old is not new}
            if changed:
                for item in listing.query(NoteItem):
                    if item.note_id in changed:
                        item.refresh_note(changed[item.note_id])
            fresh = notes[len(old_ids):]
            if fresh:
                listing.extend(NoteItem(note) for note in fresh)
                listing.scroll_end(animate=False)
        else:
            listing.clear()
            self._first = max(0, len(notes) - WINDOW)
            listing.extend(NoteItem(note) for note in notes[self._first:])
            listing.scroll_end(animate=False)
        self._step = step_id
        self._shown = list(notes)

    @on(ListView.Highlighted, "#notes-list")
    async def _earlier(self, event: ListView.Highlighted) -> None:
        """The highlight reached the top: put the previous notes of the step in front."""
        listing = event.list_view
        if self._first == 0 or listing.index != 0 or not listing.has_focus:
            return
        start = max(0, self._first - WINDOW)
        batch = [NoteItem(note) for note in self._shown[start:self._first]]
        self._first = start
        await listing.insert(0, batch)
        listing.index = len(batch)

    @on(TextArea.Changed, "#note-input")
    def _blank_key(self, event: TextArea.Changed) -> None:
        if event.text_area.text == ".":
            self.input.value = ""
            self.post_message(self.BlankRequested(self))

    @on(ListView.Selected, "#notes-list")
    def _edit(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, NoteItem):
            self.post_message(self.Chosen(self, event.item.note_id, "edit"))
