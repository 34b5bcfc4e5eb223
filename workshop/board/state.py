"""The board as a fold over its event log: pure data, no I/O, the same live and on restart.

Events are appended by :mod:`workshop.board.service` and stored by :mod:`workshop.board.store`; a
restarted board replays them through :meth:`BoardState.apply` and is exactly where it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workshop.board.session import Column, Session, column_key

JOIN = "join"
RENAME = "rename"
CHECK = "check"
HELP = "help"
HELP_DONE = "help-done"
KINDS = (JOIN, RENAME, CHECK, HELP, HELP_DONE)

#: Why a hand went down (the ``text`` of a ``help-done`` event).
LOWERED_BY_PASS = "passed"
LOWERED_BY_SELF = "self"
LOWERED_BY_FACILITATOR = "facilitator"


@dataclass
class Event:
    """One thing that happened. ``t`` is the server's clock (seconds since the epoch)."""

    kind: str
    participant: int
    t: float
    exercise: str | None = None
    status: str | None = None
    earned: float | None = None
    possible: float | None = None
    duration: float | None = None
    #: The name (join, rename), the help message (help) or why a hand went down (help-done).
    text: str | None = None
    id: int | None = None


@dataclass
class Cell:
    """One participant × one exercise."""

    passed: bool = False
    last_status: str = ""
    earned: float = 0.0
    possible: float = 0.0
    checks: int = 0
    first_t: float = 0.0
    last_t: float = 0.0
    passed_t: float | None = None

    def to_list(self) -> list:
        return ["passed" if self.passed else "working", self.last_status, round(self.earned, 2),
                round(self.possible, 2), self.checks]


@dataclass
class Participant:
    id: int
    name: str
    joined: float
    seen: float
    cells: dict[str, Cell] = field(default_factory=dict)
    help_since: float | None = None
    help_message: str = ""
    #: The column of the exercise checked most recently.
    on: str | None = None
    on_t: float = 0.0


class BoardState:
    """Participants, their cells and hands; a version number that changes with every event."""

    def __init__(self, session: Session | None = None):
        self.session = session or Session(dynamic=True)
        self.columns: list[Column] = list(self.session.columns)
        self._column_keys = {column.key for column in self.columns}
        self.participants: dict[int, Participant] = {}
        self.version = 0
        self.checks = 0
        self._cache: tuple[int, str] | None = None

    # -- folding events ------------------------------------------------------------------------

    def apply(self, event: Event) -> dict:
        """Apply one event; return what it changed that the reporter may want to know."""
        self.version += 1
        effects: dict = {}
        if event.kind == JOIN:
            self.participants[event.participant] = Participant(event.participant, event.text or "?", event.t, event.t)
            return effects
        person = self.participants.get(event.participant)
        if person is None:  # an event for someone unknown: ignore (cannot happen through the service)
            return effects
        person.seen = max(person.seen, event.t)
        if event.kind == RENAME:
            person.name = event.text or person.name
        elif event.kind == CHECK:
            effects = self._apply_check(person, event)
        elif event.kind == HELP:
            if person.help_since is None:
                person.help_since = event.t
            person.help_message = event.text or ""
        elif event.kind == HELP_DONE:
            effects["hand_lowered"] = person.help_since is not None
            person.help_since = None
            person.help_message = ""
        return effects

    def _apply_check(self, person: Participant, event: Event) -> dict:
        key = column_key(event.exercise or "")
        if key is None:
            return {}
        if key not in self._column_keys and self.session.dynamic:
            self.columns.append(Column(key, event.exercise or key))
            self.columns.sort(key=lambda column: column.key)
            self._column_keys.add(key)
        self.checks += 1
        cell = person.cells.setdefault(key, Cell(first_t=event.t))
        cell.checks += 1
        cell.first_t = min(cell.first_t, event.t)
        passed = event.status == "passed"
        if event.t >= cell.last_t:  # a check kept while offline arrives late: it must not undo a newer one
            cell.last_t = event.t
            cell.last_status = event.status or ""
            cell.earned = event.earned or 0.0
            cell.possible = event.possible or 0.0
        if passed and (cell.passed_t is None or event.t < cell.passed_t):
            cell.passed_t = event.t
        cell.passed = cell.passed or passed
        if event.t >= person.on_t:
            person.on, person.on_t = key, event.t
        if passed and person.help_since is not None and event.t >= person.help_since:
            return {"lower_hand": True}
        return {}

    # -- reading -----------------------------------------------------------------------------------

    def help_queue(self) -> list[Participant]:
        """Raised hands, longest waiting first."""
        waiting = [person for person in self.participants.values() if person.help_since is not None]
        return sorted(waiting, key=lambda person: (person.help_since, person.id))

    def counts(self) -> dict[str, dict[str, int]]:
        total = len(self.participants)
        counts = {column.key: {"passed": 0, "working": 0, "not_started": total} for column in self.columns}
        for person in self.participants.values():
            for key, cell in person.cells.items():
                if key in counts:
                    counts[key]["passed" if cell.passed else "working"] += 1
                    counts[key]["not_started"] -= 1
        return counts

    def snapshot(self) -> dict:
        """Everything the page shows, as JSON-able data (without the current time)."""
        return {
            "version": self.version,
            "title": self.session.title,
            "columns": [column.to_dict() for column in self.columns],
            "counts": self.counts(),
            "queue": [person.id for person in self.help_queue()],
            "participants": [
                {
                    "id": person.id,
                    "name": person.name,
                    "joined": round(person.joined, 3),
                    "seen": round(person.seen, 3),
                    "on": person.on,
                    "help": ({"since": round(person.help_since, 3), "message": person.help_message}
                             if person.help_since is not None else None),
                    "cells": {key: cell.to_list() for key, cell in person.cells.items()},
                }
                for person in sorted(self.participants.values(), key=lambda person: person.id)
            ],
        }

    def snapshot_json(self) -> str:
        """:meth:`snapshot` as compact JSON, built once per version however many pages ask."""
        if self._cache is None or self._cache[0] != self.version:
            self._cache = (self.version, json.dumps(self.snapshot(), ensure_ascii=False, separators=(",", ":")))
        return self._cache[1]
