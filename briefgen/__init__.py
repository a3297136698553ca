"""briefgen: a static site generator for news briefings."""

from __future__ import annotations

__version__ = "0.1.0"
