"""Strings shown by the console, in Dutch (default) and English.

Each area of the UI keeps its own table in a module here (``common``, ``session``, ``start``,
``prepare``, …) as ``TEXTS = {"key": ("Nederlands", "English")}``; ``t()`` looks a key up in
all of them. Content of a session (steps, questions, rules) is not here: it comes from the
format, already in the session's language.
"""

from __future__ import annotations

import importlib
from functools import cache

AREAS = ("common", "session", "start", "prepare", "report", "documents", "web")


@cache
def _table() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        try:
            module = importlib.import_module(f"spiegel_tui.i18n.{area}")
        except ModuleNotFoundError as error:
            if error.name != f"spiegel_tui.i18n.{area}":
                raise
            continue
        merged.update(module.TEXTS)
    return merged


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (``nl`` or ``en``), with ``{name}`` filled in."""
    nl, en = _table().get(key, (key, key))
    text = en if lang == "en" else nl
    return text.format(**values) if values else text
