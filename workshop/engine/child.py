"""Entry point of the checker's child process: ``python -m workshop.engine.child``.

Reads its job as JSON on standard input, then, in this order: keeps a private copy of standard
output for the result and sends fd 1 and 2 to the null device (a learner's megabytes of prints
cost nothing), applies resource limits, and then, where there is fork, forks the learner process
(:mod:`workshop.engine.split`: isolation, policy, the learner's module) and runs pytest here with
:class:`ResultCollector` against a stand-in of that module; without fork it snapshots the framework,
installs the policy and imports the learner's module in this process (:func:`run_together`), and
reports what learner code replaced of the framework there.
Either way it writes one line, signed with a key learner code never sees on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
import traceback

from workshop.engine.version import install_version

RESULT_PREFIX = "WORKSHOP-RESULT"
#: Set to 1 (by the test suite only) to run checks without the audit-hook policy, so that the
#: kernel's isolation is attacked on its own.
NO_AUDIT_HOOKS_VARIABLE = "WORKSHOP_TEST_NO_AUDIT_HOOKS"


def _sign(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def learner_line(tb, module_file: str) -> int | None:
    """The line of the learner's module (``module_file``, a real path) nearest the error in traceback
    ``tb``, or None. Walks the frames directly: run for every exception a learner's function raises."""
    line = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == module_file or _real_path(filename) == module_file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_REAL_PATHS: dict[str, str] = {}


def _real_path(filename: str) -> str:
    found = _REAL_PATHS.get(filename)
    if found is None:
        found = _REAL_PATHS[filename] = os.path.realpath(filename)
    return found


def _import_learner_module(name: str, module_file: str) -> dict | None:
    """Import the learner's module; describe the failure when it raises anything at all."""
    import importlib

    try:
        importlib.import_module(name)
    except SystemExit as error:
        return {"type": "SystemExit", "message": f"SystemExit({error.code!r})", "system_exit": True,
                "line": learner_line(error.__traceback__, module_file)}
    except BaseException as error:  # noqa: BLE001 - any failure of learner code is reported
        try:
            text = "".join(traceback.format_exception_only(type(error), error)).strip()
        except Exception:  # noqa: BLE001 - an exception whose __str__ raises
            text = type(error).__name__
        return {"type": type(error).__name__, "message": text, "system_exit": False,
                "line": learner_line(error.__traceback__, module_file)}
    return None


def _import_state() -> tuple:
    return list(sys.meta_path), list(sys.path_hooks)


def _restore_import_state(state: tuple, test_files: list[str]) -> None:
    """Undo what learner code did to the import system, so pytest imports the real test files."""
    meta_path, path_hooks = state
    sys.meta_path[:] = meta_path
    sys.path_hooks[:] = path_hooks
    sys.path_importer_cache.clear()
    for name in test_files:
        sys.modules.pop(os.path.splitext(os.path.basename(name))[0], None)
    sys.modules.pop("conftest", None)


#: The learner's own folder inside a work folder: its module, the data, its temporary files. The
#: test files (visible and hidden) and pytest's files lie beside it, outside its view.
LEARNER_FOLDER = "work"


def learner_dir(workdir: str) -> str:
    return os.path.join(workdir, LEARNER_FOLDER)


def pytest_command(job) -> tuple[list[str], object]:
    """The pytest arguments and the result collector for ``job`` (a
    :class:`~workshop.engine.job.CheckJob`), in the folder it names."""
    from workshop.engine.plugin import ResultCollector, pytest_args

    workdir = os.path.realpath(job.workdir)
    collector = ResultCollector(os.path.join(learner_dir(workdir), job.module + ".py"), set(job.hidden))
    args = pytest_args([os.path.join(workdir, name) for name in job.tests],
                       os.path.join(learner_dir(workdir), ".tmp"), os.path.join(workdir, "pytest.ini"), workdir)
    args.append("--noconftest")  # a conftest.py is code pytest would trust: none is ever loaded
    # Learner output goes to the null device anyway: capturing it per test only costs time, and
    # so does pytest's logging plugin (~0.1 ms per test), kept only for tests that use caplog.
    args.append("--capture=no")
    if not job.logging:
        args += ["-p", "no:logging"]
    return args, collector


