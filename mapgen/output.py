"""Turn a folium map into the bytes of one HTML file, write it safely, and embed it.

- Deterministic: folium and branca name elements with random ids; while mapgen builds and
  renders a map, ids come from a counter instead, so the same inputs give the same bytes.
- Self-contained: Leaflet's script and stylesheet are inlined from the installed
  ``xstatic-leaflet`` package, so the file loads nothing from any network.
- Atomic: the file is written beside its target and renamed over it, so a failed run leaves the
  previous file untouched and never a partial one.
"""
from __future__ import annotations

import base64
import contextlib
import html
import itertools
import os
import re
import tempfile
from pathlib import Path

import branca.element
import folium
from jinja2 import Template

LEAFLET_CDN_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CDN_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


class RawHtml(branca.element.Element):
    """Markup placed in the page as it is.

    branca's Element compiles its text as a Jinja template, so a claim containing ``{{`` or
    ``{%`` would be evaluated at build time. This element passes its text as a value instead.
    """

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup


@contextlib.contextmanager
def counted_ids(counter: itertools.count):
    """Make branca draw element ids from ``counter`` instead of os.urandom."""
    original = branca.element.Element.__dict__["_generate_id"]
    branca.element.Element._generate_id = classmethod(lambda cls: f"{next(counter):04d}")
    try:
        yield
    finally:
        branca.element.Element._generate_id = original


def render_html(fmap: folium.Map) -> str:
    """The map's HTML, rendered with the id counter it was built with."""
    counter = getattr(fmap, "_mapgen_ids", itertools.count(10_000))
    with counted_ids(counter):
        page = fmap.get_root().render()
    return _set_language(_fix_viewport(page), getattr(fmap, "_mapgen_lang", "en"))


def _set_language(page: str, code: str) -> str:
    """Say the page's language, so screen readers pronounce it and browsers pick fonts for it."""
    fixed, count = re.subn(r"<html>", f'<html lang="{html.escape(code, quote=True)}">', page, count=1)
    if count != 1:
        raise RuntimeError("folium's <html> tag changed; update mapgen.output._set_language")
    return fixed


def _fix_viewport(page: str) -> str:
    # folium's template forbids pinch-zoom (user-scalable=no), which locks out readers who
    # need to enlarge text; replace its viewport tag with one that allows it.
    fixed, count = re.subn(r'<meta name="viewport"[^>]*?/>', VIEWPORT, page, count=1, flags=re.S)
    if count != 1 or "user-scalable=no" in fixed:
        raise RuntimeError("folium's viewport tag changed; update mapgen.output._fix_viewport")
    return fixed


def use_cdn_leaflet(fmap: folium.Map) -> None:
    """Load Leaflet only (no jQuery, Bootstrap or icon fonts: mapgen's maps use none)."""
    fmap.default_js = [("leaflet", LEAFLET_CDN_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CDN_CSS)]


def inline_leaflet(fmap: folium.Map) -> None:
    """Put Leaflet's script and stylesheet inside the page instead of linking a CDN."""
    from xstatic.pkg import leaflet

    folder = Path(leaflet.BASE_DIR)
    script = (folder / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+", "", script).replace("</", "<\\/")
    style = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", (folder / "leaflet.css").read_text(encoding="utf-8"))
    style = re.sub(r"url\((images/[\w.-]+\.png)\)", lambda m: f"url({_data_uri(folder / m.group(1))})", style)
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(RawHtml(f"<style>{style}</style>"), name="leaflet_css")
    header.add_child(RawHtml(f"<script>{script}</script>"), name="leaflet")


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once: a temporary file beside it, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


# The host side of auto-height embedding (see mapgenAutoHeight in assets/mapgen.js): ask the map
# for its natural height and give the frame exactly that.
_AUTO_HEIGHT_SCRIPT = (
    "<script>(function(){var f=document.currentScript.previousElementSibling;"
    "function ask(){if(f.contentWindow){f.contentWindow.postMessage({mapgen:'auto-height'},'*');}}"
    "f.addEventListener('load',ask);window.addEventListener('resize',ask);"
    "window.addEventListener('message',function(e){if(e.source===f.contentWindow&&e.data&&e.data.mapgen==='height'"
    "&&typeof e.data.height==='number'){f.style.aspectRatio='auto';f.style.minHeight='0';"
    "f.style.maxHeight='none';f.style.height=Math.ceil(e.data.height)+'px';}});ask();})();</script>"
)


def embed_snippet(src: str, title: str) -> str:
    """A responsive iframe for an article page, and the script that sizes it.

    With the script, the frame grows to the map's natural height (map above, every claim below),
    so nothing scrolls inside it. Without it (a CMS that strips scripts), the frame follows the
    column's width at 4:3, between 620 px (a phone: title, map and panel stacked) and 760 px,
    and the map fits itself into that.
    """
    frame = (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        'loading="lazy" scrolling="no" '
        'style="display:block;width:100%;aspect-ratio:4/3;min-height:620px;max-height:760px;border:0">'
        "</iframe>"
    )
    return f'<div class="mapgen-embed">{frame}{_AUTO_HEIGHT_SCRIPT}</div>\n'
