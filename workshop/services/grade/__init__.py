"""Facilitator grading: ``workshop grade``. Every check goes through :mod:`workshop.engine`.

``submissions`` finds the learners and their notebooks (folders or zips, read safely) and
matches notebooks to exercises; ``cache`` remembers finished results by content; ``scheduler``
runs the checks in parallel on warm checkers; ``gradebook`` is the data (one entry per learner
and exercise); ``outputs`` writes the CSV, the JSON, the feedback pages and the class report,
``charts`` draws its SVG; ``grader`` puts them together for the CLI.
"""
