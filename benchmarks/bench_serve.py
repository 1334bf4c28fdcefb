"""Figures of ``spiegel serve``, through a real server process: a participant's post to the
facilitator's console with 12 posters at once, and the projector page following a PageDown
in the console. Absolute times against the issues' targets (no bare reference does this)."""

from __future__ import annotations

import contextlib
import http.client
import datetime as dt
import json
import shlex
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench_common import BIN, Figure, percentile, session_with
from bench_terminal import Tmux

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Team

POSTERS, POSTS_EACH = 12, 10


@contextlib.contextmanager
def _server(path: Path) -> Iterator[dict[str, str]]:
    process = subprocess.Popen([str(BIN / "spiegel"), "serve", str(path), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        urls = {}
        while len(urls) < 3:
            role, url = process.stdout.readline().split()
            urls[role] = url
        yield urls
    finally:
        process.send_signal(2)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)


def _post(url: str, text: str, poster: int) -> None:
    """One post from poster ``poster``'s own address (127.0.0.N: twelve phones, twelve
    addresses, as on a room's Wi-Fi)."""
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode({"text": text, "kind": "advice", "team": "Lentis"})
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                            source_address=(f"127.0.0.{poster + 2}", 0))
    try:
        connection.request("POST", f"{parts.path}?{parts.query}", body,
                           {"Content-Type": "application/x-www-form-urlencoded"})
        reply = connection.getresponse()
        reply.read()
        assert reply.status == 200, reply.status
    finally:
        connection.close()


def _posts_round(path: Path, url: str, round_no: int) -> list[float]:
    """Milliseconds from sending each post to the console's live session holding it."""
    console = LiveSession.open(path)  # what the console's screen draws from
    seen: dict[str, float] = {}
    sent: dict[str, float] = {}

    def on_change(_change: object) -> None:
        now = time.perf_counter()
        for post in console.session.posts:
            seen.setdefault(post.text, now)

    console.subscribe(on_change)

    def poster(n: int) -> None:
        for i in range(POSTS_EACH):
            text = f"r{round_no} poster {n} post {i}"
            sent[text] = time.perf_counter()
            _post(url, text, n)

    try:
        threads = [threading.Thread(target=poster, args=(n,)) for n in range(POSTERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + 30
        while any(text not in seen for text in sent) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        console.close()
    return [((seen[text] - sent[text]) * 1000 if text in seen else 30_000.0)
            for text in sent]


def figures_post(folder: Path, runs: int) -> list[Figure]:
    session = session_with(2000, fmt="digitale-spiegelsessie")
    session.teams = [Team(name="GGZ Noord"), Team(name="Lentis")]
    path = folder / "serve-posts.toml"
    store.save(session, path)
    p50s, p95s, count = [], [], 0
    with _server(path) as urls:
        _posts_round(path, urls["participant"], 0)  # warm-up
        for round_no in range(1, runs + 1):
            late = _posts_round(path, urls["participant"], round_no)
            count += len(late)
            p50s.append(percentile(late, 0.5))
            p95s.append(percentile(late, 0.95))
    note = (f"{POSTERS} posters × {POSTS_EACH} posts a round, 2,000-note session; from "
            f"sending a post to the console's live session holding it; {count:,} posts")
    return [
        Figure("Post to the console p50, 12 posters", p50s, [], "ms", "reported",
               None, note),
        Figure("Post to the console p95, 12 posters", p95s, [], "ms", "p95 ≤ 500 ms",
               max(p95s) <= 500, note),
    ]


def _events(url: str) -> Iterator[dict[str, object]]:
    with urllib.request.urlopen(url, timeout=60) as stream:
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                yield json.loads(line[6:])


def figure_projector(folder: Path, runs: int) -> list[Figure]:
    """PageDown in ``spiegel run`` (tmux) to the projector page's event stream."""
    session = builtin_formats()["spiegelgesprek"].make_session(title="Projector",
                                                               date=dt.date.today())
    path = folder / "serve-projector.toml"
    store.save(session, path)
    tmux = Tmux()
    samples: list[float] = []
    try:
        with _server(path) as urls:
            command = f"exec {shlex.quote(str(BIN / 'spiegel'))} run {shlex.quote(str(path))}"
            pane = tmux.run("new-window", "-d", "-t", "bench", "-P", "-F", "#{pane_id}",
                            command).strip()
            deadline = time.monotonic() + 60
            while "Projector" not in tmux.run("capture-pane", "-p", "-t", pane):
                if time.monotonic() > deadline:
                    raise TimeoutError("the console did not start")
                time.sleep(0.05)
            base, _, query = urls["projector"].partition("?")
            stream = _events(base.replace("/projector", "/events") + "?" + query)
            last = next(stream)["text"]
            for index in range(max(runs, 5) * 2):  # forth and back: each key changes it
                pressed = time.perf_counter()
                tmux.run("send-keys", "-t", pane, "PageUp" if index % 2 else "PageDown")
                for picture in stream:
                    if picture["text"] != last:
                        samples.append((time.perf_counter() - pressed) * 1000)
                        last = picture["text"]
                        break
                time.sleep(0.3)
            tmux.run("send-keys", "-t", pane, "C-q")
            time.sleep(1.0)
    finally:
        tmux.close()
    note = (f"{len(samples)} keys (PageDown, PageUp) in a spiegelgesprek; from the key sent to tmux "
            "to the changed picture on the projector page's event stream")
    return [Figure("Projector page follows a key p95",
                   [percentile(samples, 0.95)], [], "ms", "p95 ≤ 300 ms",
                   percentile(samples, 0.95) <= 300, note),
            Figure("Projector page follows a key p50",
                   [percentile(samples, 0.5)], [], "ms", "reported", None, note)]
