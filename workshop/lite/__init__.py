"""``workshop lite``: the exercises in the browser, offline (JupyterLite + Pyodide).

The site is built from pristine learner content (what ``workshop build`` generates, never a
working folder), with the Pyodide runtime and every wheel the kernel needs bundled, so that
nothing is fetched from the internet when a participant opens it.

- :mod:`workshop.lite.pyodide` — the Pyodide runtime (from its npm package) and its lock file,
  pruned to what the site bundles and rewritten with the bundled wheels' hashes;
- :mod:`workshop.lite.wheels` — the pure-Python wheels (from PyPI) and the toolkit's own wheel;
- :mod:`workshop.lite.site` — staging the contents and running the JupyterLite build;
- :mod:`workshop.lite.serve` — serving the folder on localhost, or on the LAN over HTTPS.
"""
