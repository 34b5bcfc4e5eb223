"""``workshop slides``: export the session's decks as offline HTML files (and PDF handouts)."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli.common import error_guard, fail, library_default, LibraryDefault, root_option, workspace_or_fail
from workshop.util.i18n import _

EXIT_NO_PDF = 1


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


@click.command("slides")
@click.option("--session", "session_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The session file. Default: session.toml in the workshop folder, if there is one.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the decks. Default: out/slides in the workshop folder.")
@click.option("--pdf", is_flag=True, help="Also print PDF handouts (needs Playwright and Chrome/Chromium/Edge).")
@click.option("--theme", cls=LibraryDefault, default=library_default("workshop.slides.assets", "DEFAULT_THEME"),
              show_default=True, metavar="NAME|FILE.css",
              help="A reveal.js theme (white, black, white-contrast, black-contrast, …) or your own CSS file.")
@click.option("--notebooks", is_flag=True, help="Also write each deck as a notebook with slideshow metadata.")
@root_option
@error_guard
def slides_command(session_file: Path | None, out_dir: Path | None, pdf: bool, theme: str, notebooks: bool,
                   root: Path | None):
    """Build the session deck and every deck in slides/ as single HTML files that work offline.

    \b
    Each file holds reveal.js, the theme and the images: copy it to a USB stick and open it in any
    browser, no internet needed. Keys: → next, S speaker notes, F full screen, Esc overview.
    """
    from rich.console import Console
    from rich.table import Table

    from workshop.slides import SlidesError
    from workshop.slides.export import build_slides

    workspace = workspace_or_fail(root)
    console = Console(highlight=False)
    try:
        result = build_slides(workspace, session_file, out_dir, theme, notebooks)
    except SlidesError as error:
        fail(str(error))
    table = Table(title=_("Decks in {folder}").format(folder=result.out_dir), title_justify="left")
    for header, justify in ((_("file"), "left"), (_("slides"), "right"), (_("with notes"), "right"),
                            (_("size"), "right"), (_("maths"), "left")):
        table.add_column(header, justify=justify)
    for deck in result.decks:
        table.add_row(deck.path.name, str(deck.slide_count), str(deck.notes_count), _size(deck.size),
                      _("yes") if deck.has_math else "")
    console.print(table)
    if result.schedule is not None:
        plan = result.schedule
        from workshop.core.session import clock

        console.print(_("Session: {n} exercises, {start}–{end} ({minutes} minutes).").format(
            n=len(plan.exercises), start=clock(plan.items[0].start), end=clock(plan.end), minutes=plan.minutes))
    for note in result.notes:
        console.print(f"[dim]{note}[/dim]")
    for deck in result.decks:
        for warning in deck.warnings:
            console.print(f"[yellow]{_('warning')}:[/yellow] {warning}")
    console.print(_("Built in {seconds:.1f} s. Open a file in a browser; press S for the speaker view.").format(
        seconds=result.seconds))
    if pdf:
        from workshop.slides.pdf import NoBrowser, print_pdfs

        try:
            printed = print_pdfs([deck.path for deck in result.decks])
        except NoBrowser as error:
            fail(str(error), EXIT_NO_PDF)
        except SlidesError as error:
            fail(str(error), EXIT_NO_PDF)
        for path, pages in printed:
            console.print(_("{file}: {pages} pages").format(file=path, pages=pages))
