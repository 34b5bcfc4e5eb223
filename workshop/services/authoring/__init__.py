"""The author's use cases: build learner files, validate an exercise, percent-format notebooks, mutation scores."""