def _write_result(channel: int, key: bytes, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False)
    line = f"{RESULT_PREFIX} {_sign(key, body)} {body}\n".encode("utf-8")
    view = memoryview(line)
    while view:
        written = os.write(channel, view)
        view = view[written:]


def _run_pytest(job, session, collector) -> dict:
    payload: dict = {}
    try:
        if session is not None:
            exit_code = session.run()
        else:
            import pytest

            args, _collector = pytest_command(job)
            exit_code = pytest.main(args, plugins=[collector])
        payload["exitstatus"] = int(exit_code)
    except BaseException as error:  # noqa: BLE001 - learner code can raise anything, even here
        payload["session_error"] = f"{type(error).__name__}: {error}"[:500]
    payload.update(collector.payload())
    return payload


def _start(job, session):
    """What both ways of running a job begin with: the signing key, the work folder, the learner's own
    folder and module file, the resource limits applied (those that failed), and the test collector."""
    from workshop.engine import policy

    workdir = os.path.realpath(job.workdir)
    own = learner_dir(workdir)
    module_file = os.path.realpath(os.path.join(own, job.module + ".py"))
    limits_failed = policy.apply_limits(job.memory_mb, job.cpu_seconds, job.file_mb, job.processes)
    collector = session.collector if session is not None else pytest_command(job)[1]
    return bytes.fromhex(job.key), workdir, own, module_file, limits_failed, collector


def run(job, channel: int, before: dict | None = None, session=None) -> None:
    """Run ``job`` and write its signed result to ``channel``. ``before``: an integrity snapshot taken
    earlier in this process, before any learner code ran (a zygote takes it once, before forking).
    ``session``: a :class:`~workshop.engine.session.PreparedSession` made for this job's tests and
    folder before the fork (else pytest parses its command line here)."""
    from workshop.engine import split

    if job.split and split.available():
        run_split(job, channel, session)
    else:
        run_together(job, channel, before, session)


def _policy(job, workdir: str, own: str, split_check: bool):
    """The audit-hook policy for learner code in folder ``own``; returns ``set_seal(closed)``."""
    from workshop.engine import policy

    if os.environ.get(NO_AUDIT_HOOKS_VARIABLE) == "1":  # tests of the kernel's layers alone
        return lambda closed: None
    tests = [os.path.join(workdir, name) for name in job.tests]
    if split_check:  # nothing of the test side is for learner code: not even to read
        return policy.install([own], allow_loopback=job.network,
                              deny_read=[*job.deny_read, *tests, os.path.join(workdir, "pytest.ini"),
                                         os.path.join(workdir, "__pycache__")])
    return policy.install(
        [own], allow_loopback=job.network, deny_read=list(job.deny_read),
        protected=[*tests, os.path.join(workdir, "pytest.ini")],
        sealed=[os.path.join(workdir, name) for name in job.hidden]
        + ([os.path.join(workdir, "__pycache__")] if job.hidden else []))


