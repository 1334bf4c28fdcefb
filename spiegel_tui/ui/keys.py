"""The facilitator's keys: one table, rendered as Bindings in the session's language.

Clickers send PageDown/PageUp (forward/back), F5 (start/pause) and "." or "b" (blank).
The facilitator's keys are priority bindings, so they work while the note input has focus.
A "." in the empty note input blanks the screen too; a bare "b" does not, because a scribe
starts many notes with it (ctrl+b and F6 do).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.binding import Binding

from spiegel_tui.i18n import t


@dataclass(frozen=True)
class Key:
    keys: str
    action: str
    name: str  # i18n key; the tooltip is NAME.tip
    show: bool = True
    key_display: str | None = None
    group: str | None = None  # i18n key of a footer group (keys shown side by side)
    id: str | None = None  # the binding's id after its prefix; default: the action's name


SESSION_KEYS: tuple[Key, ...] = (
    Key("pageup", "back", "key.back", key_display="PgUp", group="key.group.flow"),
    Key("pagedown", "forward", "key.forward", key_display="PgDn", group="key.group.flow"),
    Key("f5", "toggle_clock", "key.clock", key_display="F5"),
    Key("f1", "help", "key.help", key_display="F1"),
    Key("f7", "previous_step", "key.prev_step", key_display="F7", group="key.group.step"),
    Key("f8", "next_step", "key.next_step", key_display="F8", group="key.group.step"),
    Key("f2", "toggle_rules", "key.rules", key_display="F2"),
    Key("f3", "rule_reminder", "key.reminder", key_display="F3"),
    Key("f4", "toggle_scribe", "key.scribe", key_display="F4"),
    Key("f6,ctrl+b", "blank", "key.blank", key_display="F6"),
    Key("ctrl+o", "toggle_room_notes", "key.room_notes", show=False, key_display="^O"),
    Key("ctrl+r", "edit_note", "key.edit_note", key_display="^R"),
    Key("ctrl+t", "note_to_action", "key.action", key_display="^T"),
    Key("ctrl+d", "delete_note", "key.delete_note", show=False, key_display="^D"),
    Key("ctrl+u", "undo_delete", "key.undo_delete", show=False, key_display="^U"),
    Key("ctrl+f", "finish", "key.finish", key_display="^F"),
    Key("ctrl+g", "posts", "key.posts", key_display="^G"),
    Key("ctrl+l", "links", "key.links", show=False, key_display="^L"),
    Key("f9", "prepare", "key.prepare", key_display="F9"),
)

PREPARE_KEYS: tuple[Key, ...] = (
    Key("escape", "close", "prep.key.close", key_display="Esc"),
    # The tab bar names these keys itself ("F2 Algemeen", …), so the footer need not.
    Key("f2", "show_tab('general')", "prep.key.general", show=False, key_display="F2"),
    Key("f3", "show_tab('people')", "prep.key.people", show=False, key_display="F3"),
    Key("f4", "show_tab('agenda')", "prep.key.agenda", show=False, key_display="F4"),
    Key("f5", "show_tab('questions')", "prep.key.questions", show=False, key_display="F5"),
    Key("f6", "show_tab('rules')", "prep.key.rules", show=False, key_display="F6"),
    Key("ctrl+n", "add", "prep.key.add", key_display="^N"),
    Key("ctrl+b", "add_break", "prep.key.add_break", key_display="^B"),
    Key("ctrl+up", "move(-1)", "prep.key.up", key_display="^↑", group="prep.key.move"),
    Key("ctrl+down", "move(1)", "prep.key.down", key_display="^↓", group="prep.key.move"),
    Key("ctrl+r", "remove", "prep.key.remove", key_display="^R"),
)
"""The prepare screen's keys. Not priority bindings: an open Select takes Escape first."""


def start_bindings(lang: str) -> list[Binding]:
    """The start screen's keys (Enter opens or starts; the tables handle it)."""
    return [
        Binding("p", "prepare", t("start.key.prepare", lang), id="start.prepare",
                tooltip=t("start.key.prepare.tip", lang)),
        Binding("r", "rescan", t("start.key.rescan", lang), id="start.rescan",
                tooltip=t("start.key.rescan.tip", lang)),
        Binding("o", "series", t("start.key.series", lang), id="start.series",
                tooltip=t("start.key.series.tip", lang)),
        Binding("tab", "app.focus_next", t("start.key.switch", lang), id="start.switch",
                show=False, tooltip=t("start.key.switch.tip", lang)),
        Binding("ctrl+q", "app.quit", t("start.key.quit", lang), priority=True,
                id="start.quit", tooltip=t("start.key.quit.tip", lang), key_display="^Q"),
    ]


