"""The page renderer: a map's view (mapgen.view) as a folium map on mapgen's page.

``render_page`` builds a folium map (mapgen.page.MapgenMap) on a page of mapgen's own
(mapgen.page.MapPage). The view's words are written by autoescaping templates (``assets/*.j2``);
what the page's script needs travels as JSON (``script_data``) that ``assets/mapgen.js``
inserts with textContent. Nothing here decides what the map says: the view has decided it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium

from mapgen.page import MapgenMap, MapPage, Setup, script_json
from mapgen.view import CountryView, MapView, SourceLine

TOOLTIP_FACTS = 3
POPUP_FACTS = 4  # a popup lists this many facts, then a button for all of them


@dataclass(frozen=True)
class Links:
    """Files the page points to, as URLs relative to it: its data CSV, a still image for readers
    without JavaScript, and the image shared links show (with its size in pixels; absolute when
    the page's own public address, ``canonical``, is known)."""

    data_file: str | None = None
    still_image: str | None = None
    share_image: str | None = None
    share_size: tuple[int, int] | None = None
    canonical: str | None = None


def render_page(view: MapView, boundaries, *, self_contained: bool = True, links: Links = Links()) -> folium.Map:
    """A folium map of the view on mapgen's page: ``.get_root().render()`` is the page's HTML."""
    # Planar Equal Earth units (100 km): zoom 0 shows the world about 340 px wide. Leaflet's own
    # zoom buttons are titled in English; mapgen.js adds them in the map's language.
    fmap = MapgenMap(label=view.title, center=[0, 0], zoom=1, minZoom=-1, maxZoom=7, zoomControl=False, scrollWheelZoom=False,
                     zoomSnap=0.25, zoomDelta=0.5, attributionControl=False)
    Setup(fmap).add_to(fmap)
    MapPage(lang=view.lang, view=view, links=links, config_json=script_json(script_data(view)),
            shapes_json=boundaries.page_json, self_contained=self_contained).add_child(fmap)
    return fmap


def script_data(view: MapView) -> dict[str, Any]:
    """What the page's script reads: switches, legend, every country's candidates and lines."""
    return {
        "lang": view.lang,
        "grey": view.grey,
        "legend": [{"color": row.colour, "label": row.label} for row in view.legend],
        "switches": [switch.on for switch in view.switches],
        "sources": [{"label": label, "url": url} for label, url in view.sources],
        "text": {**view.words, "attribution": view.attribution},
        "plurals": view.plurals,
        "countries": {**{iso3: {"name": name} for iso3, name in view.names.items()},
                      **{country.iso3: _country(country) for country in view.countries}},
        "datasets": [{"label": label, "file": file} for label, file in view.datasets],
        "tooltipFacts": TOOLTIP_FACTS,
        "popupFacts": POPUP_FACTS,
        "bounds": [list(corner) for corner in view.bounds],
        # Every coloured country in the keyboard's order: [code, y, x, width, height] in planar units.
        "places": [[place.iso3, *place.point, *place.size, *place.box] for place in view.places],
    }


def _country(country: CountryView) -> dict[str, Any]:
    """A country for the script: candidates [legend row, when], facts [when, legend row, claim,
    figure, company, [source index, date, evidence, unchecked note]], dataset lines [when, legend
    row, heading, companies, rows], and the outline switches that draw its border."""
    return {
        "name": country.name,
        "fill": [[legend, when] for legend, when in country.candidates],
        "facts": [[f.when, f.legend, f.claim, f.figure, f.company, _source(f.source)] for f in country.facts],
        "datasets": [[d.when, d.legend, d.heading, d.companies, d.rows] for d in country.datasets],
        "outlines": list(country.outlines),
    }


def _source(source: SourceLine) -> list[Any]:
    return [source.index, source.date, source.evidence, source.unchecked]