def run_split(job, channel: int, session=None) -> None:
    """The tests here, the learner's module in a process of its own (:mod:`workshop.engine.split`).

    No integrity snapshot: what learner code replaces of Python or pytest in its own process changes
    nothing here, where every verdict is made and no learner code runs."""
    from workshop.engine import isolation, split

    key, workdir, own, module_file, limits_failed, collector = _start(job, session)
    if job.isolation:
        isolation.enter_namespaces(job.network)  # shared by both processes: the tests' servers on loopback

    def learner(sock) -> None:
        os.closerange(3, sock.fileno())  # the result channel above all
        os.closerange(sock.fileno() + 1, 1 << 16)
        os.chdir(own)
        layers = isolation.isolate(own, job.network) if job.isolation else []
        sys.path.insert(0, own)
        sys.dont_write_bytecode = True
        _policy(job, workdir, own, True)
        import_state = _import_state()
        wire_layers = {"isolation": layers}

        def import_module():
            error = _import_learner_module(job.module, module_file)
            _restore_import_state(import_state, [])
            return error

        from workshop.engine import framing

        framing.send(sock, wire_layers)
        split.serve_learner(sock, job.module, module_file, import_module)

    side, _pid = split.start(job, own, learner)
    from workshop.engine import wire

    os.chdir(workdir)  # the tests' own files (data they open by name) are here

    payload: dict = {"limits_failed": limits_failed}

    def timed_out() -> None:  # the learner's time is up (counted here): a result that says so
        _write_result(channel, key, {**payload, "timed_out": job.timeout})
        os._exit(0)

    side.on_timeout = timed_out
    began = time.perf_counter()
    side.endpoint.sock.settimeout(side.wait_limit())
    try:
        layers = side.endpoint.receive().get("isolation")  # what the learner process says of itself
        payload["isolation"] = [str(layer) for layer in layers][:8] if isinstance(layers, list) else []
        first = side.endpoint.receive()  # its module's names (values in it may come with blobs)
    except TimeoutError:
        side.time_up()
    except (wire.WireError, OSError):
        side.end_like_learner()
    side.used += time.perf_counter() - began  # importing the learner's module is the learner's time
    sys.path.insert(0, workdir)
    sys.dont_write_bytecode = True
    if "import_error" in first:
        payload["import_error"] = first["import_error"] if isinstance(first["import_error"], dict) else {}
    else:
        sys.modules[job.module] = side.module(job.module, first.get("exports") or {})
        collector.split = side
        payload.update(_run_pytest(job, session, collector))
    _write_result(channel, key, payload)
    side.close(wait=False)  # after the verdict: the learner process's teardown need not delay it


def run_together(job, channel: int, before: dict | None = None, session=None) -> None:
    """The tests and the learner's module in this one process (where there is no fork: Windows)."""
    from workshop.engine import integrity, isolation

    key, workdir, own, module_file, limits_failed, collector = _start(job, session)
    # The kernel's walls (namespaces, Landlock, seccomp): after the framework is ready, before learner code.
    layers = isolation.isolate(workdir, job.network) if job.isolation else []
    if job.version:  # check the AI: the version under test, compiled so that it does not say which it is
        install_version(job.version, job.target)
    sys.path.insert(0, own)
    sys.dont_write_bytecode = True
    set_seal = _policy(job, workdir, own, False)
    before = before if before is not None else integrity.snapshot()
    import_state = _import_state()

    payload: dict = {"limits_failed": limits_failed, "isolation": layers}
    import_error = _import_learner_module(job.module, module_file)
    # Hidden tests are unreadable while learner code runs: open while pytest loads them only.
    set_seal(False)
    collector.after_collection = lambda: set_seal(True)
    _restore_import_state(import_state, list(job.tests))
    if import_error is not None:
        payload["import_error"] = import_error
    else:
        payload.update(_run_pytest(job, session, collector))
    payload["tampered"] = integrity.changes(before)[:20]
    _write_result(channel, key, payload)


def _prepare_environment(workdir: str) -> None:
    import tempfile

    own = learner_dir(workdir)
    tmp = os.path.join(own, ".tmp")
    for name in ("TMPDIR", "TEMP", "TMP"):
        os.environ[name] = tmp
    tempfile.tempdir = None  # forget a temp folder chosen before the job arrived
    os.chdir(own)


def _notebook_builtins() -> None:
    # Started with -S, so exit(), quit() and help() that site.py adds are missing; learners use them.
    import site

    site.setquit()
    site.sethelper()


def main() -> None:
    _notebook_builtins()
    # Import the framework first: the parent may start this process before it knows the job,
    # so that starting Python and importing pytest overlap with its own work.
    import pytest  # noqa: F401

    import workshop.engine.isolation  # noqa: F401
    import workshop.engine.job  # noqa: F401
    import workshop.engine.plugin  # noqa: F401
    import workshop.engine.policy  # noqa: F401

    raw = sys.stdin.buffer.read()
    if not raw:
        os._exit(0)  # the parent changed its mind (e.g. the exercise was not found)
    from workshop.engine.job import CheckJob

    job = CheckJob.from_json(raw.decode("utf-8"))
    channel = os.dup(1)
    if not job.debug:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
    _prepare_environment(job.workdir)
    try:
        run(job, channel)
    except BaseException:  # noqa: BLE001 - the parent reports a missing result; details for debugging
        traceback.print_exc()
    finally:
        # Skip learner atexit handlers and threads: the result is written, the work is done.
        os._exit(0)


if __name__ == "__main__":
    main()
