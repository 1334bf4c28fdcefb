"""The facilitator's moderation queue (ctrl+g): participants' posts from ``spiegel
serve``, oldest first. Enter reveals one (it becomes a note, and so can reach the room),
x rejects it (no text stays), m merges it into the post it duplicates. The list follows
the live session while it is open, so posts arriving meanwhile appear in it."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.model.session import Post
from spiegel_tui.ui.keys import Key, KeysInLanguage
from spiegel_tui.ui.messages import SessionChanged, follow
from spiegel_tui.ui.widgets.notes import KIND_MARK, KIND_STYLE


def post_line(post: Post) -> Content:
    """One post as a line of the list: its kind's mark, the team, the text as typed."""
    mark = KIND_MARK.get(post.kind, "·")
    style = KIND_STYLE.get(post.kind, "")
    parts: list[Content | str] = [Content.from_markup(f"[b {style}]$mark[/]", mark=mark)
                                  if style else Content(mark), " "]
    if post.team:
        parts += [Content.from_markup("[$text-muted]→ $team:[/] ", team=post.team)]
    parts.append(Content(post.text))
    return Content("").join(parts)


class PostsScreen(KeysInLanguage, ModalScreen[None]):
    """The queue of posts waiting for the facilitator."""

    KEYS = (
        Key("escape", "close", "dialog.key.close"),
        Key("x,delete", "reject", "posts.key.reject", key_display="x"),
        Key("m", "merge", "posts.key.merge"),
    )
    KEYS_PREFIX = "posts"

    def __init__(self, live: LiveSession, lang: str = "nl") -> None:
        super().__init__()
        self.live = live
        self.lang = lang
        self._merging: str | None = None
        self._stop: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="posts"):
            yield Static(t("posts.title", self.lang), classes="dialog-title")
            yield OptionList(id="posts-list")
            yield Static(t("posts.hint", self.lang), id="posts-hint", classes="dialog-text")

    def on_mount(self) -> None:
        self._stop = follow(self, self.live)
        self._show()
        self.query_one(OptionList).focus()

    def on_unmount(self) -> None:
        self._stop()

    @on(SessionChanged)
    def _changed(self, event: SessionChanged) -> None:
        event.stop()  # the session screen below has its own subscription
        self._show()

    def _show(self) -> None:
        listing = self.query_one(OptionList)
        chosen = listing.highlighted_option.id if listing.highlighted_option else None
        posts = self.live.session.posts
        self.query_one("#posts-hint", Static).update(
            t("posts.merging" if self._merging else "posts.hint", self.lang))
        listing.clear_options()
        if not posts:
            listing.add_option(Option(t("posts.empty", self.lang), disabled=True))
            return
        listing.add_options(Option(post_line(post), id=post.id) for post in posts)
        ids = [post.id for post in posts]
        listing.highlighted = ids.index(chosen) if chosen in ids else 0

    def _chosen(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option is not None and not option.disabled else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        post_id = event.option.id
        if post_id is None:
            return
        if self._merging is not None:
            duplicate, self._merging = self._merging, None
            if duplicate != post_id and self.live.merge_post(duplicate, post_id):
                self.notify(t("posts.merged", self.lang), timeout=2)
            self._show()
            return
        try:
            note = self.live.reveal_post(post_id)
        except ValueError as error:
            self.notify(str(error), severity="error")
            return
        if note is not None:
            self.notify(t("posts.revealed", self.lang), timeout=2)

    def action_reject(self) -> None:
        post_id = self._chosen()
        if post_id is not None and self.live.reject_post(post_id):
            self.notify(t("posts.rejected", self.lang), timeout=2)

    def action_merge(self) -> None:
        self._merging = self._chosen()
        self._show()

    def action_close(self) -> None:
        if self._merging is not None:
            self._merging = None
            self._show()
            return
        self.dismiss(None)
