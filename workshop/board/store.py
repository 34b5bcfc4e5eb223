"""The board's store: one SQLite file (the standard library's embedded database).

WAL journal with ``synchronous=FULL``: an event is acknowledged only after the transaction that
holds it has committed and reached the disk, so a board that is stopped, killed or loses power
restarts with everything it had acknowledged. The ``events`` table is the session's timeline; the
live state is rebuilt from it on start (:mod:`workshop.board.state`).

:class:`Writer` runs the commits on a thread of their own, so the web server never waits for the
disk; requests that arrive while one commit is being written go together into the next
transaction (group commit: one disk flush for all of them, each request's events all-or-nothing).
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from workshop.board import tokens
from workshop.board.state import JOIN, Event
from workshop.util.i18n import _

SCHEMA_VERSION = 1
DEFAULT_NAME = "board.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    t REAL NOT NULL,
    participant INTEGER NOT NULL,
    kind TEXT NOT NULL,
    exercise TEXT,
    status TEXT,
    earned REAL,
    possible REAL,
    duration REAL,
    text TEXT
);
"""

_EVENT_COLUMNS = "id, t, participant, kind, exercise, status, earned, possible, duration, text"


class StoreError(Exception):
    """The store cannot be opened or written; the message is for a person."""


class StoreLock:
    """Only one board at a time may write a store: an exclusive lock on ``<store>.lock``.

    POSIX ``flock``, Windows ``msvcrt.locking``; the operating system releases it when the board
    exits, however it exits.
    """

    def __init__(self, store_path: Path | str):
        self.path = Path(f"{store_path}.lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the board's lifetime
        try:
            if os.name == "nt":
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._handle.close()
            raise StoreError(_("Another board is already running with {path}. Stop that one first (Ctrl+C in its "
                               "window), or give this one its own --store.").format(path=store_path)) from None

    def release(self) -> None:
        self._handle.close()


class Store:
    """The event log and the secrets of one session."""

    def __init__(self, path: Path | str, read_only: bool = False, lock: StoreLock | None = None):
        self.path = Path(path)
        self.lock = None if read_only else (lock or StoreLock(self.path))
        try:
            if read_only:
                if not self.path.is_file():
                    raise StoreError(_("There is no board store at {path}.").format(path=self.path))
                # Opened normally (so a log left by a killed board is recovered) but refusing writes.
                self.conn = sqlite3.connect(self.path, isolation_level=None)
                self.conn.execute("PRAGMA query_only=ON")
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():  # private from the start: it holds the session's secrets
                    os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
                # One thread at a time: the opening thread until the Writer starts, then only the Writer.
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=FULL")
                self.conn.executescript(_SCHEMA)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.conn.execute("PRAGMA busy_timeout=2000")
            self.conn.execute("SELECT count(*) FROM events").fetchone()
        except sqlite3.DatabaseError as error:
            self._release()
            raise StoreError(_("The board store {path} cannot be used ({error}). Start a new session with "
                               "--new (the old file is kept).").format(path=self.path, error=error)) from None
        except OSError as error:
            self._release()
            raise StoreError(_("The board store {path} cannot be opened ({error}).").format(
                path=self.path, error=error)) from None

    # -- meta and secrets ----------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction():
            self.conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?) "
                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value", list(values.items()))

    def ensure_secrets(self) -> dict[str, str]:
        """The session id, join token and facilitator key: made on first start, the same ever after."""
        wanted = {"session": lambda: tokens.new_join_token(), "join_token": tokens.new_join_token,
                  "facilitator_key": tokens.new_facilitator_key, "created": lambda: f"{time.time():.3f}"}
        missing = {key: make() for key, make in wanted.items() if self.get_meta(key) is None}
        if missing:
            self.set_meta(missing)
        return {key: self.get_meta(key) for key in wanted}

    # -- participants and events ---------------------------------------------------------------------

    def participant_tokens(self) -> dict[str, int]:
        """token hash → participant id."""
        return dict(self.conn.execute("SELECT token_hash, id FROM participants"))

    def insert_participant(self, token_hash: str, name: str, t: float) -> list[Event]:
        """A new participant and their join event (call inside :meth:`transaction`)."""
        cursor = self.conn.execute("INSERT INTO participants(token_hash, created) VALUES (?, ?)", (token_hash, t))
        event = Event(JOIN, int(cursor.lastrowid), t, text=name)
        self._insert(event)
        return [event]

    def insert_events(self, events: Iterable[Event]) -> list[Event]:
        """Store events (call inside :meth:`transaction`); they get their ids."""
        events = list(events)
        for event in events:
            self._insert(event)
        return events

    def add_participant(self, token_hash: str, name: str, t: float) -> Event:
        """A new participant and their join event, in a transaction of their own."""
        with self.transaction():
            return self.insert_participant(token_hash, name, t)[0]

    def append(self, events: Iterable[Event]) -> list[Event]:
        """Store events in a transaction of their own."""
        with self.transaction():
            return self.insert_events(events)

    def events(self) -> Iterator[Event]:
        """The whole log, in the order it happened to the board."""
        cursor = self.conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY id")
        for row in cursor:
            yield Event(id=row[0], t=row[1], participant=row[2], kind=row[3], exercise=row[4], status=row[5],
                        earned=row[6], possible=row[7], duration=row[8], text=row[9])

    def count_participants(self) -> int:
        return self.conn.execute("SELECT count(*) FROM participants").fetchone()[0]

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- internals -----------------------------------------------------------------------------------

    def _insert(self, event: Event) -> None:
        cursor = self.conn.execute(
            "INSERT INTO events(t, participant, kind, exercise, status, earned, possible, duration, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.t, event.participant, event.kind, event.exercise, event.status, event.earned, event.possible,
             event.duration, event.text))
        event.id = int(cursor.lastrowid)

    def transaction(self):
        """``with store.transaction():`` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        store = self

        class _Tx:
            def __enter__(self):
                store.conn.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, value, traceback):
                if kind is None:
                    try:
                        store.conn.execute("COMMIT")
                    except sqlite3.Error as error:
                        store.conn.execute("ROLLBACK")
                        raise StoreError(str(error)) from error
                else:
                    store.conn.execute("ROLLBACK")
                return False

        return _Tx()


#: A unit of work for the :class:`Writer`: runs inside its transaction, returns the events it stored.
Unit = Callable[[Store], list[Event]]


class Writer:
    """The store's committing thread, with group commit.

    ``submit(unit, done)`` queues a unit; the thread runs every unit waiting at that moment in one
    transaction, and after the commit calls ``done(events, error)`` for each of them, in order,
    through ``deliver`` (for the server: the event loop's ``call_soon_threadsafe``).
    """

    MAX_BATCH = 500
    _STOP = object()

    def __init__(self, store: Store, deliver: Callable[..., None]):
        self.store = store
        self.deliver = deliver
        self.batches = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="board-store-writer", daemon=True)
        self._thread.start()

    def submit(self, unit: Unit, done: Callable[[list[Event] | None, BaseException | None], None]) -> None:
        self._queue.put((unit, done))

    def stop(self, timeout: float = 10.0) -> None:
        """Commit what is queued, then end the thread."""
        self._queue.put(self._STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is self._STOP:
                break
            batch = [item]
            while len(batch) < self.MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is self._STOP:
                    stopping = True
                    break
                batch.append(more)
            self._commit(batch)

    def _commit(self, batch: list) -> None:
        results: list = []
        error: BaseException | None = None
        try:
            with self.store.transaction():
                for unit, _done in batch:
                    results.append(unit(self.store))
        except (sqlite3.Error, StoreError, OSError) as failure:
            error = failure
        self.batches += 1
        outcomes = [(done, None if error else events, error) for (_unit, done), events in
                    zip(batch, results if not error else [None] * len(batch))]
        try:
            self.deliver(_deliver_all, outcomes)
        except RuntimeError:  # the event loop is gone (shutting down): nobody is waiting any more
            pass


def _deliver_all(outcomes: list) -> None:
    for done, events, error in outcomes:
        done(events, error)
