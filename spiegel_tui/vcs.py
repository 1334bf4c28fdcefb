"""Git for session files, through the ``git`` command (no library): make a sessions repo,
commit one session file alone, read its history, and check it for personal data first.

A commit message names the format, the date and the title, never a participant: a name in
the title is replaced by role and number. ``commit_file`` commits exactly the one file
(``git commit --only`` with a literal pathspec), whatever else is staged.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spiegel_tui import store
from spiegel_tui.i18n import t
from spiegel_tui.model.contact import findings_in
from spiegel_tui.model.session import ActionStatus, Participant, Session
from spiegel_tui.model.tomlfile import SessionError, loads
from spiegel_tui.report.anonymize import Anonymizer


class VcsError(Exception):
    """A git action that did not work: one line for the user."""


class NotARepository(VcsError):
    """The path is not inside a git repository."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0",
                "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0",
                "GIT_LITERAL_PATHSPECS": "1"})  # a path is a path, never a glob
    return env


def git(args: list[str], cwd: Path, *, check: bool = True,
        retries: int = 50) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; waits for another git's ``index.lock`` (up to ~5 s)."""
    for _ in range(retries):
        try:
            result = subprocess.run(["git", *args], cwd=cwd, env=_env(),
                                    capture_output=True, stdin=subprocess.DEVNULL)
        except FileNotFoundError:
            raise VcsError("git is not installed (apt-get install git)") from None
        if result.returncode != 0 and b"index.lock" in result.stderr:
            time.sleep(0.1)
            continue
        break
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VcsError(f"git {args[0]}: " + (message[-1] if message else "failed"))
    return result


def repo_root(path: str | os.PathLike[str]) -> Path | None:
    """The top folder of the git repository holding ``path``; None outside one."""
    here = Path(path)
    folder = here if here.is_dir() else here.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        result = git(["rev-parse", "--show-toplevel"], folder, check=False)
    except VcsError:
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8").strip())


def _in_repo(path: Path) -> tuple[Path, str]:
    root = repo_root(path)
    if root is None:
        raise NotARepository(f"{path}: not inside a git repository (make one with "
                             "`spiegel init`)")
    return root, Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


# -- commit ------------------------------------------------------------------------------


def commit_paths(root: Path, paths: list[str], message: str) -> str:
    """Commit these paths (relative to ``root``) alone; returns the new HEAD."""
    git(["add", "--", *paths], root)
    result = git(["commit", "-q", "--only", "-m", message, "--", *paths], root, check=False)
    if result.returncode != 0:
        _commit_failed(result)
    return git(["rev-parse", "HEAD"], root).stdout.decode().strip()


def _commit_failed(result: subprocess.CompletedProcess[bytes]) -> None:
    error = result.stderr.decode("utf-8", "replace")
    if "user.email" in error or "identity" in error.lower():
        raise VcsError("git does not know who commits: set `git config user.name` and "
                       "`git config user.email`")
    lines = (error.strip() or result.stdout.decode("utf-8", "replace").strip()).splitlines()
    raise VcsError("git commit: " + (lines[-1] if lines else "failed"))


# -- commit ------------------------------------------------------------------------------


def followed_people(path: Path, session: Session) -> list[Participant]:
    """The participants of the session this one follows (a binnenspiegel's buitenspiegel),
    found by id in the same folder; none when it is not there or unreadable."""
    if not session.follows:
        return []
    from spiegel_tui.folder import SessionsFolder

    followed = SessionsFolder(path.parent).find(session.follows)
    try:
        return store.load(followed).participants if followed is not None else []
    except SessionError:
        return []


def commit_message(session: Session, others: Iterable[Participant] = ()) -> str:
    """``FORMAT DATE: TITLE (status)`` with every participant name in the title replaced,
    the names of ``others`` (the followed session's people) too."""
    title = " ".join(Anonymizer.for_session(session, others=others).text(session.title).split())
    return f"{session.format} {session.date.isoformat()}: {title} ({session.status.value})"


@dataclass(frozen=True)
class Commit:
    hash: str
    message: str


def commit_file(path: str | os.PathLike[str]) -> Commit | None:
    """Commit the session file alone; None when it has no changes to commit.

    Raises :class:`NotARepository` outside a repository, :class:`SessionError` for a file
    that is not a valid session, :class:`VcsError` when git refuses.
    """
    path = Path(path)
    session = store.load(path)
    root, rel = _in_repo(path)
    git(["add", "--", rel], root)
    staged = git(["diff", "--cached", "--quiet", "--", rel], root, check=False)
    if staged.returncode == 0:
        return None
    message = commit_message(session, followed_people(path, session))
    merging = git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], root, check=False)
    if merging.returncode == 0:  # a merge in progress: git commits it whole, or not at all
        result = git(["commit", "-q", "-m", message], root, check=False)
    else:
        result = git(["commit", "-q", "--only", "-m", message, "--", rel], root,
                     check=False)
    if result.returncode != 0:
        _commit_failed(result)
    head = git(["rev-parse", "HEAD"], root).stdout.decode().strip()
    return Commit(head, message)


# -- history -----------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    hash: str
    short: str
    date: str
    message: str
    changes: list[str] = field(default_factory=list)


def _held(session: Session) -> set[str]:
    return {item.id for item in session.agenda if item.started_at or item.elapsed_s}