def session_bindings(lang: str) -> list[Binding]:
    """The footer shows these in order; what an 80-column footer cuts off is least needed,
    so the clicker's keys, help and quit come first."""
    bindings = [
        Binding(key.keys, key.action, t(key.name, lang), show=key.show, priority=True,
                id=f"session.{key.action}", tooltip=t(f"{key.name}.tip", lang),
                key_display=key.key_display,
                group=Binding.Group(t(key.group, lang), compact=True) if key.group else None)
        for key in SESSION_KEYS
    ]
    # The app's own ctrl+q does the work; this one names it in the session's language.
    after_help = next(i for i, key in enumerate(SESSION_KEYS) if key.action == "help") + 1
    bindings.insert(after_help, Binding("ctrl+q", "app.quit", t("key.quit", lang),
                                        priority=True, id="session.quit",
                                        tooltip=t("key.quit.tip", lang), key_display="^Q"))
    return bindings


def prepare_bindings(lang: str) -> list[Binding]:
    bindings = [
        Binding(key.keys, key.action, t(key.name, lang), show=key.show,
                id=f"prepare.{key.name.removeprefix('prep.key.')}",
                tooltip=t(f"{key.name}.tip", lang), key_display=key.key_display,
                group=Binding.Group(t(key.group, lang), compact=True) if key.group else None)
        for key in PREPARE_KEYS
    ]
    # Quit right after Esc, so an 80-column footer still shows both ways out.
    bindings.insert(1, Binding("ctrl+q", "app.quit", t("key.quit", lang), priority=True,
                               id="prepare.quit", tooltip=t("key.quit.tip", lang),
                               key_display="^Q"))
    return bindings


def _key_names(keys: str) -> str:
    names = []
    for key in keys.split(","):
        if key.startswith("ctrl+"):
            names.append(f"ctrl+{key[5:]}")
        else:
            names.append({"pagedown": "PageDown", "pageup": "PageUp"}.get(key, key.upper()))
    return ", ".join(names)


def help_rows(lang: str) -> list[tuple[str, str, str]]:
    rows = [(_key_names(key.keys), t(key.name, lang), t(f"{key.name}.tip", lang))
            for key in SESSION_KEYS]
    rows.append(("ctrl+q", t("key.quit", lang), t("key.quit.tip", lang)))
    rows.append(("ctrl+p", t("key.palette", lang), t("key.palette.tip", lang)))
    return rows


def key_bindings(keys: tuple[Key, ...], lang: str, prefix: str) -> list[Binding]:
    """Bindings for a table of keys, named (and their tooltips) in ``lang``."""
    return [
        Binding(key.keys, key.action, t(key.name, lang), show=key.show,
                id=f"{prefix}.{key.id or key.action.split('(')[0]}", tooltip=t(f"{key.name}.tip", lang),
                key_display=key.key_display,
                group=Binding.Group(t(key.group, lang), compact=True) if key.group else None)
        for key in keys
    ]


class KeysInLanguage:
    """Mixin (listed before the Textual base) for a screen or widget whose keys are named
    in the session's language: it lists them once as ``KEYS``, and constructing it with
    ``lang="en"`` gives an instance of its English subclass (made once). Textual reads
    ``BINDINGS`` per class, so a language is a class; the subclass keeps the name, so the
    stylesheet and ``isinstance`` see the same class."""

    KEYS: ClassVar[tuple[Key, ...]] = ()
    KEYS_PREFIX: ClassVar[str] = "keys"
    _language: ClassVar[str] = "nl"
    _languages: ClassVar[dict[str, type]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "KEYS" in cls.__dict__ or "_language" in cls.__dict__:
            cls.BINDINGS = key_bindings(cls.KEYS, cls._language, cls.KEYS_PREFIX)  # type: ignore[attr-defined]
        if "KEYS" in cls.__dict__:
            cls._languages = {"nl": cls}
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        lang = inspect.signature(cls.__init__).bind(None, *args, **kwargs).arguments.get(
            "lang", "nl")
        return super().__new__(cls.in_language(lang))

    @classmethod
    def in_language(cls, lang: str) -> type:
        if cls._language == lang:
            return cls
        if lang not in cls._languages:
            base = cls._languages["nl"]
            cls._languages[lang] = type(base)(base.__name__, (base,), {
                "_language": lang, "__doc__": base.__doc__, "__module__": base.__module__})
        return cls._languages[lang]
