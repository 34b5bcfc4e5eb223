"""A split check: the tests run in one process, the learner's module in another (POSIX).

Learner code that shares a process with pytest can change anything there: the records of the
result collector, the key that signs the result, pytest itself. So in a split check the checker's
child (the *test process*) forks the *learner process* before any test is loaded, and never runs a
line of learner code itself:

* the learner process puts up the kernel's walls (:mod:`workshop.engine.isolation`, with only the
  learner's folder ``work/`` in its view: the test files, visible and hidden, are outside it), the
  audit-hook policy, imports the learner's module and describes its names; then it answers calls;
* the test process puts a stand-in module of that name in ``sys.modules`` and runs pytest on the
  tests: each call of a learner function goes over a socket as plain data (:mod:`workshop.engine.wire`),
  and what comes back is rebuilt as plain values by the test process's own code, so every
  comparison, count, test name, duration and the signature are made where learner code cannot reach.

The test process gives up being dumpable (no ``/proc/<pid>/mem`` or ``fd`` for the learner
process, even without Landlock) and holds the only descriptor of the result channel. The learner
process dies with it. When the learner process ends in the middle (``os._exit``, a limit), the test
process ends the same way without a result, as a one-process check would.

Fidelity: Python's global ``random`` state is kept the same on both sides around each call, and
``monkeypatch.setattr`` of a test on a module or class is repeated in the learner process, so tests
that seed or patch ``random`` mean what they say. Arguments a learner function changes in place
(lists, dicts, sets, buffers) are changed in the test process too. A list or dict passed again
crosses as its number when it equals (``==``) what crossed before (see :mod:`workshop.engine.wire`).
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import random
import signal
import socket
import sys
import time
import types

from workshop.engine import framing, remote_errors, wire

_PRCTL_SET_PDEATHSIG, _PRCTL_SET_DUMPABLE = 1, 4
#: Dunder methods of a handed-over object the other side may use besides its public methods.
_DUNDERS = frozenset({"__call__", "__len__", "__iter__", "__getitem__", "__contains__", "__str__", "__repr__",
                      "__bool__", "__next__"})


def _libc():
    """The C library of this (Linux) process, loaded once; ``None`` where it cannot be loaded."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes

            _LIBC = ctypes.CDLL(None, use_errno=True)
        except OSError:
            _LIBC = False
    return _LIBC or None


_LIBC = None


