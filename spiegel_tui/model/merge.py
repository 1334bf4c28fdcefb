"""Three-way merge of two versions of a session against the one both came from: what this
process changed laid over what others wrote (``spiegel note``, a second console, a git
pull). Pure data work on the models; :mod:`spiegel_tui.store` reads and writes the files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from spiegel_tui.model.session import (
    COLLECT_REFERENCES,
    Session,
    next_id,
    reference_problems,
)
from spiegel_tui.model.tomlfile import SessionError, to_dict

_KEYED = ("perspectives", "agenda", "questions", "notes", "actions", "posts")


Path = tuple[str, ...]
Resolve = Callable[[Path, Any, Any, Any], Any]
"""Decides a value both sides changed differently: (where, base, ours, theirs) -> value."""


def _ours_wins(path: Path, base: Any, ours: Any, theirs: Any) -> Any:
    return ours


def _merge_value(base: Any, ours: Any, theirs: Any, path: Path = (),
                 resolve: Resolve = _ours_wins) -> Any:
    if ours == theirs or ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return merge_tables(base if isinstance(base, dict) else {}, ours, theirs,
                            path=path, resolve=resolve)
    return resolve(path, base, ours, theirs)  # both changed it differently


def merge_tables(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                 keyed: tuple[str, ...] = (), path: Path = (),
                 resolve: Resolve = _ours_wins) -> dict[str, Any]:
    """Three-way merge of two dicts against a common base, key by key."""
    merged: dict[str, Any] = {}
    for key in list(theirs) + [k for k in ours if k not in theirs]:
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if key in keyed and isinstance(o or [], list) and isinstance(t or [], list):
            value = merge_keyed(b or [], o or [], t or [], (*path, key),
                                resolve) or None  # absent is empty
        else:
            value = _merge_value(b, o, t, (*path, key), resolve)
        if value is not None:
            merged[key] = value
    return merged


def merge_keyed(base: list[dict[str, Any]], ours: list[dict[str, Any]],
                theirs: list[dict[str, Any]], path: Path = (),
                resolve: Resolve = _ours_wins) -> list[dict[str, Any]]:
    """Merge arrays of tables by their ``id``: theirs' order, then ours' new ones."""
    b = {item["id"]: item for item in base}
    o = {item["id"]: item for item in ours}
    result = []
    for item in theirs:
        key = item["id"]
        if key not in o:
            if key in b and b[key] == item:
                continue  # we deleted it and they did not touch it
            result.append(item)
        else:
            result.append(_merge_value(b.get(key), o[key], item, (*path, key), resolve))
    seen = {item["id"] for item in theirs}
    for item in ours:
        if item["id"] not in seen and item["id"] not in b:
            result.append(item)  # ours, new
    return result


def _renumber_clashes(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Give our new notes/actions fresh ids where theirs added different ones with the same."""
    _renumber_handled_posts(base, ours, theirs)
    for table, prefix, width in (("notes", "n", 4), ("actions", "a", 2), ("posts", "p", 4)):
        base_ids = {item["id"] for item in base.get(table, [])}
        their_new = {item["id"]: item for item in theirs.get(table, [])
                     if item["id"] not in base_ids}
        taken = {item["id"] for item in theirs.get(table, [])} | {
            item["id"] for item in ours.get(table, [])} | base_ids
        if table == "posts":  # a post they took and handled already is theirs, new, too
            handled = set(theirs.get("handled_posts", [])) - set(base.get("handled_posts", []))
            their_new.update({key: {} for key in handled - base_ids})
            taken |= {*ours.get("handled_posts", []), *theirs.get("handled_posts", []),
                      *base.get("handled_posts", [])}
        for item in ours.get(table, []):
            old = item["id"]
            if old in their_new and their_new[old] != item:
                new = next_id(prefix, taken, width)
                taken.add(new)
                item["id"] = new
                if table == "notes":
                    for action in ours.get("actions", []):
                        if action.get("note") == old:
                            action["note"] = new


