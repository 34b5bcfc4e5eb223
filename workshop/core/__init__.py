"""The domain: exercises, tests' promises, notebooks, statuses, the workspace, progress, sessions, translations (no I/O beyond reading)."""