def _prctl(option: int, value: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            _libc().prctl(option, value, 0, 0, 0)
        except AttributeError:  # no C library, or no prctl in it
            pass


#: Set to ``off`` to run tests and learner code in one process (for benchmarks that compare; never for grading).
SWITCH_VARIABLE = "WORKSHOP_SPLIT"


def available() -> bool:
    """Split checks need ``fork`` and Unix sockets (not on Windows); ``$WORKSHOP_SPLIT=off`` turns them off."""
    return (os.name == "posix" and hasattr(os, "fork") and hasattr(socket, "socketpair")
            and os.environ.get(SWITCH_VARIABLE, "").lower() not in ("off", "0", "no"))


# -- both sides ----------------------------------------------------------------------------------

class _Side:
    """What both processes do alike: a codec, an endpoint, calls and their side effects."""

    strict = False  # the test process refuses to hand out modules, classes and functions on request
    method_calls = False  # the learner process calls the test's objects' attributes as methods

    def __init__(self, sock: socket.socket):
        self.codec = wire.Codec(self._stand_in)
        self.endpoint = framing.Endpoint(sock, self.handle, self.codec)
        self.random_state = random.getstate()
        self.stand_ins: dict[int, object] = {}

    def _stand_in(self, handle: int, name: str, is_callable: bool):
        # One stand-in per object over there: the same object twice is the same object here.
        found = self.stand_ins.get(handle)
        if found is None:
            found = self.stand_ins[handle] = _make_stand_in(self, handle, name, is_callable)
        return found

    # -- the random module's state, one for both sides -----------------------------------------
    #: Whether this side's code may draw from the random module (else its state is not looked at).
    sync_random = True

    def _state_out(self) -> dict:
        if not self.sync_random:
            return {}
        state = random.getstate()
        if state == self.random_state:
            return {}
        self.random_state = state
        return {"rs": [state[0], list(state[1]), state[2]]}

    def _state_in(self, message: dict) -> None:
        state = message.get("rs")
        if isinstance(state, list) and len(state) == 3:
            try:
                restored = (int(state[0]), tuple(state[1]), state[2])  # setstate checks each number
                random.setstate(restored)
                self.random_state = random.getstate()
            except (TypeError, ValueError):
                pass

    # -- calling the other side ----------------------------------------------------------------
    def call(self, target: dict, args: tuple, kwargs: dict):
        self._before_call()
        try:
            encoded_args = [self.codec.encode(arg) for arg in args]
            encoded_kwargs = {str(key): self.codec.encode(value) for key, value in kwargs.items()}
        except BaseException:
            self.codec.discard()  # what the arguments encoded before the one that could not be gave out
            raise
        message = {"op": "call", **target, "a": encoded_args, "k": encoded_kwargs, **self._state_out()}
        answer = self._request(message)
        self._state_in(answer)
        for index, value in (answer.get("back") or {}).items():
            _update_in_place(args[int(index)], self.codec.decode(value))
        if "err" in answer:
            error = self.codec.decode(answer["err"]) if isinstance(answer["err"], dict) else wire.WireError("?")
            if not isinstance(error, BaseException):
                error = wire.WireError("not an exception")
            line = answer.get("line")
            if isinstance(line, int):
                error._learner_line = line
            raise error
        return self.codec.decode(answer["ok"])

    def get(self, handle: int, name: str):
        answer = self._request({"op": "get", "h": handle, "n": name})
        if "err" in answer:
            raise AttributeError(name)
        return self.codec.decode(answer["ok"])

    def _request(self, message: dict) -> dict:
        return self.endpoint.request(message)

    def _before_call(self) -> None:
        """What must cross before a call's arguments are encoded (nothing, on this side)."""

    # -- answering the other side --------------------------------------------------------------
    def handle(self, message: dict) -> dict:
        op = message.get("op")
        try:
            if op == "call":
                return self._answer_call(message)
            if op == "get":
                value = self._local(message)
                name = str(message.get("n", ""))
                if name.startswith("_"):
                    raise AttributeError(name)
                return {"ok": self._encode_result(getattr(value, name))}
            return self.other(message)
        except Exception as error:  # noqa: BLE001 - a failed request is answered, never ends the loop
            self.codec.discard()  # what a result encoded halfway gave out
            try:
                return {"err": self.codec.encode_exception(error)}
            except Exception:  # noqa: BLE001 - an exception that cannot even be described
                return {"err": self.codec.encode_exception(wire.WireError("failed"))}

    def other(self, message: dict) -> dict:
        return {"err": self.codec.encode_exception(wire.WireError("unknown request"))}

    def _local(self, message: dict):
        value = self.codec.local.get(int(message.get("h", 0)))
        if value is None:
            raise wire.WireError("unknown handle")
        return value

    def _encode_result(self, value):
        if self.strict and isinstance(value, (types.ModuleType, type, types.FunctionType, types.CodeType,
                                              types.FrameType, types.BuiltinFunctionType, types.MethodType)):
            raise wire.WireError("not available")
        return self.codec.encode(value)

    def _target(self, message: dict):
        value = self._local(message)
        method = message.get("m")
        if method is None:
            return value
        method = str(method)
        if method.startswith("_") and method not in _DUNDERS:
            raise wire.WireError("not available")
        return getattr(value, method)

    def _answer_call(self, message: dict) -> dict:
        self._state_in(message)
        blobs = self.codec.blobs_in  # this message's: calls made meanwhile bring their own
        try:
            function = self._target(message)
            args = [self.codec.decode(arg) for arg in message.get("a", [])]
            kwargs = {str(key): self.codec.decode(value) for key, value in (message.get("k") or {}).items()}
        except (wire.WireError, AttributeError) as error:
            return {"err": self.codec.encode_exception(error), **self._state_out()}
        # An argument that crossed as JSON's own data is the message's very list or dict: its text now,
        # to see whether the call changed it.
        sent_as_text = {index: text for index, text in enumerate(map(self.codec.text_of, message.get("a", [])))
                        if text is not None}
        answer: dict
        began = time.perf_counter()
        try:
            result = function(*args, **kwargs)
            answer = {"t": time.perf_counter() - began, "ok": self._encode_result(result)}
        except BaseException as error:  # noqa: BLE001 - handed back to the caller as its exception
            answer = {"t": time.perf_counter() - began, "err": self.codec.encode_exception(error)}
            line = self.error_line(error)
            if line is not None:
                answer["line"] = line
        back = {}
        self.codec.use_refs = False  # compared, and sent back, as plain data
        try:
            for index, (before, arg) in enumerate(zip(message.get("a", []), args)):
                if isinstance(arg, (list, dict, set, bytearray, random.Random)):
                    if index in sent_as_text and wire.same_text(arg, sent_as_text[index]):
                        continue
                    try:
                        after = self.codec.encode(arg)
                    except wire.WireError:
                        continue
                    if index in sent_as_text or after != self.codec.plain_form(before, blobs):
                        back[str(index)] = after
        finally:
            self.codec.use_refs = True
        if back:
            answer["back"] = back
        answer.update(self._state_out())
        return answer

    def error_line(self, error: BaseException) -> int | None:
        return None


def uses_random(module) -> bool:
    """Whether ``module`` holds the random module or one of its functions (``from random import
    choice``): only then can its code change the random module's state, which is then kept the same on
    both sides around each call. Looking at that state costs ~10 µs a call on each side, for nothing
    where neither side's code draws from it (a test looping over 400 syllables)."""
    generator = getattr(random, "_inst", None)
    for value in list(vars(module).values()):
        if value is random:
            return True
        if isinstance(value, (types.MethodType, types.BuiltinMethodType)) and value.__self__ is generator:
            return True
    return False


def _update_in_place(original, new) -> None:
    try:
        if isinstance(original, list) and isinstance(new, list):
            original[:] = new
        elif isinstance(original, dict) and isinstance(new, dict):
            original.clear()
            original.update(new)
        elif isinstance(original, set) and isinstance(new, set):
            original.clear()
            original.update(new)
        elif isinstance(original, random.Random) and isinstance(new, random.Random):
            original.setstate(new.getstate())  # the draws the learner's code made from the test's generator
        elif isinstance(original, (bytearray, memoryview)) and isinstance(new, (bytes, bytearray)):
            size = min(len(original), len(new))
            original[:size] = new[:size]
    except (TypeError, ValueError):
        pass


def _make_stand_in(side: _Side, handle: int, name: str, is_callable: bool):
    """A stand-in for an object of the other side: its public methods and attributes are asked there."""

    def method(method_name):
        def call(*args, **kwargs):
            return side.call({"h": handle, "m": method_name}, args, kwargs)
        call.__name__ = method_name
        return call

    class StandIn(wire.Remote):
        __slots__ = ()
        _handle = handle

        def __getattr__(self, attribute):
            if attribute.startswith("_"):
                raise AttributeError(attribute)
            return side.get(handle, attribute)

        def __call__(self, *args, **kwargs):
            return side.call({"h": handle, "m": None}, args, kwargs)

        def __len__(self):
            return method("__len__")()

        def __iter__(self):
            return iter(method("__iter__")())

        def __contains__(self, item):
            return method("__contains__")(item)

        def __getitem__(self, key):
            return method("__getitem__")(key)

        def __repr__(self):
            return f"<{name} of the other process>"

    StandIn.__name__ = StandIn.__qualname__ = name
    # In the learner process, an attribute of a test's object is called as its method over there
    # (one round trip for the common ``rng.choice(words)``); in the test process it is fetched.
    stand_in = StandIn()
    return _MethodCaller(stand_in, side, handle) if side.method_calls and not is_callable else stand_in


class _MethodCaller(wire.Remote):
    """A stand-in whose attribute calls go straight to the owner as method calls."""

    __slots__ = ("_inner", "_side", "_handle")

    def __init__(self, inner, side, handle):
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_side", side)
        object.__setattr__(self, "_handle", handle)

    def __getattr__(self, attribute):
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        side, handle = self._side, self._handle

        def call(*args, **kwargs):
            return side.call({"h": handle, "m": attribute}, args, kwargs)
        call.__name__ = attribute
        return call

    def __len__(self):
        return len(self._inner)

    def __iter__(self):
        return iter(self._inner)

    def __contains__(self, item):
        return item in self._inner

    def __getitem__(self, key):
        return self._inner[key]

    def __repr__(self):
        return repr(self._inner)


# -- the learner process -------------------------------------------------------------------------

class LearnerSide(_Side):
    """In the learner process: the learner's module, answering the test process's calls."""

    method_calls = True

    def __init__(self, sock, module, module_file: str):
        super().__init__(sock)
        self.module = module
        self.module_file = module_file
        self.patched: list[tuple] = []

    def exports(self) -> dict:
        """The learner module's names as the test process will see them."""
        described = {}
        for name, value in list(vars(self.module).items()):
            if name.startswith("__") or isinstance(value, types.ModuleType):
                continue
            try:
                described[name] = self._describe(name, value)
            except Exception:  # noqa: BLE001 - a name that cannot be described is left out
                continue
        return described

    def _describe(self, name: str, value) -> dict:
        if isinstance(value, type):
            if issubclass(value, BaseException):
                return {"exc": [klass.__name__ for klass in value.__mro__], "m": value.__module__}
            if issubclass(value, tuple) and hasattr(value, "_fields"):
                self.codec.class_names[value] = name
                self.codec.classes[name] = value
                defaults = getattr(value, "_field_defaults", {}) or {}
                return {"nt": [str(field) for field in value._fields],
                        "defaults": {key: self.codec.encode(item) for key, item in defaults.items()},
                        "m": value.__module__}
            if dataclasses.is_dataclass(value):
                self.codec.class_names[value] = name
                self.codec.classes[name] = value
                fields = []
                for field in dataclasses.fields(value):
                    entry = {"n": field.name}
                    if field.default is not dataclasses.MISSING:
                        entry["d"] = self.codec.encode(field.default)
                    fields.append(entry)
                params = getattr(value, "__dataclass_params__", None)
                return {"dc": fields, "frozen": bool(getattr(params, "frozen", False)), "m": value.__module__}
        if callable(value):
            return {"fn": self.codec.handle(value), "name": getattr(value, "__name__", name)}
        return {"val": self.codec.encode(value)}

    def error_line(self, error: BaseException) -> int | None:
        from workshop.engine.child import learner_line

        return learner_line(error.__traceback__, self.module_file)

    def other(self, message: dict) -> dict:
        op = message.get("op")
        if op == "patches":
            self._patch(message.get("list") or [])
            return {"ok": None}
        return super().other(message)

    def _patch(self, patches: list) -> None:
        for target, name, old in reversed(self.patched):
            try:
                setattr(target, name, old)
            except (AttributeError, TypeError):
                pass
        self.patched = []
        for entry in patches:
            try:
                where, name, value = str(entry[0]), str(entry[1]), self.codec.decode(entry[2])
                module_name, _sep, qualname = where.partition(":")
                target = self.module if module_name == self.module.__name__ else importlib.import_module(module_name)
                for part in filter(None, qualname.split(".")):
                    target = getattr(target, part)
                if isinstance(target, type) and isinstance(value, wire.Remote):
                    value = _as_method(value)
                old = getattr(target, name)
                setattr(target, name, value)
                self.patched.append((target, name, old))
            except Exception:  # noqa: BLE001 - a patch that cannot be repeated here is skipped
                continue


def _as_method(stand_in):
    def method(*args, **kwargs):
        return stand_in(*args, **kwargs)
    return method


def serve_learner(sock: socket.socket, module_name: str, module_file: str, import_module) -> None:
    """In the learner process: import the module (``import_module()`` returns an import error
    description or None), describe it to the test process, then answer its calls until it ends."""
    error = import_module()
    side = LearnerSide(sock, sys.modules.get(module_name), module_file)
    side.sync_random = side.module is None or uses_random(side.module)
    if error is not None or side.module is None:
        side.endpoint.send({"import_error": error or {"type": "ImportError", "message": "", "system_exit": False}})
    else:
        side.endpoint.send({"exports": side.exports(), "module": module_name})
    while side.endpoint.serve_one():
        pass


# -- the test process ----------------------------------------------------------------------------

class TestSide(_Side):
    """In the test process: the stand-in of the learner's module, and the calls into it."""

    strict = True

    def __init__(self, sock, pid: int, budget: float = 0.0):
        super().__init__(sock)
        self.pid = pid
        self.item = None  # the test running now (its monkeypatch is repeated over there)
        self._modules_using_random: dict = {}
        self.sent_patches: tuple = ()
        #: The learner's time allowed in all (0: unlimited), and used so far as the learner process
        #: reports it per call (a lie only buys the time to the wall-clock kill).
        self.budget = budget
        self.used = 0.0
        #: Called when the learner's time is up: writes the result (timed out) and ends this process.
        self.on_timeout = None

    def wait_limit(self) -> float | None:
        """How long one wait for the learner process may last (its time left, plus a second)."""
        return max(self.budget - self.used, 0.0) + 1.0 if self.budget else None

    def _before_call(self) -> None:
        self._send_patches()  # before the call's arguments: its blobs must not go with the patches

    def _request(self, message: dict) -> dict:
        began = time.perf_counter()
        self._set_wait_limit()
        try:
            answer = self.endpoint.request(message)
        except TimeoutError:
            self.time_up()
            raise
        except (wire.WireError, OSError):
            self.end_like_learner()
            raise
        spent = answer.get("t")
        if isinstance(spent, (int, float)) and not isinstance(spent, bool):
            self.used += min(max(float(spent), 0.0), time.perf_counter() - began)
        if self.budget and self.used > self.budget:
            self.time_up()
        return answer

    def _state_out(self) -> dict:
        # Per test module: the tests of one that never touches the random module cannot change it.
        module = getattr(self.item, "module", None)
        using = self._modules_using_random.get(module)
        if using is None:
            using = self._modules_using_random[module] = module is None or uses_random(module)
        return super()._state_out() if using else {}

    def _set_wait_limit(self) -> None:
        # Setting a socket's timeout is a system call or two: only when it must come down by a quarter
        # of a second or more (the limit is the learner's time left plus a second of grace anyway).
        limit = self.wait_limit()
        current = self.endpoint.sock.gettimeout()
        if limit is None and current is None:
            return
        if limit is not None and current is not None and current - 0.25 <= limit <= current:
            return
        self.endpoint.sock.settimeout(limit)

    def time_up(self) -> None:
        self.close()
        if self.on_timeout is not None:
            self.on_timeout()
        os._exit(1)

    def _send_patches(self) -> None:
        if self.item is None and not self.sent_patches:
            return
        from workshop.engine.pytest_compat import monkeypatches

        current = tuple(monkeypatches(self.item)) if self.item is not None else ()
        if current == self.sent_patches:
            return
        described = []
        for target, name, value in current:
            if isinstance(target, types.ModuleType):
                where = f"{target.__name__}:"
            elif isinstance(target, type):
                where = f"{target.__module__}:{target.__qualname__}"
            else:
                continue
            try:
                described.append([where, name, self.codec.encode(value)])
            except wire.WireError:
                continue
        self.sent_patches = current
        try:
            self.endpoint.request({"op": "patches", "list": described})
        except (wire.WireError, OSError):
            self.end_like_learner()

    def end_like_learner(self) -> None:
        """The learner process ended in the middle: end this process the same way, without a result."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            _pid, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            os._exit(1)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
            signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
            os.kill(os.getpid(), os.WTERMSIG(status))
        os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + signal.SIGKILL)

    def module(self, name: str, exports: dict) -> types.ModuleType:
        """The stand-in module: functions that call over there, shapes rebuilt here, values copied."""
        module = types.ModuleType(name)
        module.__file__ = f"<{name} in the learner process>"
        shapes = {}
        for export, info in exports.items():
            if not isinstance(info, dict):
                continue
            try:
                if "nt" in info:
                    shapes[export] = _named_tuple(export, info, self.codec)
                elif "dc" in info:
                    shapes[export] = _dataclass(export, info, self.codec)
                elif "exc" in info:
                    shapes[export] = type(remote_errors.exception_for([str(n) for n in info["exc"]], str(info.get("m", name)),
                                                             ()))
            except Exception:  # noqa: BLE001 - a shape that cannot be rebuilt is left out
                continue
        for export, klass in shapes.items():
            self.codec.classes[export] = klass
            self.codec.class_names[klass] = export
            setattr(module, export, klass)
        for export, info in exports.items():
            if export in shapes or not isinstance(info, dict):
                continue
            if "fn" in info:
                setattr(module, export, self._function(int(info["fn"]), str(info.get("name", export)), name))
            elif "val" in info:
                try:
                    setattr(module, export, self.codec.decode(info["val"]))
                except wire.WireError:
                    continue
        return module

    def _function(self, handle: int, function_name: str, module_name: str):
        side = self

        def function(*args, **kwargs):
            return side.call({"h": handle}, args, kwargs)
        function.__name__ = function.__qualname__ = function_name
        function.__module__ = module_name
        return function

    def close(self, wait: bool = True) -> None:
        """End the learner process. ``wait=False`` at the very end: its teardown (a whole address space)
        need not delay the result, and whoever started this process ends its process group anyway."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            if wait:
                os.waitpid(self.pid, 0)
        except OSError:
            pass


def _property_lookup(self, attribute):
    properties = self.__dict__.get("_remote_properties") if hasattr(self, "__dict__") else None
    if properties and attribute in properties:
        return properties[attribute]
    raise AttributeError(attribute)


def _named_tuple(name: str, info: dict, codec) -> type:
    import collections

    fields = [str(field) for field in info["nt"]]
    defaults_given = {str(key): codec.decode(value) for key, value in (info.get("defaults") or {}).items()}
    defaults = [defaults_given[field] for field in fields if field in defaults_given]
    base = collections.namedtuple(name, fields, defaults=defaults or None)
    return type(name, (base,), {"__module__": str(info.get("m", "")), "__getattr__": _property_lookup})


def _dataclass(name: str, info: dict, codec) -> type:
    fields = []
    for field in info["dc"]:
        if "d" in field:
            fields.append((str(field["n"]), object, dataclasses.field(default=codec.decode(field["d"]))))
        else:
            fields.append((str(field["n"]), object))
    return dataclasses.make_dataclass(name, fields, frozen=bool(info.get("frozen")),
                                      namespace={"__getattr__": _property_lookup,
                                                 "__module__": str(info.get("m", ""))})


def _share_one_core() -> None:
    """Keep this process, and the learner process it forks, on the core it runs on now.

    Every call into the learner's code is a round trip: one process waits while the other works. On
    one core the hand-over is a plain switch; across cores each one wakes the other core (measured:
    ~73 µs a call on one core against ~165 µs across two, on 2 cores in a virtual machine). Nothing is
    lost: the two never run at once. Linux only (elsewhere the scheduler decides).
    """
    if not (hasattr(os, "sched_setaffinity") and sys.platform.startswith("linux")):
        return
    try:
        core = _libc().sched_getcpu()
        if core >= 0:
            os.sched_setaffinity(0, {core})
    except (OSError, AttributeError, ValueError):
        pass


def start(job, learner_dir: str, run_learner) -> tuple[TestSide, int]:
    """Fork the learner process; ``run_learner(sock)`` runs in it and never returns. Returns the test
    side's connection and the learner's pid."""
    _share_one_core()
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the learner process
        try:
            ours.close()
            _prctl(_PRCTL_SET_PDEATHSIG, signal.SIGKILL)
            run_learner(theirs)
        except BaseException:  # noqa: BLE001 - the test process sees the socket close
            pass
        finally:
            os._exit(0)
    theirs.close()
    _prctl(_PRCTL_SET_DUMPABLE, 0)  # no /proc/<this>/mem, fd or environ for the learner process
    return TestSide(ours, pid, budget=float(getattr(job, "timeout", 0.0) or 0.0)), pid
