"""The live room board: digital sticky notes for a session of up to 300 people.

A facilitator runs ``workshop board``; participants run ``workshop join URL --name NAME`` once, and
from then on every check reports exercise, status, points and time (never code, never output).

| module | its one job |
|---|---|
| ``tokens`` | the three kinds of secrets: join token, facilitator key, per-participant token |
| ``validation`` | every input checked and size-limited, with a clear message when it is not right |
| ``ratelimit`` | token buckets per participant and per address |
| ``session`` | which exercises are the board's columns (``session.toml`` or the workspace) |
| ``state`` | the board as a fold over the event log (pure, no I/O) |
| ``store`` | SQLite (WAL, one transaction per event): the event log *is* the timeline |
| ``service`` | the board's rules: join, report, help; store + state together |
| ``app`` | the tornado application: JSON API, the live page (server-sent events), ``serve()`` |
| ``page`` | the page's self-contained HTML, CSS and JavaScript (no CDN) |
| ``export`` | the session's timeline as CSV and a self-contained HTML summary |

The participant side is :mod:`workshop.board.client`; the commands are in :mod:`workshop.cli.board`.
"""
