"""The macOS side of a check's isolation: a Seatbelt (SBPL) profile with Linux's rules.

Applied in the child with ``sandbox_init`` (libSystem), as the checker's Linux layers are, after
the framework is imported and before learner code runs. The test suite checks the profile's text;
it does not run on a Mac there.
"""

from __future__ import annotations

import ctypes


def _sbpl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def profile(workdir: str, readable: list[str], network: bool) -> str:
    """The same rules as on Linux as a macOS Seatbelt profile (SBPL): everything denied, then reads
    of the interpreter and its packages, reads and writes in the work folder, signals to itself,
    and loopback only when the exercise declares network. No process may be started."""
    system = ["/usr/lib", "/usr/share", "/System/Library", "/Library/Frameworks", "/private/etc/hosts",
              "/private/var/db/timezone", "/dev/urandom", "/dev/random"]
    reads = " ".join(f"(subpath {_sbpl_string(path)})" for path in sorted({*readable, *system})
                     if path.startswith("/"))
    lines = [
        "(version 1)",
        "(deny default)",
        "(allow file-read-metadata)",
        "(allow sysctl-read)",
        "(allow signal (target self))",
        f"(allow file-read* file-map-executable {reads})",
        f"(allow file-read* file-write* (subpath {_sbpl_string(workdir)}))",
        '(allow file-read* file-write-data (literal "/dev/null"))',
    ]
    if network:
        lines += ['(allow network-bind network-inbound (local ip "localhost:*"))',
                  '(allow network-outbound (remote ip "localhost:*"))']
    return "\n".join(lines) + "\n"


def apply(text: str) -> None:
    """Put this process under the profile ``text`` for the rest of its life."""
    libc = ctypes.CDLL("/usr/lib/libSystem.B.dylib")
    error = ctypes.c_char_p()
    if libc.sandbox_init(text.encode("utf-8"), ctypes.c_uint64(0), ctypes.byref(error)) != 0:
        raise OSError(0, f"sandbox_init: {error.value!r}")
