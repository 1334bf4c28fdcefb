"""``spiegel serve`` as a user meets it: a real server process, many participants at
once, ctrl+c, and the pages in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium). How fast a post reaches the console and the
projector page follows a key is measured by ``benchmarks/run.py --only serve``, not here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session, Team
from tests.tmux import HAVE_TMUX, SPIEGEL, private_tmux, wait_for

CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMEDRIVER is None or CHROMIUM is None,
                                   reason="chromium and chromium-driver are not installed")
TITLE = "Uitwisseling Oost"


def exchange(folder: Path, fmt: str = "digitale-spiegelsessie") -> Path:
    session = builtin_formats()[fmt].make_session(title=TITLE, date=dt.date.today(),
                                                  session_id="uitwisseling-oost")
    if fmt == "digitale-spiegelsessie":
        session.teams = [Team(name="GGZ Noord"), Team(name="Lentis")]
    path = folder / "uitwisseling-oost.toml"
    store.create(session, path)
    return path


@contextlib.contextmanager
def serving(path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    process = subprocess.Popen([str(SPIEGEL), "serve", str(path), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        urls: dict[str, str] = {}
        while len(urls) < 3:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "no output"
            role, url = line.split()
            urls[role] = url
        yield process, urls
    finally:
        if process.poll() is None:  # ctrl+c first: it stops the consoles it started too
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        process.wait(30)


def post(url: str, **fields: str) -> int:
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as r:
            return int(r.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_twelve_posters_while_the_console_types_then_ctrl_c(tmp_path: Path) -> None:
    path = exchange(tmp_path)
    console = LiveSession.open(path)  # the facilitator's console: another writer
    seen: dict[str, float] = {}

    def on_change(change: object) -> None:
        for p in console.session.posts:
            seen.setdefault(p.text, time.monotonic())

    console.subscribe(on_change)
    accepted: dict[str, float] = {}
    lock = threading.Lock()
    try:
        with serving(path) as (process, urls):
            for role in ("projector", "scribe", "participant"):
                base = urls[role].split("?")[0]
                with pytest.raises(urllib.error.HTTPError) as denied:
                    urllib.request.urlopen(base, timeout=30)
                assert denied.value.code == 403
                assert TITLE not in denied.value.read().decode()

            def poster(n: int) -> None:
                for i in range(10):
                    text = f"bericht {n}-{i} <script>alert(1)</script>"
                    status = post(urls["participant"], text=text, kind="advice",
                                  team="Lentis", page=f"page-{n}")
                    assert status == 200, status
                    with lock:
                        accepted[text] = time.monotonic()

            threads = [threading.Thread(target=poster, args=(n,)) for n in range(12)]
            for thread in threads:
                thread.start()
            for i in range(30):
                console.add_note(f"getypt {i}")
            for thread in threads:
                thread.join()
            assert len(accepted) == 120
            assert wait_for(lambda: len(seen) == 120, timeout=30), len(seen)
            process.send_signal(signal.SIGINT)
            assert process.wait(60) == 0
    finally:
        console.close()
    saved = store.load(path)  # valid
    posted = [p.text for p in saved.posts]
    assert sorted(posted) == sorted(accepted)  # every accepted post, each exactly once
    assert len({p.id for p in saved.posts}) == 120
    assert len({n.id for n in saved.notes}) == len(saved.notes)
    assert sum(n.text.startswith("getypt") for n in saved.notes) == 30
    assert not list(tmp_path.glob(".*.serve")), "the links file is removed at the stop"


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-dev-shm-usage", "--window-size=390,844"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@needs_browser
def test_a_participant_posts_from_a_phone_and_the_queue_has_it(tmp_path: Path,
                                                               browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    path = exchange(tmp_path)
    with serving(path) as (_process, urls), LiveSession.open(path) as console:
        browser.get(urls["participant"])
        assert browser.find_element(By.TAG_NAME, "h1").text == "Brievenbus"
        browser.find_element(By.CSS_SELECTOR, "input[value='critical']").click()
        Select(browser.find_element(By.NAME, "team")).select_by_visible_text("Lentis")
        text = "<script>alert(1)</script> wachtlijst te lang"
        browser.find_element(By.NAME, "text").send_keys(text)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        received = browser.find_element(By.ID, "received")
        assert "Ontvangen" in received.text
        assert wait_for(lambda: any(p.text == text for p in console.session.posts),
                        timeout=10), "the post in the facilitator's queue"
        post_ = next(p for p in console.session.posts if p.text == text)
        assert (post_.kind.value, post_.team) == ("critical", "Lentis")
        assert not browser.find_elements(By.TAG_NAME, "script") or all(
            "alert" not in (s.get_attribute("innerHTML") or "")
            for s in browser.find_elements(By.TAG_NAME, "script"))


@needs_browser
@pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")
def test_the_projector_url_follows_a_pagedown_in_the_console(tmp_path: Path,
                                                             browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    path = exchange(tmp_path, "spiegelgesprek")
    session: Session = store.load(path)
    with serving(path) as (_process, urls), private_tmux() as laptop:
        laptop.start(f"{shlex.quote(str(SPIEGEL))} run {shlex.quote(str(path))}")
        assert laptop.wait_screen(lambda s: TITLE in s, timeout=60), laptop.capture()
        browser.set_window_size(1280, 720)
        browser.get(urls["projector"])
        first = session.agenda[0].title
        assert wait_for(lambda: first in browser.find_element(By.ID, "step-line").text, 10)
        before = browser.find_element(By.ID, "text").text
        laptop.keys("PageDown")
        # How fast: benchmarks/run.py --only serve (a timed test fails on a busy machine).
        assert wait_for(lambda: browser.find_element(By.ID, "text").text != before,
                        timeout=30, interval=0.02), "the projector page did not follow"
        laptop.keys("C-q")
        wait_for(laptop.pane_dead, timeout=30)


def test_a_port_in_use_or_a_second_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = exchange(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    second = exchange(other, "spiegelgesprek")
    with serving(path) as (_process, urls):
        port = urllib.parse.urlsplit(urls["participant"]).port
        for target, args, said in ((second, ["--port", str(port)], "cannot listen"),
                                   (path, ["--port", "0"], "another spiegel serve")):
            done = subprocess.run([str(SPIEGEL), "serve", str(target), *args],
                                  capture_output=True, text=True, timeout=60,
                                  env={**os.environ, "PYTHONWARNINGS": "ignore"})
            assert done.returncode == 2
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and said in lines[0], done.stderr


@needs_browser
def test_the_scribe_url_runs_the_console_in_the_browser(tmp_path: Path,
                                                        browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    path = exchange(tmp_path)
    with serving(path) as (process, urls):
        browser.set_window_size(1280, 800)
        browser.get(urls["scribe"])
        body = browser.find_element(By.TAG_NAME, "body")
        assert wait_for(lambda: "-first-byte" in (body.get_attribute("class") or ""),
                        timeout=60), "the console never drew in the browser"
        from selenium.webdriver.common.action_chains import ActionChains

        terminal = browser.find_element(By.ID, "terminal")
        ActionChains(browser).click(terminal).send_keys(
            "! de scribe typt in de browser\n").perform()
        assert wait_for(lambda: any("scribe typt" in n.text for n in store.load(path).notes),
                        timeout=30), "the scribe's note in the file"
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
    note = next(n for n in store.load(path).notes if "scribe typt" in n.text)
    assert note.kind.value == "critical"


def consoles_on(path: Path) -> list[int]:
    done = subprocess.run(["pgrep", "-f", f"spiegel_tui run {path}"], capture_output=True,
                          text=True, timeout=30)
    return [int(pid) for pid in done.stdout.split()]


@needs_browser
def test_a_scribe_console_quits_when_its_server_is_killed(tmp_path: Path,
                                                          browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    path = exchange(tmp_path)
    with serving(path) as (process, urls):
        try:
            browser.get(urls["scribe"])
            body = browser.find_element(By.TAG_NAME, "body")
            assert wait_for(lambda: "-first-byte" in (body.get_attribute("class") or ""),
                            timeout=60), "the console never drew in the browser"
            assert consoles_on(path), "no console process"
            process.kill()  # kill -9: no chance to stop its consoles
            process.wait(30)
            assert wait_for(lambda: not consoles_on(path), timeout=30), \
                "the scribe's console outlived its server"
        finally:
            for pid in consoles_on(path):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
