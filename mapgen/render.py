"""Draw joined facts as a map page: painted countries, legend, panel, title and source line.

``render_map`` builds a folium map (mapgen.page.MapgenMap) on a page of mapgen's own
(mapgen.page.MapPage). The words around the facts are gathered here as plain values (a "view")
and written into the page by autoescaping templates (``assets/*.j2``); the facts themselves travel
as JSON data that ``assets/mapgen.js`` inserts with textContent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium

from mapgen import captions
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY, role_colour, role_label
from mapgen.facts import AggregateClaim, Fact, Source
from mapgen.i18n import Language, language
from mapgen.join import MapData
from mapgen.page import MapgenMap, MapPage, Setup, script_json

DATASET_ROWS_SHOWN = 5
TOOLTIP_FACTS = 3
# Interface strings the page's script needs, by the name mapgen.js uses.
SCRIPT_TEXT = {
    "source": "source", "noFact": "no_fact", "switchedOff": "switched_off", "more": "more",
    "factOne": "fact_one", "factOther": "fact_other", "legendTitle": "legend_title", "datasetOnly": "dataset_only",
    "datasetIn": "dataset_in", "datasetRows": "dataset_rows", "datasetMoreRows": "dataset_more_rows",
    "datasetMoreRow": "dataset_more_rows_one", "datasetSuppliers": "dataset_suppliers", "zoomIn": "zoom_in",
    "zoomOut": "zoom_out", "allFacts": "all_facts",
}
POPUP_FACTS = 4  # a popup lists this many facts, then a button for all of them


@dataclass(frozen=True)
class _Page:
    """What every part of the page needs: the data, the language, and country names in it."""

    data: MapData
    lang: Language
    names: dict[str, str]


def render_map(data: MapData, *, title: str | None = None, subtitle: str | None = None,
               self_contained: bool = True, lang: Language | None = None, data_file: str | None = None,
               still_image: str | None = None, share_image: str | None = None,
               share_size: tuple[int, int] | None = None) -> folium.Map:
    """A folium map of ``data`` on mapgen's page: ``render_map(...).get_root().render()`` is the
    page's HTML, and ``.save(path)`` writes it.

    ``lang``: interface language (default English). ``data_file``: the CSV of this map's facts,
    linked from the page. ``still_image``: a static image shown to readers without JavaScript.
    ``share_image``: the image shared links show (og:image; ``share_size`` its pixels). All are
    URLs relative to the page.
    """
    lang = lang or language()
    page = _Page(data, lang, lang.country_names(data.boundaries))
    view = _view(page, captions.headline(data, lang, title), subtitle, data_file, still_image)
    view |= {"share_image": share_image, "share_size": share_size}
    # Leaflet's own zoom buttons are titled in English; mapgen.js adds them in the map's language.
    # Planar Equal Earth units (100 km): zoom 0 shows the world about 340 px wide.
    fmap = MapgenMap(center=[0, 0], zoom=1, minZoom=-1, maxZoom=7, zoomControl=False, scrollWheelZoom=False,
                     zoomSnap=0.25, zoomDelta=0.5, attributionControl=False)
    Setup(fmap).add_to(fmap)
    MapPage(lang=lang.code, view=view, config_json=script_json(_config(page)),
            shapes_json=data.boundaries.page_json, self_contained=self_contained).add_child(fmap)
    return fmap


def _view(page: _Page, title: str, subtitle: str | None, data_file: str | None,
          still_image: str | None) -> dict[str, Any]:
    """Every word and link the page's templates write around the map (plain text: they escape it)."""
    data, lang = page.data, page.lang
    return {
        "title": title, "standfirst": captions.standfirst(data, lang, subtitle),
        "still_image": still_image, "noscript": lang("noscript"), "still_alt": lang("image_alt", title=title),
        "foot": captions.foot(data, lang), "data_file": data_file, "get_data": lang("get_data"),
        "panel": _panel(page),
    }


def _panel(page: _Page) -> dict[str, Any]:
    data, lang = page.data, page.lang
    layers = _layers(page)
    return {
        "label": lang("panel_label"), "legend_title": lang("legend_title"),
        "legend": captions.legend_rows(data, lang),
        "switches_title": lang("suppliers_title"), "switches_note": lang("switches_note"),
        "switches": _switches(page), "all_on": lang("all_on"), "all_off": lang("all_off"),
        "layers": layers, "layers_title": lang("datasets_title"), "layers_note": lang("datasets_note"),
        "aggregate_title": lang("aggregate_title"), "aggregate_note": lang("aggregate_note"),
        "claims": [_claim(page, claim) for claim in data.aggregate], "none_selected": lang("none_selected"),
        "claims_count": lang.count("claim", len(data.aggregate)),
        "countries_count": lang.count("country", len(data.painted) + len(data.dataset_only())),
        "named_title": lang("named_title"), "named_note": lang("named_note"),
        "countries": _countries_in_words(page),
        "dataset_countries_title": f'{lang("dataset_countries_title")} ({len(data.dataset_only())})',
        "dataset_countries": _dataset_countries(page),
    }


def _switches(page: _Page) -> list[dict[str, str]]:
    data, lang, switches = page.data, page.lang, []
    for supplier_id, (countries, claims, in_datasets) in data.supplier_counts().items():
        counts = lang("counts", countries=lang.count("country", countries), claims=lang.count("claim", claims))
        if in_datasets:
            counts += ", " + lang("dataset_count", n=in_datasets)
        switches.append({"id": supplier_id, "name": data.supplier_name(supplier_id) or "", "counts": counts})
    return switches


