"""Draw joined facts as a folium map: painted countries, legend, panel, title and source line.

Texts from the facts file reach the page two ways, both safe: as HTML built here with every
value escaped, or as JSON data (``<``, ``>``, ``&`` and line separators escaped) that
``assets/mapgen.js`` inserts with textContent.
"""
from __future__ import annotations

import html
import itertools
import json
import re

import folium
from branca.element import MacroElement
from jinja2 import Template

from mapgen.facts import ROLES, Fact, Source
from mapgen.join import MapData
from mapgen.output import RawHtml, counted_ids, inline_leaflet, use_cdn_leaflet
from mapgen.paths import asset_text
from mapgen.report import figure_text, reconciliation_text

# Okabe-Ito colours, chosen to stay apart for the common colour-vision deficiencies.
ROLE_STYLE = {
    "supplier_home": ("#CC79A7", "Home of suppliers"),
    "deployment": ("#E69F00", "Technology deployed or projects"),
    "restriction": ("#0072B2", "Government acts against suppliers"),
    "partnership": ("#009E73", "Investment, research or business partner"),
}
NO_FACT_GREY = "#cfcfcf"
# Countries only a dataset names: Okabe-Ito sky blue, apart from the article roles.
DATASET_COLOUR = "#56B4E9"
DATASET_ROWS_SHOWN = 5
WORLD_BOUNDS = [[-56, -168], [78, 180]]
TOOLTIP_FACTS = 3
DEFAULT_TITLE = "Chinese AI surveillance: the countries the sources name"
DEFAULT_SUBTITLE = ("A country is coloured only where an article names it. Figures that name no country, "
                    "such as \u201cat least 63 countries\u201d, are listed beside the map and colour nothing.")
INTERFACE_TEXT = {
    "source": "Source:",
    "noFact": "No fact in the sources",
    "switchedOff": "Its suppliers are switched off",
    "more": "Click the country for every fact and its source.",
    "factCount": "{n} facts",
    "legendTitle": "What the sources say",
    "datasetOnly": "Named only by a dataset",
    "datasetIn": "In {dataset}",
    "datasetRows": "row {rows}",
    "datasetMoreRows": "and {n} more rows: see the data file",
    "datasetSuppliers": "Suppliers:",
    "member": "{name} member ({source})",
}


def render_map(data: MapData, *, title: str | None = None, subtitle: str | None = None,
               self_contained: bool = False) -> folium.Map:
    """A folium.Map of ``data``; mapgen.output.render_html turns it into the page."""
    counter = itertools.count(1)
    with counted_ids(counter):
        fmap = folium.Map(location=[20, 10], zoom_start=2, tiles=None, min_zoom=0, max_zoom=8,
                          scrollWheelZoom=False, worldCopyJump=False, control_scale=False,
                          zoomSnap=0.25, zoomDelta=0.5)
        fmap._mapgen_ids = counter
        if self_contained:
            inline_leaflet(fmap)
        else:
            use_cdn_leaflet(fmap)
        figure = fmap.get_root()
        figure.title = html.escape(title or DEFAULT_TITLE)
        figure.header.add_child(RawHtml(f"<style>{asset_text('mapgen.css')}</style>"), name="mapgen_css")
        figure.header.add_child(RawHtml(f"<script>{asset_text('mapgen.js')}</script>"), name="mapgen_js")
        figure.html.add_child(RawHtml(_head_html(data, title, subtitle)), name="mapgen_head")
        figure.html._children.move_to_end("mapgen_head", last=False)
        figure.html.add_child(RawHtml(_panel_html(data)), name="mapgen_panel")
        figure.html.add_child(RawHtml(_foot_html(data)), name="mapgen_foot")

        # Data travels as JSON blocks, which the browser parses far faster than script literals.
        figure.html.add_child(RawHtml(_json_block("mapgen-config", script_json(_config(data)))), name="mapgen_config")
        figure.html.add_child(RawHtml(_json_block("mapgen-shapes", data.boundaries.page_json)), name="mapgen_shapes")
        _Setup(fmap).add_to(fmap)
    return fmap


class _Setup(MacroElement):
    """Draws the countries from the topology and wires up tooltips, popups, legend and switches."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "mapgenSetup(mapgenData('mapgen-config'), mapgenData('mapgen-shapes'), {{ this.fmap.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, fmap):
        super().__init__()
        self._name = "MapgenSetup"
        self.fmap = fmap


def _json_block(element_id: str, json_text: str) -> str:
    return f'<script type="application/json" id="{element_id}">{json_text}</script>'



def script_json(value) -> str:
    """JSON that is safe inside a <script> element, whatever strings it holds.

    Besides <, > and &, the braces that open Jinja syntax are escaped: branca compiles a
    MacroElement's rendered script as a template once more, so a claim holding "{{ ... }}" would
    otherwise be evaluated at build time. In JSON those sequences occur only inside strings.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text)


def source_label(source: Source) -> str:
    publisher = source.publisher if source.publisher.casefold() != "not stated" else "publisher not stated"
    return f"\u201c{source.headline}\u201d, {publisher} ({source.file})"


