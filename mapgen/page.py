"""The page a map is drawn on: folium elements of mapgen's own, each with its own template.

- ``MapgenMap`` is folium's Map with mapgen's template (``assets/map.html.j2``): it writes the
  map's div and the script that makes it, and leaves the page's head alone.
- ``MapPage`` is the whole HTML page (``assets/page.html.j2``): language, a viewport that lets
  readers zoom, Leaflet (inlined or linked), mapgen's CSS and script, the title, panel and source
  line, and the data. It numbers its elements' ids in page order each time it renders, so the same
  inputs give the same bytes, whether the page is written by ``mapgen build``, saved with
  ``build_map(...).save(path)`` or shown in a notebook.

Every template is autoescaped; the only values marked safe are rendered elements, files mapgen
ships (Leaflet, its CSS and script) and JSON escaped by ``script_json``.
"""
from __future__ import annotations

import base64
import functools
import itertools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Environment, PackageLoader, Template

LEAFLET_CDN_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CDN_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"


@functools.cache
def templates() -> Environment:
    """mapgen's templates (``mapgen/assets/*.j2``), escaping every value they are given."""
    return Environment(loader=PackageLoader("mapgen", "assets"), autoescape=True, keep_trailing_newline=True)


def asset_text(name: str) -> str:
    """A file from ``mapgen/assets`` (script, stylesheet)."""
    return resources.files("mapgen.assets").joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element, whatever strings it holds.

    Besides <, > and &, the braces that open Jinja syntax are escaped, so that no template that
    might see the text could evaluate a claim holding "{{ ... }}". In JSON those sequences occur
    only inside strings.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text)


@dataclass(frozen=True)
class Leaflet:
    """Leaflet for the page: its text to inline, or the addresses to link."""

    js: str = ""
    css: str = ""
    js_url: str = LEAFLET_CDN_JS
    css_url: str = LEAFLET_CDN_CSS


@functools.cache
def inlined_leaflet() -> Leaflet:
    """Leaflet's script and stylesheet from the installed ``xstatic-leaflet``, images as data URIs."""
    from xstatic.pkg import leaflet

    folder = Path(leaflet.BASE_DIR)
    script = (folder / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+", "", script).replace("</", "<\\/")
    style = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", (folder / "leaflet.css").read_text(encoding="utf-8"))
    style = re.sub(r"url\((images/[\w.-]+\.png)\)", lambda m: f"url({_data_uri(folder / m.group(1))})", style)
    return Leaflet(js=script, css=style)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@dataclass(frozen=True)
class Assets:
    css: str
    js: str


@functools.cache
def mapgen_assets() -> Assets:
    return Assets(css=asset_text("mapgen.css"), js=asset_text("mapgen.js"))


class MapgenMap(folium.Map):
    """folium's Map, drawn by mapgen's template; Leaflet options are given in Leaflet's names."""

    _template = templates().get_template("map.html.j2")
    default_js: list[tuple[str, str]] = []  # the page carries Leaflet
    default_css: list[tuple[str, str]] = []

    def __init__(self, label: str = "", **leaflet_options: Any):
        super().__init__(tiles=None)
        self.label = label  # what screen readers call the map; the page's description describes it
        self.leaflet_options = leaflet_options


class Setup(MacroElement):
    """Draws the countries (one SVG layer of the shapes' paths) with their legend, tooltips and
    popups, then wires the panel's switches once the page is parsed (``mapgenSetup`` in
    ``assets/mapgen.js``)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "mapgenSetup(mapgenData('mapgen-config'), mapgenData('mapgen-shapes'), {{ this.map_name }});"
        "{% endmacro %}"
    )

    def __init__(self, fmap: folium.Map):
        super().__init__()
        self._name = "MapgenSetup"
        self.fmap = fmap

    @property
    def map_name(self) -> str:
        return self.fmap.get_name()


class MapPage(Figure):
    """The whole page of one map. ``view`` is what it says (mapgen.view.MapView), ``links`` the
    files it points to, ``config_json`` and ``shapes_json`` the data its script reads."""

    _template = templates().get_template("page.html.j2")

    def __init__(self, *, lang: str, view: Any, links: Any, config_json: str, shapes_json: str, self_contained: bool):
        super().__init__()
        self.header = Element()  # no content-type tag: the template has <meta charset>
        self.header._parent = self
        self.lang = lang
        self.view = view
        self.links = links
        self.config_json = config_json
        self.shapes_json = shapes_json
        self.self_contained = self_contained
        self.leaflet = inlined_leaflet() if self_contained else Leaflet()
        self.assets = mapgen_assets()

    @property
    def linked_data_json(self) -> str:
        """The page as schema.org data (a Map, with its corrections), escaped for a script element."""
        view = self.view
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Map", "name": view.title,
                                "description": view.standfirst, "inLanguage": view.lang}
        if view.corrections:
            data["dateModified"] = max(c.date for c in view.corrections)
            data["correction"] = [{"@type": "CorrectionComment", "text": " ".join(filter(None, [c.change, c.reason])),
                                   "datePublished": c.date} for c in view.corrections]
        return script_json(data)

    @staticmethod
    def when_text(whens: list) -> str:
        """When something shows, for its data-mapgen-when attribute: alternatives separated by
        ";" (any may hold), each a list of groups separated by "|" (all must hold), each group
        switch numbers separated by "," (one must be on). See mapgen.view."""
        return ";".join("|".join(",".join(map(str, group)) for group in when) for when in whens)

    def render(self, **kwargs: Any) -> str:
        self._number_ids()
        return super().render(**kwargs)

    def _number_ids(self) -> None:
        """Name elements 0001, 0002, ... in page order instead of by random ids."""
        counter = itertools.count(1)

        def number(element: Element) -> None:
            for child in element._children.values():
                child._id = f"{next(counter):04d}"
                number(child)

        number(self)
