"""Utilities every layer uses: translation, atomic writes, host names, safe names, CSV cells, the message catalog."""