def _config(data: MapData) -> dict:
    return {
        "roles": [{"key": role, "color": ROLE_STYLE[role][0], "label": ROLE_STYLE[role][1]} for role in ROLES],
        "grey": NO_FACT_GREY,
        "suppliers": [{"id": s.id, "name": s.name} for s in data.facts.suppliers],
        "sources": [{"label": source_label(s), "url": s.url} for s in data.facts.sources.values()],
        "text": {**INTERFACE_TEXT, "attribution": _attribution(data)},
        "countries": _countries(data),
        "datasetColour": DATASET_COLOUR,
        "datasets": [{"label": d.recipe.label, "file": d.path.name} for d in data.datasets],
        "memberships": [{"label": _membership_label(m), "members": sorted(m.current())} for m in data.memberships],
        "tooltipFacts": TOOLTIP_FACTS,
        "bounds": WORLD_BOUNDS,
    }


def _countries(data: MapData) -> dict:
    """Per country: its name and its facts as [supplier index or -1, role index, claim, source index]."""
    supplier_index = {s.id: i for i, s in enumerate(data.facts.suppliers)}
    source_index = {source_id: i for i, source_id in enumerate(data.facts.sources)}
    role_index = {role: i for i, role in enumerate(ROLES)}
    countries = {area.iso3: {"name": area.name} for area in data.boundaries.areas}
    for country in data.painted:
        countries[country.iso3]["facts"] = [
            [supplier_index.get(f.supplier, -1), role_index[f.role], f.claim, source_index[f.source]]
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


def _membership_label(membership) -> str:
    when = f", as of {membership.as_of.isoformat()}" if membership.as_of else ""
    return f"{membership.name}: {membership.recipe.title} ({membership.recipe.publisher}{when})"


def _head_html(data: MapData, title: str | None, subtitle: str | None) -> str:
    subtitle = subtitle or DEFAULT_SUBTITLE
    if data.selected:
        subtitle = f"Supplier: {', '.join(s.name for s in data.selected)}. {subtitle}"
    return (f'<header class="mapgen-head"><h1>{html.escape(title or DEFAULT_TITLE)}</h1>'
            f"<p>{html.escape(subtitle)}</p></header>")


def _panel_html(data: MapData) -> str:
    return ('<aside class="mapgen-panel" aria-label="Suppliers and claims">'
            + _panel_legend_html() + _switches_html(data) + _layers_html(data) + _aggregate_html(data)
            + _named_list_html(data)
            + f'<p class="mapgen-phone-only mapgen-source">{html.escape(_foot_text(data))}</p>'
            + "</aside>")


def _panel_legend_html() -> str:
    """The legend for narrow screens, where the one drawn on the map would cover it."""
    rows = "".join(f'<li><span class="mapgen-swatch" style="background:{color}"></span>{html.escape(label)}</li>'
                   for color, label in [*(ROLE_STYLE[role] for role in ROLES), (NO_FACT_GREY, INTERFACE_TEXT["noFact"])])
    return (f'<section class="mapgen-phone-only mapgen-panel-legend"><h2>{html.escape(INTERFACE_TEXT["legendTitle"])}</h2>'
            f"<ul>{rows}</ul></section>")


def _switches_html(data: MapData) -> str:
    named_count, claim_count = {}, {}
    for country in data.painted:
        for supplier_id in country.supplier_ids:
            named_count[supplier_id] = named_count.get(supplier_id, 0) + 1
    for fact in data.aggregate:
        if fact.supplier:
            claim_count[fact.supplier] = claim_count.get(fact.supplier, 0) + 1
    items = []
    for supplier in data.facts.suppliers:
        if supplier.id not in named_count and supplier.id not in claim_count:
            continue
        counts = (f"{_plural(named_count.get(supplier.id, 0), 'country', 'countries')}, "
                  f"{_plural(claim_count.get(supplier.id, 0), 'claim', 'claims')}")
        items.append(f'<li><label><input type="checkbox" checked data-mapgen-switch="{html.escape(supplier.id)}">'
                     f'{html.escape(supplier.name)} <span class="mapgen-source">({counts})</span></label></li>')
    return ('<section class="mapgen-switches" aria-labelledby="mapgen-switches-title">'
            '<h2 id="mapgen-switches-title">Suppliers</h2>'
            '<p class="mapgen-note">Switch a company off to hide what the sources say about it.</p>'
            f'<ul>{"".join(items)}</ul>'
            '<button type="button" data-mapgen-all="on">All on</button>'
            '<button type="button" data-mapgen-all="off">All off</button></section>')


def _layers_html(data: MapData) -> str:
    """Switches for dataset countries and membership outlines, when there are any."""
    if not data.datasets and not data.memberships:
        return ""
    items = []
    if data.datasets:
        labels = "; ".join(d.recipe.label for d in data.datasets)
        items.append(f'<li><label><input type="checkbox" checked data-mapgen-layer="datasets">'
                     f'<span class="mapgen-swatch" style="background:{DATASET_COLOUR}"></span>'
                     f"Countries named only by {html.escape(labels)} ({len(_dataset_only(data))})</label></li>")
    for index, membership in enumerate(data.memberships):
        items.append(f'<li><label><input type="checkbox" data-mapgen-layer="membership-{index}">'
                     f'<span class="mapgen-swatch mapgen-outline"></span>Outline {html.escape(_membership_label(membership))}'
                     f" ({len(membership.current())})</label></li>")
    return ('<section class="mapgen-layers" aria-labelledby="mapgen-layers-title">'
            '<h2 id="mapgen-layers-title">Datasets</h2>'
            '<p class="mapgen-note">Tables you brought: drawn apart from what the articles name.</p>'
            f'<ul>{"".join(items)}</ul></section>')


def _dataset_only(data: MapData) -> set[str]:
    return set(data.mentions) - {country.iso3 for country in data.painted}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _aggregate_html(data: MapData) -> str:
    items = "".join(_aggregate_item(data, fact) for fact in data.aggregate)
    if not items:
        items = "<li>None for this selection.</li>"
    return ('<section class="mapgen-aggregate" aria-labelledby="mapgen-aggregate-title">'
            '<h2 id="mapgen-aggregate-title">Claims that name no countries</h2>'
            '<p class="mapgen-note">The sources give these without saying which countries, '
            "so none of them colours the map.</p>"
            f"<ol>{items}</ol></section>")


def _aggregate_item(data: MapData, fact: Fact) -> str:
    figure = figure_text(fact)
    supplier = data.supplier_name(fact.supplier)
    parts = [f'<span class="mapgen-figure">{html.escape(figure)}</span>' if figure else ""]
    if supplier:
        parts.append(f'<span class="mapgen-tag">{html.escape(supplier)}</span>')
    parts.append(html.escape(fact.claim))
    parts.append(_source_html(data.facts.sources[fact.source]))
    for result in data.reconciliations.get(fact.id, []):
        where = result.membership or result.dataset
        parts.append(f'<span class="mapgen-check">Checked: {html.escape(reconciliation_text(fact, result))} '
                     f"({html.escape(where)})</span>")
    return f'<li data-mapgen-supplier="{html.escape(fact.supplier or "")}">{"".join(parts)}</li>'


def _source_html(source: Source) -> str:
    label = html.escape(source_label(source))
    if source.url:
        label = f'<a href="{html.escape(source.url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return f'<span class="mapgen-source">Source: {label}</span>'


def _named_list_html(data: MapData) -> str:
    """The map in words: each coloured country with its roles, suppliers, facts and sources.

    It is what a screen reader announces for the map, and what anyone who cannot tell the
    colours apart can read.
    """
    items = []
    for country in data.painted:
        roles = []
        for role in country.roles:
            ids = list(dict.fromkeys(f.supplier for f in country.facts if f.role == role and f.supplier))
            names = ", ".join(data.supplier_name(i) for i in ids)
            roles.append(f'<span data-mapgen-supplier="{html.escape(" ".join(ids))}">'
                         f'{html.escape(ROLE_STYLE[role][1])}{f" ({html.escape(names)})" if names else ""}</span>')
        facts = "".join(
            f'<li data-mapgen-supplier="{html.escape(f.supplier or "")}">{html.escape(f.claim)} '
            f"{_source_html(data.facts.sources[f.source])}</li>"
            for f in country.facts
        )
        count = _plural(len(country.facts), "fact", "facts")
        items.append(f'<li data-mapgen-supplier="{html.escape(" ".join(country.supplier_ids))}">'
                     f"<strong>{html.escape(country.name)}</strong>: {'; '.join(roles)}"
                     f"<details><summary>{count} with sources</summary><ul>{facts}</ul></details></li>")
    return ('<section class="mapgen-named" aria-labelledby="mapgen-named-title">'
            '<h2 id="mapgen-named-title">Countries on the map</h2>'
            '<p class="mapgen-note">What the colours say, in words.</p>'
            f'<ul>{"".join(items)}</ul></section>')


def _attribution(data: MapData) -> str:
    return f"Boundaries: Natural Earth {data.boundaries.metadata.get('natural_earth_version', '')} (public domain)"


def _boundaries_note(data: MapData) -> str:
    meta = data.boundaries.metadata
    return (f"Boundaries: Natural Earth {meta.get('natural_earth_version', '')} admin-0 countries, 1:10m, "
            f"{meta.get('point_of_view', 'default')} point of view, simplified; public domain")


def _foot_html(data: MapData) -> str:
    return f'<footer class="mapgen-foot">{html.escape(_foot_text(data))}</footer>'


def _foot_text(data: MapData) -> str:
    sources = sorted({data.facts.sources[f.source].publisher for f in data.facts.facts})
    stated = [p for p in sources if p.casefold() != "not stated"]
    unnamed = len({f.source for f in data.facts.facts if data.facts.sources[f.source].publisher.casefold() == "not stated"})
    listing = ", ".join(stated)
    if unnamed:
        listing += f" and {_plural(unnamed, 'article', 'articles')} with no publisher named"
    return f"Sources: {listing}; each fact cites its article. {_boundaries_note(data)}. Made with mapgen."
