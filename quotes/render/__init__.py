"""Pages that show people who said what (`quotes render`)."""

from quotes.render.html import render_page

__all__ = ["render_page"]
