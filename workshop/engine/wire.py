"""Plain data across the boundary between the test process and the learner's process.

In a split check (:mod:`workshop.engine.split`) the tests run in one process and the learner's
module in another; calls go over a socket (:mod:`workshop.engine.framing`) as JSON, and bytes of
1 KiB or more follow the JSON raw (a *blob*: no base64 to write and read, no long JSON string to
scan). Nothing here unpickles or evaluates: a value is rebuilt from plain data by the receiving
side's own code, so what arrives can never run code, replace a function or compare equal to anything
by its own choice.

What crosses by value: ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``bytes``,
``bytearray``, ``list``, ``tuple``, ``dict``, ``set``, ``frozenset``, ``range``, paths, compiled
regular expressions, exceptions (type names, arguments), named tuples and dataclasses (the receiver
rebuilds them with its own class of that shape), and random number generators of the standard
library (``random.Random`` by its state, ``random.SystemRandom``): a test's seeded generator is drawn
from where the learner's code runs, not once per draw across the socket. Anything else crosses as a *handle*: the receiver
gets a stand-in whose public methods and attributes are asked of the owner, again as plain data.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import pathlib
import random
import re

from workshop.engine.framing import WireError, write_json
from workshop.engine.remote_errors import exception_for
from workshop.util.i18n import _

#: ``write_json`` refusing NaN and infinities (JSON has no such numbers: such a value crosses item by item).
_ENCODE_STRICT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode

#: The deepest nesting encoded (a self-referencing list is an error, not a crash).
MAX_DEPTH = 100
#: The most items an iterator handed back is read for.
MAX_ITEMS = 1_000_000
#: From this many items on, a list of strings crosses as one string (see :func:`_joined`).
_JOINED_FROM = 64
_LINE = "\n"
#: From this size on, bytes cross raw after the message's JSON (see :func:`send`).
_BLOB_FROM = 1024
#: How many such lists each side keeps by number.
_TEXT_LISTS_KEPT = 16
#: Integers JSON carries exactly (beyond them, as text).
_SAFE_INT = (-(1 << 53), 1 << 53)
_JSON_TEXT = frozenset({str, bool, type(None)})
_INT = frozenset({int})
_FLOAT = frozenset({float})
#: What JSON decodes to, apart from lists and objects: the same on both sides, so taken as it is.
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
_NUMBERS = frozenset({int, float})


class Remote:
    """Base of the stand-ins for the other side's objects (see :mod:`workshop.engine.split`)."""

    _handle = 0


