"""``spiegel init``: make a sessions repository and commit what it made, and set up the
git merge and diff drivers of session files in a clone (git does not share config: each
clone runs ``spiegel init`` once, the way ``nbdime config-git --enable`` works), with
``--encrypt`` the user's age identity and its key in the repository's ``recipients.txt``.
"""

from __future__ import annotations

import os
from pathlib import Path

from spiegel_tui import store
from spiegel_tui.model.files import read_regular
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.vcs import VcsError, commit_paths, git

GITIGNORE = """\
# spiegel: reports are made from the session files; keep them out of the history
exports/
*.html
*.pdf
# spiegel's lock, temp, note-journal, room-state and served-links files beside a session file
.*.lock
.*.tmp
.*.journal
.*.room
.*.serve
"""

README = """\
# Sessies (spiegelbijeenkomsten)

Deze map houdt de sessiebestanden van spiegelbijeenkomsten bij, één TOML-bestand per
sessie in `sessions/`, met hun geschiedenis in git.

- `spiegel new buitenspiegel --title "…"` maakt een sessie in `sessions/`.
- `spiegel run sessions/<bestand>.toml` opent de console; afronden maakt een commit.
- `spiegel commit sessions/<bestand>.toml` legt een sessie vast (alleen dat bestand).
- `spiegel history sessions/<bestand>.toml` toont wat er per commit veranderde.
- `spiegel export … -o exports/rapport.html` maakt een rapport; `exports/` gaat niet in git.
- `spiegel series sessions` geeft het overzicht van de reeks (rode draden, open acties).

Notities over cliënten zijn persoonsgegevens: zet er geen namen, e-mailadressen,
telefoonnummers of BSN's in, en deel deze repository alleen met wie dat mag zien.

This folder holds the session files of mirror meetings (one TOML file per session in
`sessions/`) and their git history. Notes are personal data: share it only with those
allowed to see them.
"""


GITATTRIBUTES = """\
# spiegel: session files are merged and diffed by their meaning (`spiegel init` sets up
# the drivers in each clone's .git/config: git does not share config)
sessions/*.toml merge=spiegel diff=spiegel
"""

SETTINGS = """\
# spiegel: settings of this sessions repository
# retain_days: how many days after its date a session is kept in full; `spiegel purge`
# then turns it into an anonymized summary (a session's own retain_until wins).
# retain_days = 730
"""

DRIVERS = {
    "merge.spiegel.name": "spiegel: merge session files by note and action id",
    "merge.spiegel.driver": "spiegel git-merge %O %A %B %P",
    "diff.spiegel.textconv": "spiegel git-diff",
}
"""The clone's config for the drivers ``.gitattributes`` names; the commands are the
hidden ``spiegel git-merge`` and ``spiegel git-diff``, found on PATH."""


def configure_drivers(root: Path) -> list[str]:
    """Set the drivers' config in the clone (only what is missing or different)."""
    made = []
    for key, value in DRIVERS.items():
        now = git(["config", "--local", "--get", key], root, check=False)
        if now.returncode != 0 or now.stdout.decode().strip() != value:
            git(["config", "--local", key, value], root)
            made.append(key)
    return [f"git config {', '.join(made)}"] if made else []


def _has_commits(root: Path) -> bool:
    return git(["rev-parse", "-q", "--verify", "HEAD"], root, check=False).returncode == 0


def _write_new(path: Path, text: str, made: list[str], name: str) -> None:
    if not path.exists():
        store.write_atomic(path, text.encode("utf-8"))
        made.append(name)


def _add_recipient(root: Path, made: list[str]) -> str:
    """The user's identity (made when missing) and its key listed in recipients.txt."""
    from spiegel_tui import crypt

    identity, _ = crypt.ensure_identity()
    keys = crypt.public_keys()
    if not keys:
        raise VcsError(f"{identity}: holds no '# public key:' line; add your public key to "
                       f"{crypt.RECIPIENTS_FILE} by hand")
    target = root / crypt.RECIPIENTS_FILE
    text = target.read_text(encoding="utf-8") if target.exists() else (
        "# spiegel: the public keys (age or SSH) that session files are encrypted to,\n"
        "# one a line; review changes to this file like code\n")
    listed = set(crypt.parse_recipients(text))
    missing = [key for key in keys if key not in listed]
    if missing:
        text = text.rstrip("\n") + "\n" + "\n".join(missing) + "\n"
        store.write_atomic(target, text.encode("utf-8"))
        made.append(crypt.RECIPIENTS_FILE)
    return str(identity)


def init_repo(folder: str | os.PathLike[str], encrypt: bool = False) -> list[str]:
    """Make ``folder`` a sessions repository and commit what it made; in a clone that has
    commits, only set up the drivers' config (and, with ``encrypt``, the user's key).
    Returns what it made (nothing is replaced)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise VcsError(f"{folder}: is not a folder")
    made: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / ".git").exists():
        git(["init", "-q"], folder)
        made.append(".git")
    if _has_commits(folder):  # a clone: its files come with it; git config does not
        made += configure_drivers(folder)
        if encrypt:
            listed = len(made)
            identity = _add_recipient(folder, made)
            if len(made) > listed:
                commit_paths(folder, ["recipients.txt"], "spiegel: a public key added to "
                             "recipients.txt")
            made.append(f"identity {identity}")
        return made
    files = _make_files(folder, made)
    if encrypt:
        made.append(f"identity {_add_recipient(folder, made)}")
        files.append("recipients.txt")
    made += configure_drivers(folder)
    commit_paths(folder, files, "spiegel init: a sessions repository")
    made.append("a first commit")
    return made


def _make_files(folder: Path, made: list[str]) -> list[str]:
    sessions = folder / "sessions"
    if not sessions.is_dir():
        sessions.mkdir()
        made.append("sessions/")
    _write_new(sessions / ".gitkeep", "", made, "sessions/.gitkeep")
    ignore = folder / ".gitignore"
    if ignore.exists():
        try:  # a FIFO or a link to /dev/zero would hang; a binary file is no .gitignore
            existing = read_regular(ignore).decode("utf-8")
        except (SessionError, UnicodeDecodeError) as error:
            raise VcsError(f"{ignore}: cannot read: {error}") from None
        present = set(existing.splitlines())
        missing = [line for line in GITIGNORE.splitlines()
                   if line and not line.startswith("#") and line not in present]
        if missing:
            text = existing.rstrip("\n") + "\n# spiegel\n"
            store.write_atomic(ignore, (text + "\n".join(missing) + "\n").encode("utf-8"))
            made.append(".gitignore (added lines)")
    else:
        _write_new(ignore, GITIGNORE, made, ".gitignore")
    _write_new(folder / "README.md", README, made, "README.md")
    attributes = folder / ".gitattributes"
    if attributes.exists():
        text = attributes.read_text(encoding="utf-8")
        if "merge=spiegel" not in text:
            store.write_atomic(attributes, (text.rstrip("\n") + "\n" + GITATTRIBUTES)
                               .encode("utf-8"))
            made.append(".gitattributes (added lines)")
    else:
        _write_new(attributes, GITATTRIBUTES, made, ".gitattributes")
    _write_new(folder / "spiegel.toml", SETTINGS, made, "spiegel.toml")
    return [".gitignore", "README.md", ".gitattributes", "spiegel.toml", "sessions/.gitkeep"]


