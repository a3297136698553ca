"""The preview's banner on items the public site does not show yet, or no more.

`briefgen serve --future` (or `--expired`) shows items a build leaves out at
this time (source/schedule.py). Their pages look like any other, so an
editor could take a scheduled story for a published one: the preview puts a
banner at the top of each, saying when it goes public or when it expired.
The banner is added as a page is served, like the reload script, so it is
never in a built page, whatever the templates.
"""

from __future__ import annotations

from html import escape

from ..core.paths import output_file
from ..render.routes import Routes
from ..site.model import Site
from ..source.schedule import SCHEDULED

STYLE = ("position:sticky;top:0;z-index:2147483647;margin:0;padding:.5rem 1rem;"
         "background:#fff3cd;color:#3d2e00;border-bottom:2px solid #b58900;"
         "font:600 15px/1.4 system-ui,sans-serif;text-align:center")


def banners(site: Site, routes: Routes) -> dict[str, bytes]:
    """The banner of each page of an item SITE shows although it is held back,
    by output file."""
    tz = site.config.tz
    out = {}
    for key, held in site.held.items():
        article = site.by_key.get(key)
        if article is None:  # left out: no page to mark
            continue
        if held.state == SCHEDULED:
            text = (f"Preview only: scheduled for {held.when(tz)} by its {held.field}; "
                    "the built site does not show this item until then.")
        else:
            text = (f"Preview only: expired on {held.when(tz)} by its {held.field}; "
                    "the built site no longer shows this item.")
        out[output_file(routes.article(article))] = (
            f'<div class="briefgen-held" role="status" style="{STYLE}">{escape(text)}</div>'.encode())
    return out


def with_banner(html: bytes, banner: bytes) -> bytes:
    """HTML with BANNER first in its body."""
    at = html.find(b"<body")
    at = html.find(b">", at) + 1 if at >= 0 else 0
    return html[:at] + banner + html[at:]
