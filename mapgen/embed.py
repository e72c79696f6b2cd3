"""The snippet that embeds a map in an article: a responsive iframe and the script that sizes it.

With the script (``assets/embed-host.js``), the frame grows to the map's natural height (map
above, every claim below), so nothing scrolls inside it; the map page answers its question (see
``mapgenAutoHeight`` in ``assets/mapgen.js``). Without it (a CMS that strips scripts), the frame
follows the column's width at 4:3, between 620 px (a phone: title, map and panel stacked) and
760 px, and the map fits itself into that.
"""
from __future__ import annotations

from mapgen.page import asset_text, templates


def embed_snippet(src: str, title: str) -> str:
    return templates().get_template("embed.html.j2").render(src=src, title=title,
                                                              host_script=asset_text("embed-host.js"))
