"""PDF handouts: Playwright for Python drives a Chromium that is already on the machine.

reveal.js lays a deck out for printing when it is opened with ``?print-pdf``: one ``.pdf-page``
per slide. We wait for that layout (and for fonts), then print with the page size reveal sets.
(Chromium's own ``--print-to-pdf`` often prints a blank page with reveal 5, so it is not used.)

Playwright is imported only here, only when ``--pdf`` is asked for. The browser is found in this
order: ``WORKSHOP_CHROMIUM``; ``chromium``, ``chromium-browser``, ``google-chrome`` and friends on
the PATH; the usual install folders on macOS and Windows (Chrome, Chromium, Edge); a browser
installed by ``playwright install chromium``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from workshop.util.i18n import _
from workshop.slides import SlidesError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
                 "microsoft-edge", "microsoft-edge-stable", "msedge")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]
PRINT_TIMEOUT_MS = 30_000


class NoBrowser(SlidesError):
    """No Chromium (or no Playwright) to print with; the message says how to get one."""


def _install_paths() -> list[Path]:
    paths: list[Path] = []
    if sys.platform == "darwin":
        for root in (Path("/Applications"), Path.home() / "Applications"):
            paths += [root / "Google Chrome.app/Contents/MacOS/Google Chrome",
                      root / "Chromium.app/Contents/MacOS/Chromium",
                      root / "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"]
    elif os.name == "nt":
        for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
            base = os.environ.get(variable)
            if base:
                paths += [Path(base) / "Google/Chrome/Application/chrome.exe",
                          Path(base) / "Chromium/Application/chrome.exe",
                          Path(base) / "Microsoft/Edge/Application/msedge.exe"]
    else:
        paths += [Path("/snap/bin/chromium"), Path("/usr/lib/chromium/chromium")]
    return paths


def find_chromium() -> Path | None:
    """A Chromium-family browser on this machine, or ``None``."""
    explicit = os.environ.get("WORKSHOP_CHROMIUM")
    if explicit is not None:
        path = Path(explicit)
        return path if explicit and path.is_file() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    for path in _install_paths():
        if path.is_file():
            return path
    return None


def how_to_get_a_browser() -> str:
    if sys.platform == "darwin":
        where = _("install Google Chrome or Chromium into /Applications")
    elif os.name == "nt":
        where = _("Microsoft Edge or Google Chrome in the usual place is enough")
    else:
        where = _("for example: sudo apt-get install chromium")
    return _("PDF handouts need a Chromium-family browser ({where}), or one installed for Playwright with: "
             "python -m playwright install chromium. To use a browser somewhere else, set WORKSHOP_CHROMIUM "
             "to its path. The HTML decks are written already and need none of this.").format(where=where)


def _playwright(browser_path: Path | None = None):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser = browser_path or find_chromium()
        if browser is not None:
            raise NoBrowser(_("PDF handouts need the Playwright package for Python, which is not installed: "
                              "pip install playwright (or pip install \"workshop[slides]\"). The browser is here "
                              "already ({path}): nothing else is missing.").format(path=browser)) from None
        raise NoBrowser(_("PDF handouts need two things and both are missing: the Playwright package for Python "
                          "(pip install playwright, or pip install \"workshop[slides]\") and a browser.") + " "
                        + how_to_get_a_browser()) from None
    return sync_playwright


def launch(playwright, browser_path: Path | None = None):
    """A headless Chromium: the one found on this machine, else Playwright's own if installed."""
    browser_path = browser_path or find_chromium()
    if browser_path is None:
        bundled = Path(playwright.chromium.executable_path)
        if not bundled.is_file():
            raise NoBrowser(_("The Playwright package is installed, but no browser: no Chromium, Chrome or Edge "
                              "was found.") + " " + how_to_get_a_browser())
    try:
        return playwright.chromium.launch(executable_path=str(browser_path) if browser_path else None,
                                          headless=True, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - Playwright raises its own Error for a browser that will not start
        raise NoBrowser(_("The browser {path} did not start: {error}").format(
            path=browser_path or "(Playwright's)", error=str(error).splitlines()[0]) + " "
            + how_to_get_a_browser()) from None


def count_pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF written by Chromium (counts its page objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def print_with(browser, html_files: list[Path], out_dir: Path | None = None) -> list[tuple[Path, int]]:
    """Print each deck with an open Playwright ``browser`` to ``<name>.pdf`` next to it (or in ``out_dir``).

    One page per slide (fragments shown, no speaker notes); requests other than local files are aborted.
    """
    from workshop.util.atomic import write_bytes_atomic

    results = []
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
        for html_file in html_files:
            page = context.new_page()
            try:
                page.goto(Path(html_file).resolve().as_uri() + "?print-pdf", wait_until="load")
                page.wait_for_selector(".pdf-page", state="attached", timeout=PRINT_TIMEOUT_MS)
                page.evaluate("document.fonts.ready.then(() => true)")
                data = page.pdf(prefer_css_page_size=True, print_background=True)
            finally:
                page.close()
            target = (Path(out_dir) if out_dir else Path(html_file).parent) / (Path(html_file).stem + ".pdf")
            write_bytes_atomic(target, data)
            results.append((target, count_pdf_pages(data)))
    finally:
        context.close()
    return results


def print_pdfs(html_files: list[Path], out_dir: Path | None = None, browser_path: Path | None = None
               ) -> list[tuple[Path, int]]:
    """Start a headless browser (see :func:`launch`) and print each deck with :func:`print_with`."""
    sync_playwright = _playwright(browser_path)
    with sync_playwright() as playwright:
        browser = launch(playwright, browser_path)
        try:
            return print_with(browser, html_files, out_dir)
        finally:
            browser.close()
