"""Benchmark the offline browser site: build, size, kernel start and check times in headless Chromium.

    python bench/lite_bench.py [--checks 3] [--cold]

Measures, in one run:
  build time (warm cache: runtime and wheels already downloaded; --cold empties a fresh cache first)
  site size and number of bundled Python packages
  time from opening exercise 01 until the Pyodide kernel is idle (first visit, and after a reload)
  the first check() (imports pytest and the toolkit) and later ones, on the stub
  the same check() of the solution in the browser and in this CPython (ratio)
Needs Playwright and a Chromium (as the browser tests). Nothing is asserted: speed is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="build with an empty download cache")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.conftest import solution_code
    from tests.lite.test_browser import Lab
    from workshop.engine.inkernel import run_in_process
    from workshop.lite.serve import make_server, serve_in_thread
    from workshop.lite.site import build_site
    from workshop.core.notebook import notebook_module
    from workshop.core.workspace import Workspace
    from workshop.slides.pdf import CHROMIUM_ARGS, find_chromium

    if hasattr(os, "getloadavg"):  # POSIX only: how busy the machine was, which the times depend on
        print("load average before: " + ", ".join(f"{value:.1f}" for value in os.getloadavg()))
    workspace = Workspace(REPO)
    scratch = Path(tempfile.mkdtemp(prefix="lite-bench-"))
    cache = scratch / "cache" if options.cold else None
    report = build_site(workspace, scratch / "site", workspace.exercises(), cache=cache)
    print(f"build: {report.seconds:.1f} s ({'cold' if options.cold else 'warm'} cache), "
          f"{report.size_bytes / 1e6:.1f} MB, {report.wheels} packages, {len(report.exercises)} exercises")
    answers = report.out / "__test__"
    answers.mkdir()
    (answers / "01.py").write_text(solution_code(REPO, "01-passphrase"), encoding="utf-8")
    # The stub as handed out: its check runs the tests (a kernel that ran nothing is answered at once).
    (answers / "01.stub.py").write_text(notebook_module(workspace.exercise("01").notebook).source, encoding="utf-8")

    server = make_server(report.out)
    serve_in_thread(server)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    timed = "import time\n_t = time.perf_counter()\nfrom workshop import check\n_r = check()\nprint('SECONDS', round(time.perf_counter() - _t, 3))"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_chromium()), args=CHROMIUM_ARGS)
        lab = Lab(browser, base, "exercises/01-passphrase/passphrase.ipynb")
        print(f"kernel idle after opening the notebook: {lab.kernel_seconds:.1f} s (first visit)")
        lab.run_new_cell("from pyodide.http import open_url\nexec(open_url('/__test__/01.stub.py').read())\nprint('stub')")
        stub = [float(lab.run_new_cell(timed).split("SECONDS", 1)[1].split()[0]) for _ in range(options.checks)]
        print(f"check() of the stub in the browser: first {stub[0]:.2f} s, later median {statistics.median(stub[1:] or stub):.2f} s")
        lab.run_new_cell("from pyodide.http import open_url\nexec(open_url('/__test__/01.py').read())\nprint('solution')")
        solved = [float(lab.run_new_cell(timed).split("SECONDS", 1)[1].split()[0]) for _ in range(options.checks)]
        started = time.monotonic()
        lab.page.reload()
        lab.wait_idle(400)
        print(f"kernel idle after reloading the page: {time.monotonic() - started:.1f} s (the browser has the files)")
        lab.close()
        browser.close()
    server.shutdown()

    exercise = workspace.exercise("01")
    module = types.ModuleType(exercise.module)
    exec(solution_code(REPO, "01-passphrase"), module.__dict__)
    native = []
    for _ in range(options.checks):
        started = time.perf_counter()
        run_in_process(exercise, module)
        native.append(time.perf_counter() - started)
    browser_median, native_median = statistics.median(solved), statistics.median(native)
    print(f"check() of the solution: browser {browser_median:.2f} s, CPython {native_median:.2f} s "
          f"(browser/CPython {browser_median / native_median:.1f}×)")


if __name__ == "__main__":
    main()