def _layers(page: _Page) -> list[dict[str, Any]]:
    """Switches for dataset countries and membership outlines, when there are any."""
    data, lang, layers = page.data, page.lang, []
    if data.datasets:
        labels = "; ".join(d.recipe.label for d in data.datasets)
        layers.append({"key": "datasets", "checked": True, "colour": DATASET_COLOUR,
                       "label": lang("dataset_layer", labels=labels, n=len(data.dataset_only()))})
    for index, membership in enumerate(data.memberships):
        label = captions.membership_label(lang, membership)
        layers.append({"key": f"membership-{index}", "checked": False, "colour": None,
                       "label": lang("outline", label=label, n=len(membership.current()))})
    return layers


def _claim(page: _Page, claim: AggregateClaim) -> dict[str, Any]:
    data, lang = page.data, page.lang
    return {
        "supplier_id": claim.supplier or "", "figure": captions.figure(lang, claim),
        "supplier": data.supplier_name(claim.supplier), "claim": claim.claim,
        "source": _source(page, data.facts.sources[claim.source], claim),
        "checks": [captions.check_line(lang, data, claim, check) for check in data.reconciliations.get(claim.id, [])],
    }


def _source(page: _Page, source: Source, fact: Fact) -> dict[str, str]:
    return {"prefix": page.lang("source"), "label": captions.source_label(page.lang, source), "url": source.url,
            "evidence": fact.evidence, "date": captions.fact_date(page.lang, fact)}


def _countries_in_words(page: _Page) -> list[dict[str, Any]]:
    """The map in words: each coloured country with its roles, suppliers, facts and sources.

    It is what a screen reader announces for the map, and what anyone who cannot tell the
    colours apart can read.
    """
    data, lang, countries = page.data, page.lang, []
    for country in data.painted:
        roles = []
        for role in country.roles:
            ids = list(dict.fromkeys(f.supplier for f in country.facts if f.role == role and f.supplier))
            roles.append({"supplier_ids": " ".join(ids), "label": role_label(data, lang, role),
                          "names": ", ".join(data.supplier_name(i) or "" for i in ids)})
        countries.append({
            "supplier_ids": " ".join(country.supplier_ids), "name": page.names[country.iso3], "roles": roles,
            "summary": lang("with_sources", facts=lang.count("fact", len(country.facts))),
            "facts": [{"supplier_id": f.supplier or "", "claim": f.claim,
                       "source": _source(page, data.facts.sources[f.source], f)} for f in country.facts],
        })
    return countries


def _dataset_countries(page: _Page) -> list[dict[str, str]]:
    """Countries only a dataset colours, with the suppliers it names there."""
    data, countries = page.data, []
    for iso3 in data.dataset_only():
        ids = data.dataset_suppliers(iso3)
        countries.append({"supplier_ids": " ".join(ids), "name": page.names[iso3],
                          "datasets": "; ".join(m.dataset.recipe.title for m in data.mentions[iso3]),
                          "names": ", ".join(data.supplier_name(i) or "" for i in ids)})
    return countries


def _config(page: _Page) -> dict:
    data, lang = page.data, page.lang
    return {
        "roles": [{"key": key, "color": role_colour(data, key), "label": role_label(data, lang, key)}
                  for key in data.project.role_keys],
        "legend": [{"color": colour, "label": label} for colour, label in captions.legend_rows(data, lang)],
        "grey": NO_FACT_GREY,
        "suppliers": [{"id": s.id, "name": s.name} for s in data.facts.suppliers],
        "sources": [{"label": captions.source_label(lang, s), "url": s.url} for s in data.facts.sources.values()],
        "text": {**{name: lang.template(key) for name, key in SCRIPT_TEXT.items()},
                 "attribution": captions.attribution(data, lang)},
        "countries": _countries(page),
        "datasetColour": DATASET_COLOUR,
        "datasets": [{"label": d.recipe.label, "file": d.path.name} for d in data.datasets],
        "memberships": [{"label": captions.membership_label(lang, m), "members": sorted(m.current())}
                        for m in data.memberships],
        "tooltipFacts": TOOLTIP_FACTS,
        "popupFacts": POPUP_FACTS,
        "bounds": [list(corner) for corner in data.planar_view_box()],
    }


def _countries(page: _Page) -> dict:
    """Per country: its name and its facts as [supplier index or -1, role index, claim, source index,
    evidence, date]."""
    data, lang = page.data, page.lang
    supplier_index = {s.id: i for i, s in enumerate(data.facts.suppliers)}
    source_index = {source_id: i for i, source_id in enumerate(data.facts.sources)}
    role_index = {role: i for i, role in enumerate(data.project.role_keys)}
    countries: dict[str, dict[str, Any]] = {area.iso3: {"name": page.names[area.iso3]} for area in data.boundaries.areas}
    for country in data.painted:
        countries[country.iso3]["facts"] = [
            [supplier_index.get(f.supplier or "", -1), role_index[f.role], f.claim, source_index[f.source], f.evidence,
             captions.fact_date(lang, f)]
            for f in country.facts
        ]
    dataset_index = {id(d): i for i, d in enumerate(data.datasets)}
    for iso3, mentions in data.mentions.items():
        # Per dataset: which suppliers and the first rows; a long table is summarised, not listed.
        countries[iso3]["datasets"] = [
            [dataset_index[id(m.dataset)], [supplier_index[s] for s in m.country.suppliers],
             m.country.rows[:DATASET_ROWS_SHOWN], len(m.country.rows)]
            for m in mentions
        ]
    return countries
