"""Pages that show people who said what (`quotes render`), and the charts of `quotes stats`."""

from __future__ import annotations

from typing import Any

__all__ = ["render_page"]


def __getattr__(name: str) -> Any:
    if name == "render_page":  # imported on use: a chart needs none of the page's code
        from quotes.render.html import render_page

        return render_page
    raise AttributeError(f"module 'quotes.render' has no attribute {name!r}")
