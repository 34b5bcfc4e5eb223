"""The one description of a check that travels to the checker's child (plain or forked by a zygote)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace


@dataclass(frozen=True)
class CheckJob:
    """What a checker child runs: planned once per notebook by the pipeline (the first group of
    fields), then completed for one run by :meth:`for_run` (work folder, limits, signing key)."""

    #: The learner's module name (the file ``<module>.py`` in the work folder).
    module: str
    #: Test file names in the work folder, visible first.
    tests: tuple[str, ...]
    #: Those of ``tests`` whose text never reaches the learner.
    hidden: tuple[str, ...] = ()
    #: The exercise declares ``network = true``: loopback only, inside the check's own namespace.
    network: bool = False
    #: Keep pytest's logging plugin (a test asks for ``caplog``).
    logging: bool = True
    #: Folders learner code may not even open (the exercise's originals, the solutions).
    deny_read: tuple[str, ...] = ()
    # -- one run ------------------------------------------------------------------------------------
    workdir: str = ""
    key: str = field(default="", repr=False)
    memory_mb: int | None = None
    cpu_seconds: int | None = None
    file_mb: int | None = None
    processes: int | None = None
    disk_mb: int | None = None
    isolation: bool = True
    debug: bool = False

    def for_run(self, workdir, limits, key: str, debug: bool = False) -> CheckJob:
        """This job in ``workdir`` under ``limits`` (a :class:`~workshop.engine.sandbox.Limits`),
        its result to be signed with ``key`` (hex)."""
        return replace(self, workdir=str(workdir), key=key, memory_mb=limits.memory_mb, cpu_seconds=limits.cpu(),
                       file_mb=limits.file_mb, processes=limits.processes, disk_mb=limits.disk_mb,
                       isolation=limits.isolation, debug=debug)

    def to_json(self) -> str:
        """One line of JSON (what the child reads)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> CheckJob:
        """The job :meth:`to_json` wrote."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict) -> CheckJob:
        """The job whose :func:`dataclasses.asdict` is ``data``; unknown keys are an error."""
        data = dict(data)
        names = {item.name for item in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown job fields: {sorted(unknown)}")
        for name in ("tests", "hidden", "deny_read"):
            if name in data:
                data[name] = tuple(data[name])
        return cls(**data)
