"""Use cases: the learner's loop, the author's build and validate, the facilitator's grading and session operations."""