_ITERATORS = (type(iter([])), type(iter(())), type((lambda: (yield))()), map, filter, zip, enumerate, reversed,
              type({}.keys()), type({}.values()), type({}.items()), type(iter(range(0))), type(iter("")))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Codec:
    """Encode this side's values to plain JSON data and decode the other side's.

    ``local``: objects of this side handed out as handles (id → object); ``remote_factory(kind,
    handle, info)``: makes the stand-in for a handle of the other side; ``classes``: named shapes
    (named tuples, dataclasses) this side knows, by the name the other side uses for them."""

    def __init__(self, remote_factory, classes: dict | None = None):
        self.local: dict[int, object] = {}
        self._ids: dict[int, int] = {}
        self.remote_factory = remote_factory
        self.classes = classes if classes is not None else {}
        self.class_names: dict[type, str] = {}
        #: Long lists of strings sent (id → (list, its text, number)) and received (number → (text,
        #: items)): the same list, unchanged, crosses again as its number (a word list passed to
        #: every call). Only arguments and results themselves, not lists inside them.
        self._sent_text: dict[int, tuple[list, str, int]] = {}
        self._received_text: dict[int, tuple[str, list]] = {}
        #: Likewise JSON's own data (rows of a CSV file): sent (id → (value, its copy as it crossed,
        #: number)) and received (number → its JSON text).
        self._sent_data: dict[int, tuple[object, object, int]] = {}
        self._received_data: dict[int, str] = {}
        #: One numbering for both: the receiver keeps the last :data:`_TEXT_LISTS_KEPT` numbers it got.
        self._text_numbers = 0
        #: Numbered lists and blobs allowed (off while arguments are encoded to be compared).
        self.use_refs = True
        #: Blobs of the message being encoded (sent with it) and of the message received last.
        self.blobs_out: list = []
        self.blobs_in: list = []
        #: Numbered values of the message being encoded, not sent yet: (store, key).
        self._unsent: list[tuple[dict, int]] = []

    # -- encoding --------------------------------------------------------------------------------

    def handle(self, value) -> int:
        key = id(value)
        number = self._ids.get(key)
        if number is None or self.local.get(number) is not value:
            number = len(self.local) + 1
            self.local[number] = value
            self._ids[key] = number
        return number

    def encode(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError(_("The value is nested more than {depth} levels deep: the checker cannot pass it "
                              "between your code and the tests.").format(depth=MAX_DEPTH))
        kind = type(value)
        if value is None or kind is bool or kind is str:
            return value
        if kind is int:
            return value if _SAFE_INT[0] < value < _SAFE_INT[1] else {"i": str(value)}
        if kind is float:
            return value if value == value and value not in (float("inf"), float("-inf")) else {"fl": repr(value)}
        if kind is list:
            if len(value) >= _JOINED_FROM:
                joined = _joined(value)
                if joined is not None:
                    return self._text_list(value, joined) if depth == 0 and self.use_refs else {"sl": joined}
            kinds = set(map(type, value))
            if kinds <= _JSON_TEXT:
                return list(value)
            if depth == 0 and not kinds <= _NUMBERS:
                data = self._json_data(value)
                if data is not None:
                    return data
            return self._items(value, depth, kinds)
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            name = self._shape_name(kind)
            if name is not None:
                return {"nt": name, "v": self._items(value, depth),
                        "p": self._properties(value, kind, depth)}
        if kind is tuple:
            return {"t": self._items(value, depth)}
        if kind is dict:
            if depth == 0:
                data = self._json_data(value)
                if data is not None:
                    return data
            if all(type(key) is str for key in value):
                return {"d": {key: self.encode(item, depth + 1) for key, item in value.items()}}
            return {"D": [[self.encode(key, depth + 1), self.encode(item, depth + 1)] for key, item in value.items()]}
        if kind is bytes:
            if len(value) >= _BLOB_FROM and self.use_refs:
                self.blobs_out.append(value)
                return {"B": len(self.blobs_out) - 1}
            return {"b": _b64(value)}
        if kind is random.Random:
            version, internal, gauss = value.getstate()
            return {"rng": [version, list(internal), gauss]}
        if kind is random.SystemRandom:
            return {"sysrng": True}
        if kind is bytearray or kind is memoryview:
            if len(value) >= _BLOB_FROM and self.use_refs:
                self.blobs_out.append(value)
                return {"BA": len(self.blobs_out) - 1}
            return {"ba": _b64(bytes(value))}
        if isinstance(value, Remote):
            return {"local": value._handle}
        if kind is set or kind is frozenset:
            return {"s" if kind is set else "f": self._items(value, depth)}
        if kind is complex:
            return {"c": [value.real, value.imag]}
        if kind is range:
            return {"r": [value.start, value.stop, value.step]}
        if isinstance(value, pathlib.PurePath):
            return {"p": str(value)}
        if isinstance(value, re.Pattern):
            return {"re": self.encode(value.pattern, depth + 1), "fl": value.flags}
        if isinstance(value, BaseException):
            return self.encode_exception(value, depth)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = self._shape_name(kind)
            if name is not None:
                return {"dc": name, "v": {field.name: self.encode(getattr(value, field.name, None), depth + 1)
                                          for field in dataclasses.fields(value)},
                        "p": self._properties(value, kind, depth)}
        if isinstance(value, _ITERATORS):
            items = []
            for item in value:
                if len(items) >= MAX_ITEMS:
                    raise WireError(_("The iterator gives more than {count} items: the checker cannot pass it "
                                      "between your code and the tests.").format(count=MAX_ITEMS))
                items.append(self.encode(item, depth + 1))
            return {"it": items}
        # Built-in subclasses of plain types (an IntEnum, a str subclass) cross as their plain value.
        for plain in (bool, int, float, str, bytes, list, dict, tuple):
            if isinstance(value, plain):
                return self.encode(plain(value), depth + 1)
        return {"h": self.handle(value), "n": type(value).__name__, "call": callable(value)}

    def _text_list(self, value: list, joined: str) -> dict:
        sent = self._sent_text.get(id(value))
        if sent is not None and sent[0] is value and sent[1] == joined and self._still_kept(sent[2]):
            return {"slref": sent[2]}
        number = self._next_number()
        _keep(self._sent_text, id(value), (value, joined, number))
        self._unsent.append((self._sent_text, id(value)))
        return {"sl": joined, "n": number}

    def _json_data(self, value) -> dict | None:
        """A list or dict argument or result that is JSON's own data: whole, or by its number when the
        same one, equal to what crossed, was sent before (the rows every call of exercise 05 gets)."""
        if not self.use_refs:
            return {"j": value} if _json_copy(value) is not None else None
        sent = self._sent_data.get(id(value))
        if sent is not None and sent[0] is value and self._still_kept(sent[2]) and sent[1] == value:
            return {"jref": sent[2]}
        copy = _json_copy(value)
        if copy is None:
            return None
        number = self._next_number()
        _keep(self._sent_data, id(value), (value, copy, number))
        self._unsent.append((self._sent_data, id(value)))
        return {"j": value, "n": number}

    def _next_number(self) -> int:
        self._text_numbers += 1
        return self._text_numbers

    def _still_kept(self, number: int) -> bool:
        # The receiver keeps the last _TEXT_LISTS_KEPT numbers it got, whatever they stood for.
        return self._text_numbers - number < _TEXT_LISTS_KEPT

    def text_of(self, data) -> str | None:
        """The JSON text of an argument that crossed as JSON's own data, as it crossed (taken when it
        was decoded, before the call: to see whether the call changed it); None for other arguments."""
        if type(data) is not dict:
            return None
        if "jref" in data:
            return self._received_data.get(data["jref"]) if type(data["jref"]) is int else None
        if "j" in data:
            number = data.get("n")
            kept = self._received_data.get(number) if type(number) is int else None
            return kept if kept is not None else write_json(data["j"])
        return None

    def plain_form(self, data, blobs: list):
        """``data``, received with ``blobs``, as it would be encoded without numbered lists and blobs
        (to compare an argument before and after a call: ``{"sl": text}`` either way)."""
        if isinstance(data, dict):
            if "slref" in data:
                found = self._received_list(data["slref"])
                return {"sl": found[0]} if found is not None else data
            if "sl" in data and "n" in data:
                return {"sl": data["sl"]}
        return _inline_blobs(data, blobs) if blobs else data

    def sent(self) -> None:
        """The message just encoded has been sent: its blobs are done with, its numbers known over there."""
        self.blobs_out = []
        self._unsent = []

    def discard(self) -> None:
        """The message just encoded will not be sent: its blobs and the numbers it gave out are dropped
        (the other side never learns them, so they must never be referred to)."""
        self.blobs_out = []
        for store, key in self._unsent:
            store.pop(key, None)
        self._unsent = []

    def _blob(self, index) -> bytes | bytearray:
        if type(index) is not int or not 0 <= index < len(self.blobs_in):
            raise WireError("unknown blob")
        return self.blobs_in[index]

    def _items(self, values, depth: int, kinds: set | None = None) -> list:
        """The items of a list, tuple or set, encoded. Items that are all JSON's own kind of value (a
        word list, a row of finite numbers) are taken as they are: one type check in C, where item by
        item a 7,776-word list cost ~1 ms a call on each side."""
        if kinds is None:
            kinds = set(map(type, values))
        if kinds <= _JSON_TEXT or (kinds == _INT and (not values or _SAFE_INT[0] < min(values) and max(values) < _SAFE_INT[1])) \
                or (kinds == _FLOAT and all(map(math.isfinite, values))):
            return list(values)
        return [self.encode(item, depth + 1) for item in values]

    def _shape_name(self, kind: type) -> str | None:
        return self.class_names.get(kind)

    def _properties(self, value, kind: type, depth: int) -> dict:
        """Public properties of a named shape, evaluated here (``Report.ok``): plain data only."""
        found = {}
        for name in _public_properties(kind):
            try:
                found[name] = self.encode(getattr(value, name), depth + 1)
            except Exception:  # noqa: BLE001 - a property that raises is left out
                continue
        return found

    def encode_exception(self, error: BaseException, depth: int = 0) -> dict:
        try:
            args = [self.encode(arg, depth + 1) for arg in error.args]
        except Exception:  # noqa: BLE001 - arguments that cannot cross: their text does
            args = [_text(error)]
        return {"x": [klass.__name__ for klass in type(error).__mro__],
                "xm": getattr(type(error), "__module__", "builtins"), "xa": args, "xs": _text(error)}

    # -- decoding --------------------------------------------------------------------------------

    def decode(self, data, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if data is None or isinstance(data, (bool, int, float, str)):
            return data
        if isinstance(data, list):
            return self._decoded_items(data, depth)
        if not isinstance(data, dict) or len(data) == 0:
            raise WireError("not plain data")
        if "j" in data:
            number = data.get("n")
            if type(number) is int:
                _keep(self._received_data, number, write_json(data["j"]))
            return data["j"]  # JSON's own data, as the message's JSON gave it: nothing to rebuild
        if "jref" in data:
            text = self._received_data.get(data["jref"]) if type(data["jref"]) is int else None
            if text is None:
                raise WireError("unknown data")
            return json.loads(text)  # a copy of its own each time: the kept text stays as it came
        if "x" in data:
            return self.decode_exception(data)
        if "t" in data:
            return tuple(self._decoded_items(data["t"], depth))
        if "d" in data:
            return {str(key): self.decode(item, depth + 1) for key, item in data["d"].items()}
        if "D" in data:
            return {_hashable(self.decode(key, depth + 1)): self.decode(item, depth + 1) for key, item in data["D"]}
        if "B" in data:
            return bytes(self._blob(data["B"]))
        if "BA" in data:
            return bytearray(self._blob(data["BA"]))
        if "b" in data:
            return base64.b64decode(data["b"])
        if "sl" in data:
            text = data["sl"]
            if not isinstance(text, str):
                raise WireError("not plain data")
            items = text.split(_LINE)
            number = data.get("n")
            if type(number) is int:
                _keep(self._received_text, number, (text, items))
                return list(items)  # a list of its own each time: the kept one stays as it came
            return items
        if "slref" in data:
            found = self._received_list(data["slref"])
            if found is None:
                raise WireError("unknown list")
            return list(found[1])
        if "rng" in data:
            return _generator(data["rng"])
        if "sysrng" in data:
            return random.SystemRandom()
        if "ba" in data:
            return bytearray(base64.b64decode(data["ba"]))
        if "s" in data:
            return {_hashable(item) for item in self._decoded_items(data["s"], depth)}
        if "f" in data:
            return frozenset(_hashable(item) for item in self._decoded_items(data["f"], depth))
        if "i" in data:
            return int(str(data["i"]))
        if "fl" in data and "re" not in data:
            return float(str(data["fl"]))
        if "c" in data:
            return complex(float(data["c"][0]), float(data["c"][1]))
        if "r" in data:
            return range(*(int(number) for number in data["r"]))
        if "p" in data and len(data) == 1:
            return pathlib.Path(str(data["p"]))
        if "re" in data:
            pattern = self.decode(data["re"], depth + 1)
            if not isinstance(pattern, (str, bytes)):
                raise WireError("not a pattern")
            return re.compile(pattern, int(data["fl"]) & ~re.DEBUG)
        if "x" in data:
            return self.decode_exception(data)
        if "nt" in data or "dc" in data:
            name = str(data.get("nt") or data.get("dc"))
            klass = self.classes.get(name)
            if klass is None:
                raise WireError(f"unknown shape {name!r}")
            properties = {str(key): self.decode(value, depth + 1) for key, value in (data.get("p") or {}).items()}
            if "nt" in data:
                return _with_properties(klass(*self._decoded_items(data["v"], depth)), properties)
            values = {str(key): self.decode(value, depth + 1) for key, value in data["v"].items()}
            return _with_properties(klass(**values), properties)
        if "it" in data:
            return iter([self.decode(item, depth + 1) for item in data["it"]])
        if "h" in data:
            return self.remote_factory(int(data["h"]), str(data.get("n", "object")), bool(data.get("call")))
        if "local" in data:  # one of our own handles coming back
            value = self.local.get(int(data["local"]))
            if value is None:
                raise WireError("unknown handle")
            return value
        raise WireError("not plain data")

    def _received_list(self, number) -> tuple[str, list] | None:
        """(text, items) of the list the other side sent as ``number``, if it is one kept here."""
        return self._received_text.get(number) if type(number) is int else None

    def _decoded_items(self, data, depth: int) -> list:
        if not isinstance(data, list):
            raise WireError("not plain data")
        if set(map(type, data)) <= _JSON_SCALARS:  # already what it stands for: nothing to rebuild
            return list(data)
        return [self.decode(item, depth + 1) for item in data]

    def decode_exception(self, data: dict) -> BaseException:
        names = [str(name) for name in data.get("x", [])]
        try:
            args = tuple(self.decode(arg) for arg in data.get("xa", []))
        except WireError:
            args = (str(data.get("xs", "")),)
        return exception_for(names, str(data.get("xm", "")), args)


def _keep(kept: dict, key, value) -> None:
    """Keep ``value`` under ``key``, the oldest entry making room past :data:`_TEXT_LISTS_KEPT`."""
    if key not in kept and len(kept) >= _TEXT_LISTS_KEPT:
        kept.pop(next(iter(kept)))
    kept[key] = value


def _json_copy(value):
    """A copy of ``value`` if it is JSON's own data and nothing else (lists, dicts with text keys,
    text, integers, finite floats, booleans, ``None``), so that it crosses as it is: written and read
    back, then compared, all in C (rows of a CSV file as dicts: ~4× cheaper than item by item, and
    nothing to rebuild on the other side). ``None`` for a tuple, a set, a number key or NaN anywhere:
    it reads back different, and the value crosses item by item."""
    try:
        copy = json.loads(_ENCODE_STRICT(value))
    except (TypeError, ValueError, RecursionError):
        return None
    return copy if copy == value else None


def same_text(value, text: str) -> bool:
    """Whether ``value`` is written as JSON exactly as ``text`` (False when it cannot be written)."""
    try:
        return write_json(value) == text
    except (TypeError, ValueError, RecursionError):
        return False


def _inline_blobs(data, blobs: list):
    """``data`` with its blob references written out as base64, as the codec writes them inline."""
    if isinstance(data, list):
        return [_inline_blobs(item, blobs) for item in data]
    if isinstance(data, dict):
        for key, inline in (("B", "b"), ("BA", "ba")):
            index = data.get(key)
            if len(data) == 1 and type(index) is int and 0 <= index < len(blobs):
                return {inline: _b64(bytes(blobs[index]))}
        return {key: _inline_blobs(value, blobs) for key, value in data.items()}
    return data


def _joined(values: list) -> str | None:
    """A long list of strings as one string, one item a line (JSON writes one long string ~10× faster
    than 7,776 short ones: 0.7 ms a call for a word list); None when an item is not text or holds a
    line break (then item by item). A ``str`` subclass crosses as plain text either way."""
    try:
        joined = _LINE.join(values)
    except TypeError:
        return None
    return joined if joined.count(_LINE) == len(values) - 1 else None


def _public_properties(kind: type) -> list[str]:
    """The names of ``kind``'s public properties, nearest class first (looked up once per class)."""
    names = _PROPERTIES.get(kind)
    if names is None:
        names = []
        for klass in kind.__mro__:
            for name, attribute in vars(klass).items():
                if isinstance(attribute, property) and not name.startswith("_") and name not in names:
                    names.append(name)
        _PROPERTIES[kind] = names
    return names


_PROPERTIES: dict[type, list[str]] = {}


def _generator(state) -> random.Random:
    """A ``random.Random`` in the state the other side described (checked by ``setstate`` itself)."""
    try:
        version, internal, gauss = state
        # Not seeded (from the OS's randomness: ~10 µs) before it is set; setstate checks, in C, that
        # the state is 625 integers of the right size (no int() of each in Python: ~50 µs).
        generator = random.Random.__new__(random.Random)
        generator.setstate((int(version), tuple(internal), None if gauss is None else float(gauss)))
    except (TypeError, ValueError, OverflowError) as error:
        raise WireError("not a random generator's state") from error
    return generator


def _text(error: BaseException) -> str:
    try:
        return str(error)[:2000]
    except Exception:  # noqa: BLE001 - an exception whose __str__ raises
        return type(error).__name__


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items(), key=repr))
    return value


def _with_properties(value, properties: dict):
    if properties:
        try:
            object.__setattr__(value, "_remote_properties", properties)
        except (AttributeError, TypeError):
            pass
    return value


__all__ = ["Codec", "Remote", "WireError", "same_text"]
