"""The per-entry text cache behind :func:`spiegel_tui.model.tomlfile.dumps`.

Every ``[[table]]`` entry of a session is serialised on its own and remembered, so saving a
session with thousands of notes serialises only the new or changed ones. The cache never
trusts a model to be unchanged: it re-checks, cheaply, that no field was reassigned and no
list changed in place; :mod:`tests.test_incremental` holds it to byte-equality with a
full serialisation.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel


def _freeze(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return (type(value).__name__, tuple(_freeze(v) for v in value.__dict__.values()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dt.datetime):  # equal instants in other offsets are other text
        return value, value.utcoffset()
    return value


_IMMUTABLE = (str, int, float, dt.date, dt.time, Enum, type(None))  # bool is an int


def _identity_proof(model: BaseModel) -> tuple[tuple[Any, ...], tuple[int, ...],
                                              tuple[tuple[str, list[Any]], ...]] | None:
    """What proves later, cheaply, that ``model`` was not changed: its field values (kept,
    so their ids cannot be reused), their ids, and copies of its lists of plain values.
    ``None`` when a field holds something else (a nested model, a dict)."""
    values = model.__dict__
    lists = []
    for key, value in values.items():
        if isinstance(value, list):
            if not all(isinstance(item, _IMMUTABLE) for item in value):
                return None
            lists.append((key, list(value)))
        elif not isinstance(value, _IMMUTABLE):
            return None
    kept = tuple(values.values())
    return kept, tuple(map(id, kept)), tuple(lists)


class ChunkCache:
    """Remembers the TOML text of table entries.

    Two levels: by object (the same model, none of its fields reassigned and its lists
    equal to the copies kept: a look-up and a tuple compare, no walk over its values), and
    by value (the frozen field values, for an equal model that is a new object, such as
    one validated again after a merge). So an autosave of thousands of notes serialises
    only the new or changed ones and re-checks the others in C. Objects not written in the
    last few ``dumps`` are let go, so the cache holds no session that is gone.
    """

    def __init__(self, render: Callable[[str, BaseModel], str], size: int = 50_000) -> None:
        self.render = render
        self.size = size
        self.chunks: OrderedDict[tuple[str, Any], str] = OrderedDict()
        self.objects: dict[int, tuple[BaseModel, str, tuple[Any, ...], tuple[int, ...],
                                      tuple[tuple[str, list[Any]], ...], str]] = {}
        self.used: dict[int, int] = {}
        self.generation = 0
        self.last_count = 0

    def begin(self) -> None:
        """A new ``dumps``: forget objects not written in the last three."""
        if len(self.objects) > 3 * self.last_count + 1000:
            old = self.generation - 3
            for key in [key for key, used in self.used.items() if used < old]:
                del self.objects[key], self.used[key]
        self.generation += 1
        self.last_count = 0

    def text(self, table: str, model: BaseModel) -> str:
        self.last_count += 1
        key = id(model)
        entry = self.objects.get(key)
        if entry is not None and entry[0] is model and entry[1] == table:
            values = model.__dict__
            if (tuple(map(id, values.values())) == entry[3]
                    and all(values[name] == copy for name, copy in entry[4])):
                self.used[key] = self.generation
                return entry[5]
        chunk = self._by_value(table, model)
        proof = _identity_proof(model)
        if proof is not None:
            self.objects[key] = (model, table, *proof, chunk)
            self.used[key] = self.generation
        return chunk

    def _by_value(self, table: str, model: BaseModel) -> str:
        key = (table, _freeze(model))
        chunk = self.chunks.get(key)
        if chunk is None:
            chunk = self.render(table, model)
            self.chunks[key] = chunk
            if len(self.chunks) > self.size:
                self.chunks.popitem(last=False)
        else:
            self.chunks.move_to_end(key)
        return chunk
