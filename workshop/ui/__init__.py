"""Renderings and their assets: what a check says (feedback) and how it looks (views, templates, static files)."""
