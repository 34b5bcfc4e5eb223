"""Session operations: ``doctor`` (is this laptop ready?), ``pack`` (the offline participant bundle),
``init`` (a learner's own workspace), ``new`` (scaffold an exercise) and ``lab`` (start JupyterLab)."""
