"""mapgen's Python API: the CLI is a thin layer over these functions.

>>> from mapgen import build_map
>>> fmap = build_map(suppliers=["dahua"])   # a folium.Map; shows itself in a notebook
"""
from __future__ import annotations

import functools
from pathlib import Path

import folium

from mapgen.boundaries import Boundaries, load_boundaries
from mapgen.facts import load_facts
from mapgen.join import MapData, join
from mapgen.output import embed_snippet, render_html, write_atomic
from mapgen.render import DEFAULT_TITLE, render_map
from mapgen.report import report_dict, report_json, report_text

DEFAULT_OUT = Path("output/map.html")


@functools.lru_cache(maxsize=4)
def _boundaries(path: str | None) -> Boundaries:
    return load_boundaries(Path(path) if path else None)


def load(facts: str | Path | None = None, suppliers: list[str] | tuple[str, ...] = (),
         boundaries: str | Path | None = None) -> MapData:
    """Validate the facts, resolve countries, keep the chosen suppliers and join to boundaries."""
    factset = load_facts(Path(facts) if facts else None)
    selected = factset.suppliers.select(suppliers)
    return join(factset, _boundaries(str(boundaries) if boundaries else None), selected)


def build_map(facts=None, suppliers=(), *, self_contained: bool = False, title: str | None = None,
              subtitle: str | None = None, boundaries=None) -> folium.Map:
    """The map as a folium.Map, for a notebook or further folium work."""
    data = load(facts, suppliers, boundaries)
    return render_map(data, title=title, subtitle=subtitle, self_contained=self_contained)


def write_map(out: str | Path = DEFAULT_OUT, facts=None, suppliers=(), *, self_contained: bool = False,
              title: str | None = None, subtitle: str | None = None, boundaries=None) -> Path:
    """Build the map and write it as one HTML file, atomically. Returns the path written."""
    fmap = build_map(facts, suppliers, self_contained=self_contained, title=title,
                     subtitle=subtitle, boundaries=boundaries)
    return write_atomic(Path(out), render_html(fmap).encode("utf-8"))


def report(facts=None, suppliers=(), format: str = "dict", boundaries=None):
    """What the map claims: a dict, or its ``json`` or ``text`` rendering."""
    data = load(facts, suppliers, boundaries)
    renderers = {"dict": report_dict, "json": report_json, "text": report_text}
    return renderers[format](data)


def embed(src: str, title: str = DEFAULT_TITLE) -> str:
    """The responsive iframe snippet for an article page."""
    return embed_snippet(src, title)
