"""Sessions on JupyterHub: the user server's first-start hook and collecting notebooks for grading."""