def _renumber_handled_posts(base: dict[str, Any], ours: dict[str, Any],
                            theirs: dict[str, Any]) -> None:
    """A post we took and handled since ``base`` whose id they gave to a post of their own
    (two servers on one file, a git merge): our handled id gets a fresh number, so their
    post is not taken for handled. A handled id carries no text: nothing refers to it."""
    known = {item["id"] for item in base.get("posts", [])} | set(base.get("handled_posts", []))
    theirs_ids = {item["id"] for item in theirs.get("posts", [])} | set(
        theirs.get("handled_posts", []))
    ours_posts = {item["id"] for item in ours.get("posts", [])}
    handled = list(ours.get("handled_posts", []))
    taken = known | theirs_ids | ours_posts | set(handled)
    for index, key in enumerate(handled):
        if key not in known and key in theirs_ids and key not in ours_posts:
            fresh = next_id("p", taken, 4)
            taken.add(fresh)
            handled[index] = fresh
    if handled:
        ours["handled_posts"] = handled


def _insert_like(target: list[dict[str, Any]], item: dict[str, Any],
                 order: list[dict[str, Any]]) -> None:
    """Insert ``item`` after the nearest item that precedes it in ``order``."""
    ids = [entry["id"] for entry in target]
    before = [entry["id"] for entry in order[:order.index(item)] if entry["id"] in ids]
    target.insert(ids.index(before[-1]) + 1 if before else 0, item)


def _restore_references(merged: dict[str, Any], sources: tuple[dict[str, Any], ...]) -> None:
    """Put back every agenda step, question and note that ``merged`` still refers to but
    one side deleted, taken from the first of ``sources`` that has it: a note is never
    dropped because its step or question went."""
    while True:
        notes, clock = merged.get("notes", []), merged.get("clock") or {}
        wanted = {
            "agenda": {n["step"] for n in notes} | {clock.get("step"), merged.get("current_step")},
            "questions": {n.get("question") for n in notes} | {merged.get("current_question")}
            | {q for item in merged.get("agenda", []) for q in item.get("questions", [])},
            "notes": {action.get("note") for action in merged.get("actions", [])},
        }
        restored = False
        for table, ids in wanted.items():
            items = merged[table] = list(merged.get(table, []))
            for missing in sorted(ids - {item["id"] for item in items} - {None}):
                source = next((s[table] for s in sources
                               if any(i["id"] == missing for i in s.get(table, []))), None)
                if source is not None:
                    _insert_like(items, next(i for i in source if i["id"] == missing), source)
                    restored = True
        if not restored:
            return


def _keep_what_was_not_deleted(merged: dict[str, Any], ours: dict[str, Any],
                               theirs: dict[str, Any]) -> None:
    """A note or action of ours that the other side no longer has is kept unless it was
    deleted on purpose (its id in ``deleted_notes`` of either side): a file put back to an
    older version (``git checkout -- FILE``, ``git stash``) deletes nothing."""
    deleted = list(theirs.get("deleted_notes", []))
    deleted += [i for i in ours.get("deleted_notes", []) if i not in deleted]
    if deleted:
        merged["deleted_notes"] = deleted
    handled = list(theirs.get("handled_posts", []))
    handled += [i for i in ours.get("handled_posts", []) if i not in handled]
    if handled:
        merged["handled_posts"] = handled
    gone = set(deleted)
    done = set(handled)
    posts = [post for post in merged.get("posts", []) if post["id"] not in done]
    have_posts = {post["id"] for post in posts}
    for post in ours.get("posts", []):  # a post is dropped only once it was handled
        if post["id"] not in have_posts and post["id"] not in done:
            _insert_like(posts, post, ours["posts"])
            have_posts.add(post["id"])
    merged.pop("posts", None)
    if posts:
        merged["posts"] = posts
    for table in ("notes", "actions"):
        items = [item for item in merged.get(table, [])
                 if table != "notes" or item["id"] not in gone]
        have = {item["id"] for item in items}
        source = ours.get(table, [])
        for item in source:
            if item["id"] not in have and (table != "notes" or item["id"] not in gone):
                _insert_like(items, item, source)
                have.add(item["id"])
        if items:
            merged[table] = items


