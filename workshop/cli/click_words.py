"""Click's own words (``Usage:``, ``Options``, ``Error: Missing argument``, ``[default: …]``), listed so that
the catalog extracts them and :func:`workshop.cli._translate_click` shows them in the learner's language.
``required`` is one that click translates from a variable (``[required]`` after an option's help).

Click calls the standard library's ``gettext`` in its own modules; the CLI points those calls at the
toolkit's catalog. Each message is listed the way click asks for it: ``N_()`` for ``_()``,
``ngettext()`` for click's counted messages (a plural entry is found only under its plural pair).
``tests/test_korean_everywhere.py`` fails when the installed click uses a message missing here.
"""

from __future__ import annotations

from workshop.util.i18n import N_, ngettext

#: click's modules that translate (the lazily imported ``_termui_impl`` and ``_winconsole`` too, when loaded).
MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser", "click.types",
           "click.termui", "click.utils", "click.shell_completion", "click._termui_impl", "click._winconsole")


def listed() -> None:  # pragma: no cover - never called: the list is for the catalog's extractor
    # Help pages
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit.")
    N_("Show the version and exit."), N_("%(prog)s, version %(version)s"), N_("default: {default}")
    N_("env var: {var}"), N_("required"), N_("(dynamic)"), N_("deprecated"), N_("Choose from:\n\t{choices}"), N_("Choice({choices})")
    # Errors in what was typed
    N_("Error: {message}"), N_("Try '{command} {option}' for help."), N_("Missing argument"), N_("Missing option")
    N_("Missing parameter"), N_("Missing {param_type}"), N_("Missing parameter: {param_name}"), N_("Missing command.")
    N_("No such command {name!r}."), N_("No such option {name!r}."), N_("Invalid value for {param_hint}: {message}")
    N_("Invalid value: {message}"), N_("Aborted!"), N_("unknown error"), N_("Value must be an iterable.")
    N_("Invalid start character for option ({option})"), N_("Argument {name!r} takes {nargs} values.")
    N_("Option {name!r} does not take a value.")
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", 1)
    ngettext("{len_type} values are required, but {len_value} was given.",
             "{len_type} values are required, but {len_value} were given.", 1)
    # Values of the wrong kind
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)
    ngettext("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.", 1)
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}.")
    N_("{value!r} is not a valid boolean. Recognized values: {states}"), N_("{value!r} is not a valid UUID.")
    # Files and folders
    N_("file"), N_("directory"), N_("path"), N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file.")
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable.")
    N_("{name} {filename!r} is not writable."), N_("{name} {filename!r} is not executable.")
    N_("Could not open file {filename!r}: {message}")
    # Prompts and the terminal
    N_("Do you want to continue?"), N_("Confirm the action without prompting."), N_("Repeat for confirmation")
    N_("Error: The two entered values do not match."), N_("Error: invalid input"), N_("Press any key to continue...")
    N_("{editor}: Editing failed"), N_("{editor}: Editing failed: {e}"), N_("Windows error: {error}")
    N_("Unknown color {colour!r}"), N_("Unknown standard stream '{name}'"), N_("d")
    N_("Shell completion is not supported for Bash versions older than 4.4.")
    N_("Couldn't detect Bash version, shell completion is not supported.")
    # Mistakes in a command's definition (an author sees them, a learner should not)
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}")
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}")
    N_("Name '{name}' defined twice"), N_("Boolean option {decl!r} cannot use the same flag for true/false.")
    N_("Could not determine name for option with declarations {decls!r}")
    N_("No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
       "Did you mean to pass '--{name}'?")
    N_("Arguments take exactly one parameter declaration, got {length}: {decls}.")
