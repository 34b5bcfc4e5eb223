"""The check pipeline: (notebook, tests) → a structured :class:`~workshop.engine.result.CheckResult`.

``result`` is the data, ``plugin`` collects it inside pytest, ``child`` is the entry point of the
child process, ``policy`` is what learner code may do in there, ``sandbox`` starts and bounds
the child, and ``pipeline`` puts them together for the front ends.
"""
