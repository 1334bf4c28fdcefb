"""HTML to PDF through headless Chromium's print to PDF (``--to pdf``).

Why Chromium and not WeasyPrint: the HTML reports are already checked for A4 in headless
Chromium (``tests/test_report.py``), so the PDF is the page those checks measured, with the
same ``@page`` rules; Chromium is on the machines that serve the web roles anyway; and
WeasyPrint would add Pango and its fonts as a second layout engine to keep in step.

The page is our own (every text escaped, no scripts, nothing to fetch), written to a private
temp folder; Chromium runs with a throwaway profile and every request sent to a dead
proxy, so printing fetches nothing and leaves nothing behind (turning scripts off with
``--blink-settings`` makes it print nothing, so it is not done). ``--no-sandbox``: the
sandbox cannot start as root or in most containers, and the page printed holds no script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from spiegel_tui.model.tomlfile import SessionError

TIMEOUT_S = 120
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """``SPIEGEL_CHROMIUM`` when set, else the first Chromium on PATH."""
    given = os.environ.get("SPIEGEL_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, where: str) -> bytes:
    """The PDF of ``html`` (A4, by its ``@page`` rules); ``where`` names the output in the
    one-line error when Chromium is missing or fails."""
    chromium = find_chromium()
    if chromium is None:
        raise SessionError("--to pdf needs Chromium (chromium on PATH, or SPIEGEL_CHROMIUM); "
                           "write --to html and print that instead", path=where)
    with tempfile.TemporaryDirectory(prefix="spiegel-pdf-") as folder:
        work = Path(folder)
        page = work / "page.html"
        page.write_text(html, encoding="utf-8")
        out = work / "page.pdf"
        profile = work / "profile"
        profile.mkdir()
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--disable-default-apps",
                   "--disable-extensions",
                   f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
                   "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]
        env = {**os.environ, "HOME": folder}
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env=env,
                                    cwd=folder, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SessionError(f"Chromium could not print the PDF ({error})",
                               path=where) from None
        data = out.read_bytes() if out.is_file() else b""
        if not data.startswith(b"%PDF"):
            raise SessionError(f"Chromium printed no PDF (exit {result.returncode})",
                               path=where)
        return data
