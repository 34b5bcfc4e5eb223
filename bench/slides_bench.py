"""Benchmark `workshop slides`: build time and deck sizes (the issue's targets: ≤ 3 s, ≤ 1 MB without maths).

    python bench/slides_bench.py [--runs 7] [--pdf] [--json]

Measures, on the repository's decks and exercises:
  whole command      `workshop slides` as a process (interpreter start, imports, every deck written),
                     for the repository's session.toml when its exercises exist and for a session of
                     every exercise in the workspace (the largest session deck there can be)
  session deck only  in-process, warm: session file → schedule → cells → one HTML string
  sizes              of every exported deck, and of a deck with maths (MathML) beside the same without
  --pdf              the PDF handouts of the session deck (Playwright + the system Chromium), and pages
Medians of N runs. Nothing is asserted: speed is measured, never tested.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MATHS = """# Strength in bits

Each word is one choice out of 7,776, so a passphrase of $n$ words has
$$H = n \\log_2 7776 \\approx 12.92\\,n \\text{ bits}$$
and six words give $6 \\log_2 7776 \\approx 77.55$ bits.

Notes:
Work through the sum once on the board.

---
## Guessing

At $10^{12}$ guesses a second, finding one of $2^{77.55}$ choices takes about
$$\\frac{2^{77.55}}{2 \\cdot 10^{12} \\cdot 3.15 \\cdot 10^{7}} \\approx 3.6 \\cdot 10^{3} \\text{ years}$$
"""


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()

    from workshop.core.workspace import Workspace
    from workshop.slides.assemble import build_session_deck
    from workshop.slides.export import deck_html, export_deck
    from workshop.core.session import load_session
    from workshop.slides.source import Deck, markdown_to_cells

    workspace = Workspace(REPO)
    exercises = workspace.exercises()
    scratch = Path(tempfile.mkdtemp(prefix="slides-bench-"))
    everything = scratch / "every-exercise.toml"
    numbers = ", ".join(str(exercise.number) for exercise in exercises)
    everything.write_text(
        'title = "Every exercise"\ndate = 2025-10-22\nstart = "09:00"\nvenue = "Seoul"\n'
        f'facilitators = ["Lead facilitator"]\nexercises = [{numbers}]\nslides = "{(REPO / "slides").as_posix()}"\n'
        '[[breaks]]\nafter = ' + str(exercises[len(exercises) // 2].number) + '\nminutes = 15\n', encoding="utf-8")
    sessions = {"every exercise": everything}
    repo_session = REPO / "session.toml"
    try:
        build_session_deck(repo_session, exercises)
        sessions = {"session.toml": repo_session, **sessions}
    except Exception as error:  # noqa: BLE001 - e.g. its exercises are not written yet
        print(f"(session.toml skipped: {error})", file=sys.stderr)

    results: dict = {"exercises_in_workspace": len(exercises), "runs": options.runs, "command_s": {},
                     "session_deck_warm_s": {}, "sizes": {}}
    env = dict(os.environ, COLUMNS="120", WORKSHOP_ROOT=str(REPO))
    for label, path in sessions.items():
        times = []
        for run in range(options.runs):
            out = scratch / f"out-{run}"
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "workshop", "slides", "--session", str(path), "--out",
                                   str(out)], env=env, cwd=REPO, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
        results["command_s"][label] = _median(times)
        for html in sorted(out.glob("*.html")):
            results["sizes"][html.name] = html.stat().st_size

        warm = []
        session = load_session(path)
        for _ in range(options.runs):
            started = time.perf_counter()
            deck, _plan = build_session_deck(session, exercises)
            deck_html(deck)
            warm.append(time.perf_counter() - started)
        results["session_deck_warm_s"][label] = _median(warm)

    maths = export_deck(Deck("maths", "Maths", markdown_to_cells(MATHS)), scratch)
    plain = export_deck(Deck("no-maths", "No maths", markdown_to_cells(MATHS.replace("$", ""))), scratch)
    results["sizes"]["deck with maths (2 slides)"] = maths.size
    results["sizes"]["same deck, no maths"] = plain.size

    if options.pdf:
        from workshop.slides.pdf import print_pdfs

        first = next(iter(sessions.values()))
        started = time.perf_counter()
        (pdf, pages), = print_pdfs([scratch / "out-0" / f"{first.stem}.html"])
        results["pdf"] = {"file": pdf.name, "pages": pages, "seconds": round(time.perf_counter() - started, 2),
                          "size": pdf.stat().st_size}

    if options.json:
        print(json.dumps(results, indent=2))
        return
    print(f"exercises in the workspace: {results['exercises_in_workspace']}; median of {options.runs} runs")
    for label, seconds in results["command_s"].items():
        print(f"  workshop slides ({label}), whole process: {seconds:.3f} s   "
              f"session deck alone, warm: {results['session_deck_warm_s'][label]:.3f} s")
    print("sizes:")
    for name, size in results["sizes"].items():
        print(f"  {name:32} {_size(size):>8}")
    if "pdf" in results:
        pdf = results["pdf"]
        print(f"PDF {pdf['file']}: {pdf['pages']} pages, {_size(pdf['size'])}, {pdf['seconds']:.2f} s "
              "(browser start included)")


if __name__ == "__main__":
    main()