def describe_change(old: Session | None, new: Session | None, lang: str = "nl") -> list[str]:
    """What changed from one version of a session to the next, in words (no note texts)."""
    if new is None:
        return [t("report.history.unreadable", lang)]
    if old is None:
        out = [t("report.history.created", lang, n=len(new.notes))]
        held = [item.title for item in new.agenda if item.id in _held(new)]
        if held:
            out.append(t("report.history.steps_run", lang, steps=", ".join(held)))
        return out
    out = []
    before = {note.id: note for note in old.notes}
    after = {note.id: note for note in new.notes}
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for key in after.keys() & before.keys() if after[key] != before[key])
    for count, key in ((added, "notes_added"), (removed, "notes_removed"),
                       (changed, "notes_changed")):
        if count:
            out.append(t(f"report.history.{key}", lang, n=count))
    newly = _held(new) - _held(old)
    if newly:
        steps = ", ".join(item.title for item in new.agenda if item.id in newly)
        out.append(t("report.history.steps_run", lang, steps=steps))
    if old.status != new.status:
        out.append(t("report.history.status", lang,
                     old=t(f"report.status.{old.status.value}", lang),
                     new=t(f"report.status.{new.status.value}", lang)))
    old_actions = {a.id: a for a in old.actions}
    new_actions = len([a for a in new.actions if a.id not in old_actions])
    done = len([a for a in new.actions if a.status is ActionStatus.DONE and a.id in old_actions
                and old_actions[a.id].status is not ActionStatus.DONE])
    if new_actions:
        out.append(t("report.history.actions_added", lang, n=new_actions))
    if done:
        out.append(t("report.history.actions_done", lang, n=done))
    return out or [t("report.history.other", lang)]


def file_history(path: str | os.PathLike[str], lang: str = "nl") -> list[HistoryEntry]:
    """The commits that touched the file (newest first, following renames), each with
    what changed in words, found by loading each version (``git show REV:PATH``)."""
    path = Path(path)
    root, rel = _in_repo(path)
    log = git(["-c", "core.quotepath=off", "log", "--follow", "--name-only",
               "--format=%x1e%H%x1f%h%x1f%aI%x1f%s", "--", rel], root, check=False)
    if log.returncode != 0:  # no commits yet, or git refuses: no history
        return []
    records = []
    for record in log.stdout.decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        full, short, date, subject = head.split("\x1f", 3)
        at = next((line for line in names.splitlines() if line.strip()), rel)
        records.append((HistoryEntry(full, short, date, subject), at))
    previous: Session | None = None
    people: list[Participant] = []  # everyone any version named: old subjects may too
    for entry, at in reversed(records):  # oldest first, to compare each with the one before
        shown = git(["show", f"{entry.hash}:{at}"], root, check=False)
        current: Session | None = None
        if shown.returncode == 0:
            try:
                current = loads(shown.stdout, f"{entry.short}:{at}")
            except SessionError:
                current = None
        entry.changes = describe_change(previous, current, lang)
        if current is not None:
            previous = current
            people += current.participants
    if previous is not None:
        people += followed_people(path, previous)
    with contextlib.suppress(SessionError):
        people += store.load(path).participants
    anon = Anonymizer(people, lang)  # step titles and old commit subjects, as in export
    for entry, _ in records:
        entry.message = " ".join(anon.text(entry.message).split())
        entry.changes = [anon.text(change) for change in entry.changes]
    return [entry for entry, _ in records]


# -- privacy -----------------------------------------------------------------------------

KINDS = {"email": "an e-mail address", "phone": "a phone number",
         "bsn": "a BSN-like number (passes the elfproef)", "name": "a participant's name"}


@dataclass(frozen=True)
class Finding:
    kind: str  # email | phone | bsn | name
    where: str  # "title", "note n-0004" or "action a-02"

    def __str__(self) -> str:
        return f"{self.where} holds {KINDS[self.kind]}"


def privacy_findings(session: Session) -> list[Finding]:
    """E-mail addresses, phone numbers and BSN-like numbers in notes, actions and queued
    posts, and a participant's name in the title, a note, an action's or a post's text."""
    names = Anonymizer.for_session(session)
    found = [Finding("name", "title")] if names.holds_name(session.title) else []
    for note in session.notes:
        found += [Finding(kind, f"note {note.id}") for kind in findings_in(note.text)]
        if names.holds_name(note.text):
            found.append(Finding("name", f"note {note.id}"))
    for action in session.actions:
        text = f"{action.text}\n{action.owner or ''}"
        found += [Finding(kind, f"action {action.id}") for kind in findings_in(text)]
        if names.holds_name(action.text):
            found.append(Finding("name", f"action {action.id}"))
    for post in session.posts:  # waiting for moderation: a participant may name anyone
        found += [Finding(kind, f"post {post.id}") for kind in findings_in(post.text)]
        if names.holds_name(post.text):
            found.append(Finding("name", f"post {post.id}"))
    return found


# -- sync --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    conflicts: list[str]  # paths git could not merge (left with both texts, marked)
    pushed: bool


def sync(root: Path) -> SyncResult:
    """Pull (a merge, so the session merge driver runs) and push. A conflict stops before
    the push and leaves the merge for the user to finish."""
    if not git(["remote"], root).stdout.strip():
        raise VcsError("no remote to sync with (git remote add origin URL)")
    pulled = git(["pull", "--no-rebase", "--no-edit", "-q"], root, check=False)
    if pulled.returncode != 0:
        unmerged = git(["diff", "--name-only", "--diff-filter=U"], root, check=False)
        paths = unmerged.stdout.decode("utf-8", "replace").split()
        if paths:
            return SyncResult(paths, False)
        lines = pulled.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VcsError("git pull: " + (lines[-1] if lines else "failed"))
    git(["push", "-q"], root)
    return SyncResult([], True)
