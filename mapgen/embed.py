"""The snippet that embeds a map in an article: a responsive iframe and the script that sizes it.

With the script (``assets/embed-host.js``), the frame grows to the map's natural height (map
above, every claim below), so nothing scrolls inside it; the map page answers its question (see
``mapgenAutoHeight`` in ``assets/mapgen.js``). Without it (a CMS that strips scripts), the frame
follows the column's width at 4:3, between 620 px (a phone: title, map and panel stacked) and
760 px, and the map fits itself into that.
"""
from __future__ import annotations

import html.parser
import re
from pathlib import Path

from mapgen.errors import MapgenError, shown

# What a browser takes as the scheme of an address (after dropping tabs and newlines).
SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def embed_snippet(src: str, title: str) -> str:
    from mapgen.page import asset_text, templates  # with folium: imported when a snippet is made

    check_address(src)
    return templates().get_template("embed.html.j2").render(src=src, title=title,
                                                              host_script=asset_text("embed-host.js"))


def check_address(src: str) -> None:
    """Refuse a frame address other than a relative one or an http(s) URL (``javascript:``,
    ``data:``, ...), and any address with control characters, which browsers drop or bend."""
    scheme = SCHEME.match(re.sub(r"[\t\n\r]", "", src))
    controls = any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in src)
    if controls or not src.strip() or (scheme and scheme[1].lower() not in ("http", "https")):
        raise MapgenError(f'"{shown(src)}": a map to embed is given by a relative address (map.html) or an '
                          "http(s) URL")


def local_file(src: str, folder: Path = Path(".")) -> Path | None:
    """The file here (relative to ``folder``) that ``src`` names, if it names one."""
    if SCHEME.match(src):
        return None
    path = folder / src.split("#")[0].split("?")[0]
    return path if path.is_file() else None


def page_title(src: str, folder: Path = Path(".")) -> str | None:
    """The title of the map page at ``src`` when it is a file here (relative to ``folder``),
    else None: an http(s) address is not fetched."""
    path = local_file(src, folder)
    if path is None:
        return None
    reader = _TitleReader()
    with path.open(encoding="utf-8", errors="replace") as page:
        reader.feed(page.read(256 * 1024))  # the title is in the head, at the top
    return " ".join(reader.title.split()) or None


class _TitleReader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.title, self._inside = "", False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "title" and not self.title

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.title += data