def _merge(base_d: dict[str, Any], ours_d: dict[str, Any], theirs_d: dict[str, Any],
           resolve: Resolve = _ours_wins) -> Session:
    _renumber_clashes(base_d, ours_d, theirs_d)
    merged = merge_tables(base_d, ours_d, theirs_d, keyed=_KEYED, resolve=resolve)
    fallback = dict(ours_d)
    for table in ("notes", "actions", "posts"):
        fallback[table] = merge_keyed(base_d.get(table, []), ours_d.get(table, []),
                                      theirs_d.get(table, []), (table,), resolve)
    for candidate in (merged, fallback):
        _keep_what_was_not_deleted(candidate, ours_d, theirs_d)
        _restore_references(candidate, (theirs_d, ours_d, base_d))
        try:
            session = Session.model_validate(candidate, context={COLLECT_REFERENCES: True})
        except ValidationError:
            continue
        if not reference_problems(session):
            return session
    raise SessionError("cannot merge the changes made on disk; nothing was written")


def merge_sessions(base: Session | None, ours: Session, theirs: Session) -> Session:
    """Three-way merge: ours' changes since ``base`` laid over theirs'. Nothing is lost:
    what a kept note refers to is restored; where the result would still not validate,
    ours is kept with the merged notes and actions laid in."""
    base_d = to_dict(base) if base is not None else {}
    return _merge(base_d, to_dict(ours), to_dict(theirs))


# -- two versions of a file, as git merges them -------------------------------------------

MARKED_TEXTS = (("notes", "text"), ("actions", "text"))
"""Texts that keep both versions, marked, when both sides changed them differently."""


def mark_both(ours: str, theirs: str) -> str:
    """Both texts of a conflict in one, marked the way git marks a conflict."""
    return f"<<<<<<< ours\n{ours}\n=======\n{theirs}\n>>>>>>> theirs"


class _Conflicts:
    """The resolver of :func:`merge_versions`: lists of plain values are merged as sets,
    marked texts keep both versions, anything else keeps ours; each such choice of one
    side, and each marked text, is a conflict."""

    def __init__(self, can_mark: Callable[[str], bool]) -> None:
        self.found: list[str] = []
        self.can_mark = can_mark

    def __call__(self, path: Path, base: Any, ours: Any, theirs: Any) -> Any:
        where = ".".join(path)
        if isinstance(ours, list) and isinstance(theirs, list) and not any(
                isinstance(item, dict) for item in ours + theirs):
            was = base if isinstance(base, list) else []
            kept = [item for item in ours if item in theirs or item not in was]
            return kept + [item for item in theirs if item not in ours and item not in was]
        if ((path[0], path[-1]) in MARKED_TEXTS and len(path) == 3
                and isinstance(ours, str) and isinstance(theirs, str)
                and self.can_mark(ours) and self.can_mark(theirs)):
            self.found.append(f"{where}: changed on both sides; both texts kept, marked")
            return mark_both(ours, theirs)
        self.found.append(f"{where}: changed on both sides; ours kept")
        return ours


def merge_versions(base: Session | None, ours: Session, theirs: Session,
                   can_mark: Callable[[str], bool] = lambda text: True,
                   ) -> tuple[Session, list[str]]:
    """Merge two versions of a session file against their common ancestor, the way a git
    merge driver needs it: additions on both sides kept (clashing ids renumbered, their
    references fixed), and every real conflict reported: a note or action text changed
    differently on both sides keeps both texts, marked (:func:`mark_both`), other values
    keep ours. ``can_mark(text)`` says whether a text may be combined (not ciphertext).
    The result always validates; :class:`SessionError` when no valid merge exists."""
    resolve = _Conflicts(can_mark)
    base_d = to_dict(base) if base is not None else {}
    session = _merge(base_d, to_dict(ours), to_dict(theirs), resolve)
    return session, list(dict.fromkeys(resolve.found))
