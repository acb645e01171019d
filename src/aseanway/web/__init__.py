"""The web dashboard (``aseanway serve``): FastAPI app, JSON API, pages, background jobs. See docs/web.md."""

from __future__ import annotations

from aseanway.web.app import create_app

__all__ = ["create_app"]
