"""The board's rules, without HTTP: join, report, raise and lower a hand.

:class:`Board` owns the store and the live state. Every change is first committed to the store and
only then applied to the state, so what the page shows is always something that survives a crash.
The HTTP layer (:mod:`workshop.board.app`) only parses, authenticates and rate-limits.

The actions are coroutines: in the server, commits run on the store's :class:`~workshop.board.store.Writer`
thread and the event loop goes on serving while the disk works; committed events are applied to the
state on the loop, in commit order (the order a restart replays them in). Without a writer (tests,
tools) each action commits in place.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from dataclasses import dataclass

from workshop.board import tokens
from workshop.board.session import Session
from workshop.board.state import (
    CHECK,
    HELP,
    HELP_DONE,
    LOWERED_BY_FACILITATOR,
    LOWERED_BY_PASS,
    LOWERED_BY_SELF,
    RENAME,
    BoardState,
    Event,
)
from workshop.board.store import Store, StoreError, Unit, Writer
from workshop.util.i18n import _


@dataclass(frozen=True)
class Limits:
    """Rate limits (requests per second and burst) and sizes. Generous for a room behind one address."""

    report_rate: float = 1.0          # per participant: reports and hands
    report_burst: float = 10.0
    join_rate: float = 20.0           # per address: joins
    join_burst: float = 300.0
    address_rate: float = 300.0       # per address: every request
    address_burst: float = 600.0
    failure_rate: float = 1.0         # per address: wrong tokens and keys
    failure_burst: float = 20.0
    max_participants: int = 2000
    joins_per_address: int = 40       # new participants from one address: one laptop cannot fill the board
    max_streams: int = 20             # board pages open at once


class RequestError(Exception):
    """A request the board refuses: an HTTP status and a message for a person."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Board:
    """One session: its secrets, participants, event log and live state."""

    def __init__(self, store: Store, session: Session | None = None, limits: Limits = Limits(), clock=time.time):
        self.store = store
        self.limits = limits
        self.clock = clock
        secrets = store.ensure_secrets()
        self.session_id = secrets["session"]
        self.join_token = secrets["join_token"]
        self.facilitator_key = secrets["facilitator_key"]
        self.created = float(secrets["created"])
        self.state = BoardState(session)
        self.replayed = 0
        for event in store.events():
            self.state.apply(event)
            self.replayed += 1
        self._tokens = store.participant_tokens()
        self._joining = 0
        self._joins_from: dict[str, int] = {}
        self._writer: Writer | None = None
        self.store.set_meta({"title": self.state.session.title,
                             "columns": json.dumps([c.to_dict() for c in self.state.columns], ensure_ascii=False)})

    # -- who is asking -------------------------------------------------------------------------------

    def participant_for(self, token: str | None) -> int | None:
        """The participant a token belongs to, or None."""
        if not tokens.looks_like_token(token):
            return None
        return self._tokens.get(tokens.token_hash(token))

    def is_facilitator(self, key: str | None) -> bool:
        return tokens.same(key, self.facilitator_key)

    # -- what participants do ------------------------------------------------------------------------

    async def join(self, join_token: str | None, name: str, participant_token: str | None = None,
                   address: str | None = None) -> dict:
        """Join (or, with a participant token already issued by this board, change one's name).

        ``address`` is where the request came from: each address may add at most
        ``limits.joins_per_address`` participants, so one laptop cannot fill the board."""
        if not tokens.same_join_code(join_token, self.join_token):
            raise RequestError(403, _("This join link is not for this board session. Ask the facilitator "
                                      "for the current link."))
        now = self.clock()
        existing = self.participant_for(participant_token)
        if existing is not None:
            if self.state.participants[existing].name != name:
                await self._commit([Event(RENAME, existing, now, text=name)])
            return self._joined(existing, participant_token)
        if len(self._tokens) + self._joining >= self.limits.max_participants:
            raise RequestError(403, _("This board is full ({n} participants).").format(n=self.limits.max_participants))
        if address is not None and self._joins_from.get(address, 0) >= self.limits.joins_per_address:
            raise RequestError(429, _("{n} people have already joined from this address. If the whole room shares "
                                      "one address, the facilitator can allow more with workshop board "
                                      "--joins-per-address.").format(n=self.limits.joins_per_address))
        token = tokens.new_participant_token()
        digest = tokens.token_hash(token)
        self._joining += 1
        if address is not None:
            self._joins_from[address] = self._joins_from.get(address, 0) + 1
        try:
            (event,) = await self._run(lambda store: store.insert_participant(digest, name, now))
        except BaseException:
            if address is not None:
                self._joins_from[address] -= 1
            raise
        finally:
            self._joining -= 1
        self._tokens[digest] = event.participant
        return self._joined(event.participant, token)

    def _joined(self, participant: int, token: str) -> dict:
        return {"participant": participant, "token": token, "session": self.session_id,
                "name": self.state.participants[participant].name, "title": self.state.session.title,
                "exercises": [column.to_dict() for column in self.state.columns],
                **({"ai": dict(self.state.session.ai)} if self.state.session.ai else {})}

    async def report(self, participant: int, checks: list[dict]) -> dict:
        """Record checks (already validated); a passing one lowers a raised hand."""
        now = self.clock()
        person = self.state.participants[participant]
        events = [Event(CHECK, participant, max(person.joined, now - check["ago"]), exercise=check["exercise"],
                        status=check["status"], earned=check["earned"], possible=check["possible"],
                        duration=round(check["duration"], 3))
                  for check in checks]
        lowered = person.help_since is not None and any(
            event.status == "passed" and event.t >= person.help_since for event in events)
        if lowered:
            events.append(Event(HELP_DONE, participant, now, text=LOWERED_BY_PASS))
        await self._commit(events)
        return {"ok": True, "hand_lowered": lowered}

    async def help(self, participant: int, raise_hand: bool, message: str = "") -> dict:
        person = self.state.participants[participant]
        now = self.clock()
        if raise_hand:
            await self._commit([Event(HELP, participant, now, text=message)])
            queue = [p.id for p in self.state.help_queue()]
            return {"ok": True, "hand": "up", "position": queue.index(participant) + 1 if participant in queue else 0}
        if person.help_since is not None:
            await self._commit([Event(HELP_DONE, participant, now, text=LOWERED_BY_SELF)])
            return {"ok": True, "hand": "down", "was_up": True}
        return {"ok": True, "hand": "down", "was_up": False}

    # -- what the facilitator does -------------------------------------------------------------------

    async def lower_hand(self, participant: int) -> bool:
        person = self.state.participants.get(participant)
        if person is None or person.help_since is None:
            return False
        await self._commit([Event(HELP_DONE, participant, self.clock(), text=LOWERED_BY_FACILITATOR)])
        return True

    def state_json(self) -> str:
        """The page's data with the server's current time (the page works out waiting times from it)."""
        return f'{{"now":{self.clock():.3f},"state":{self.state.snapshot_json()}}}'

    # -- storing -------------------------------------------------------------------------------------

    def start_writer(self, deliver) -> None:
        """Commit on a thread of its own from now on; ``deliver`` runs a callback on the event loop."""
        self._writer = Writer(self.store, deliver)

    def close(self) -> None:
        """Commit what is queued and close the store."""
        if self._writer is not None:
            self._writer.stop()
            self._writer = None
        self.store.close()

    async def _commit(self, events: list[Event]) -> None:
        await self._run(lambda store: store.insert_events(events))

    async def _run(self, unit: Unit) -> list[Event]:
        """Commit ``unit``; apply its events to the state; return them. 503 when the disk says no."""
        if self._writer is None:
            try:
                with self.store.transaction():
                    events = unit(self.store)
            except (sqlite3.Error, StoreError, OSError):
                raise RequestError(503, _("The board could not save this; try again in a moment.")) from None
            self._apply(events)
            return events
        future = asyncio.get_running_loop().create_future()

        def done(events: list[Event] | None, error: BaseException | None) -> None:
            if error is None:
                self._apply(events)  # even if the request gave up waiting: it is committed
            if future.done():
                return
            if error is None:
                future.set_result(events)
            else:
                future.set_exception(RequestError(503, _("The board could not save this; try again in a moment.")))

        self._writer.submit(unit, done)
        return await future

    def _apply(self, events: list[Event]) -> None:
        for event in events:
            self.state.apply(event)
