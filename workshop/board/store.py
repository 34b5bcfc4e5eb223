"""The board's store: one SQLite file (the standard library's embedded database).

WAL journal with ``synchronous=FULL``: each event is one committed transaction (a report that
carries several checks is one transaction for all of them), so a board that is stopped, killed or
loses power restarts with everything it had acknowledged. The ``events`` table is the session's
timeline; the live state is rebuilt from it on start (:mod:`workshop.board.state`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Iterator

from workshop.board import tokens
from workshop.board.state import JOIN, Event
from workshop.i18n import _

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


class Store:
    """The event log and the secrets of one session."""

    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.is_file():
                    raise StoreError(_("There is no board store at {path}.").format(path=self.path))
                self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                            isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():  # private from the start: it holds the session's secrets
                    os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
                self.conn = sqlite3.connect(self.path, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=FULL")
                self.conn.executescript(_SCHEMA)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.conn.execute("PRAGMA busy_timeout=2000")
            self.conn.execute("SELECT count(*) FROM events").fetchone()
        except sqlite3.DatabaseError as error:
            raise StoreError(_("The board store {path} cannot be used ({error}). Start a new session with "
                               "--new (the old file is kept).").format(path=self.path, error=error)) from None
        except OSError as error:
            raise StoreError(_("The board store {path} cannot be opened ({error}).").format(
                path=self.path, error=error)) from None

    # -- meta and secrets ----------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, values: dict[str, str]) -> None:
        with self._transaction():
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

    def add_participant(self, token_hash: str, name: str, t: float) -> Event:
        """A new participant and their join event, in one transaction."""
        with self._transaction():
            cursor = self.conn.execute("INSERT INTO participants(token_hash, created) VALUES (?, ?)",
                                       (token_hash, t))
            event = Event(JOIN, int(cursor.lastrowid), t, text=name)
            self._insert(event)
        return event

    def append(self, events: Iterable[Event]) -> list[Event]:
        """Store events in one transaction; they get their ids."""
        events = list(events)
        with self._transaction():
            for event in events:
                self._insert(event)
        return events

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

    # -- internals -----------------------------------------------------------------------------------

    def _insert(self, event: Event) -> None:
        cursor = self.conn.execute(
            "INSERT INTO events(t, participant, kind, exercise, status, earned, possible, duration, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.t, event.participant, event.kind, event.exercise, event.status, event.earned, event.possible,
             event.duration, event.text))
        event.id = int(cursor.lastrowid)

    def _transaction(self):
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
