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

from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template

from mapgen import captions
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY, ROLE_COLOURS
from mapgen.facts import ROLES, Fact, Source
from mapgen.i18n import Language, language
from mapgen.join import MapData
from mapgen.output import RawHtml, counted_ids, inline_leaflet, use_cdn_leaflet
from mapgen.paths import asset_text

DATASET_ROWS_SHOWN = 5
WORLD_BOUNDS = [[-56, -168], [78, 180]]
TOOLTIP_FACTS = 3
# Interface strings the page's script needs, by the name mapgen.js uses.
SCRIPT_TEXT = {
    "source": "source", "noFact": "no_fact", "switchedOff": "switched_off", "more": "more",
    "factOne": "fact_one", "factOther": "fact_other", "legendTitle": "legend_title", "datasetOnly": "dataset_only",
    "datasetIn": "dataset_in", "datasetRows": "dataset_rows", "datasetMoreRows": "dataset_more_rows",
    "datasetMoreRow": "dataset_more_rows_one", "datasetSuppliers": "dataset_suppliers", "zoomIn": "zoom_in",
    "zoomOut": "zoom_out",
}


@dataclass(frozen=True)
class _Page:
    """What every part of the page needs: the data, the language, and country names in it."""

    data: MapData
    lang: Language
    names: dict[str, str]

    def text(self, key: str, **values) -> str:
        return html.escape(self.lang(key, **values))


def render_map(data: MapData, *, title: str | None = None, subtitle: str | None = None,
               self_contained: bool = False, lang: Language | None = None, data_file: str | None = None,
               still_image: str | None = None) -> folium.Map:
    """A folium.Map of ``data``; mapgen.output.render_html turns it into the page.

    ``lang``: interface language (default English). ``data_file``: the CSV of this map's facts,
    linked from the page. ``still_image``: a static image shown to readers without JavaScript.
    Both are URLs relative to the page.
    """
    lang = lang or language()
    page = _Page(data, lang, lang.country_names(data.boundaries))
    title = captions.headline(data, lang, title)
    counter = itertools.count(1)
    with counted_ids(counter):
        # Leaflet's own zoom buttons are titled in English; mapgen.js adds them with the map's language.
        fmap = folium.Map(location=[20, 10], zoom_start=2, tiles=None, min_zoom=0, max_zoom=8, zoom_control=False,
                          scrollWheelZoom=False, worldCopyJump=False, control_scale=False,
                          zoomSnap=0.25, zoomDelta=0.5)
        fmap._mapgen_ids = counter
        fmap._mapgen_lang = lang.code
        if self_contained:
            inline_leaflet(fmap)
        else:
            use_cdn_leaflet(fmap)
        figure = fmap.get_root()
        figure.title = html.escape(title)
        figure.header.add_child(RawHtml(f"<style>{asset_text('mapgen.css')}</style>"), name="mapgen_css")
        figure.header.add_child(RawHtml(f"<script>{asset_text('mapgen.js')}</script>"), name="mapgen_js")
        figure.html.add_child(RawHtml(_head_html(page, title, subtitle, still_image)), name="mapgen_head")
        figure.html._children.move_to_end("mapgen_head", last=False)
        figure.html.add_child(RawHtml(_panel_html(page, data_file)), name="mapgen_panel")
        figure.html.add_child(RawHtml(_foot_html(page, data_file)), name="mapgen_foot")

        # Data travels as JSON blocks, which the browser parses far faster than script literals.
        figure.html.add_child(RawHtml(_json_block("mapgen-config", script_json(_config(page)))), name="mapgen_config")
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


def _config(page: _Page) -> dict:
    data, lang = page.data, page.lang
    return {
        "roles": [{"key": role, "color": ROLE_COLOURS[role], "label": lang.role(role)} for role in ROLES],
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
        "bounds": WORLD_BOUNDS,
    }


def _countries(page: _Page) -> dict:
    """Per country: its name and its facts as [supplier index or -1, role index, claim, source index,
    evidence]."""
    data = page.data
    supplier_index = {s.id: i for i, s in enumerate(data.facts.suppliers)}
    source_index = {source_id: i for i, source_id in enumerate(data.facts.sources)}
    role_index = {role: i for i, role in enumerate(ROLES)}
    countries = {area.iso3: {"name": page.names[area.iso3]} for area in data.boundaries.areas}
    for country in data.painted:
        countries[country.iso3]["facts"] = [
            [supplier_index.get(f.supplier or "", -1), role_index[f.role], f.claim, source_index[f.source], f.evidence]
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


def _head_html(page: _Page, title: str, subtitle: str | None, still_image: str | None) -> str:
    standfirst = captions.standfirst(page.data, page.lang, subtitle)
    fallback = ""
    if still_image:
        # Readers without JavaScript get the still image in place of the interactive map.
        fallback = (f'<noscript><style>.folium-map{{display:none}}</style><div class="mapgen-still">'
                    f'<p>{page.text("noscript")}</p><img src="{html.escape(still_image, quote=True)}" '
                    f'alt="{page.text("image_alt", title=title)}"></div></noscript>')
    return (f'<header class="mapgen-head"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(standfirst)}</p></header>{fallback}")


def _panel_html(page: _Page, data_file: str | None) -> str:
    return (f'<aside class="mapgen-panel" aria-label="{page.text("panel_label")}">'
            + _panel_legend_html(page) + _switches_html(page) + _layers_html(page) + _aggregate_html(page)
            + _named_list_html(page)
            + f'<p class="mapgen-phone-only mapgen-source">{_foot_content(page, data_file)}</p>'
            + "</aside>")


def _panel_legend_html(page: _Page) -> str:
    """The legend for narrow screens, where the one drawn on the map would cover it."""
    rows = "".join(f'<li><span class="mapgen-swatch" style="background:{colour}"></span>{html.escape(label)}</li>'
                   for colour, label in captions.legend_rows(page.data, page.lang))
    return (f'<section class="mapgen-phone-only mapgen-panel-legend"><h2>{page.text("legend_title")}</h2>'
            f"<ul>{rows}</ul></section>")


def _switches_html(page: _Page) -> str:
    lang, items = page.lang, []
    for supplier_id, (countries, claims, in_datasets) in page.data.supplier_counts().items():
        counts = lang("counts", countries=lang.count("country", countries), claims=lang.count("claim", claims))
        if in_datasets:
            counts += ", " + lang("dataset_count", n=in_datasets)
        items.append(f'<li><label><input type="checkbox" checked data-mapgen-switch="{html.escape(supplier_id)}">'
                     f'{html.escape(page.data.supplier_name(supplier_id))} '
                     f'<span class="mapgen-source">({html.escape(counts)})</span></label></li>')
    return ('<section class="mapgen-switches" aria-labelledby="mapgen-switches-title">'
            f'<h2 id="mapgen-switches-title">{page.text("suppliers_title")}</h2>'
            f'<p class="mapgen-note">{page.text("switches_note")}</p>'
            f'<ul>{"".join(items)}</ul>'
            f'<button type="button" data-mapgen-all="on">{page.text("all_on")}</button>'
            f'<button type="button" data-mapgen-all="off">{page.text("all_off")}</button></section>')


def _layers_html(page: _Page) -> str:
    """Switches for dataset countries and membership outlines, when there are any."""
    data = page.data
    if not data.datasets and not data.memberships:
        return ""
    items = []
    if data.datasets:
        labels = "; ".join(d.recipe.label for d in data.datasets)
        items.append(f'<li><label><input type="checkbox" checked data-mapgen-layer="datasets">'
                     f'<span class="mapgen-swatch" style="background:{DATASET_COLOUR}"></span>'
                     f'{page.text("dataset_layer", labels=labels, n=len(data.dataset_only()))}</label></li>')
    for index, membership in enumerate(data.memberships):
        label = captions.membership_label(page.lang, membership)
        items.append(f'<li><label><input type="checkbox" data-mapgen-layer="membership-{index}">'
                     f'<span class="mapgen-swatch mapgen-outline"></span>'
                     f'{page.text("outline", label=label, n=len(membership.current()))}</label></li>')
    return ('<section class="mapgen-layers" aria-labelledby="mapgen-layers-title">'
            f'<h2 id="mapgen-layers-title">{page.text("datasets_title")}</h2>'
            f'<p class="mapgen-note">{page.text("datasets_note")}</p>'
            f'<ul>{"".join(items)}</ul></section>')


def _aggregate_html(page: _Page) -> str:
    items = "".join(_aggregate_item(page, fact) for fact in page.data.aggregate)
    if not items:
        items = f"<li>{page.text('none_selected')}</li>"
    return ('<section class="mapgen-aggregate" aria-labelledby="mapgen-aggregate-title">'
            f'<h2 id="mapgen-aggregate-title">{page.text("aggregate_title")}</h2>'
            f'<p class="mapgen-note">{page.text("aggregate_note")}</p>'
            f"<ol>{items}</ol></section>")


def _aggregate_item(page: _Page, fact: Fact) -> str:
    data = page.data
    figure = captions.figure(page.lang, fact)
    supplier = data.supplier_name(fact.supplier)
    parts = [f'<span class="mapgen-figure">{html.escape(figure)}</span>' if figure else ""]
    if supplier:
        parts.append(f'<span class="mapgen-tag">{html.escape(supplier)}</span>')
    parts.append(html.escape(fact.claim))
    parts.append(_source_html(page, data.facts.sources[fact.source], fact.evidence))
    for check in data.reconciliations.get(fact.id, []):
        parts.append(f'<span class="mapgen-check">{html.escape(captions.check_line(page.lang, data, fact, check))}</span>')
    return f'<li data-mapgen-supplier="{html.escape(fact.supplier or "")}">{"".join(parts)}</li>'


def _source_html(page: _Page, source: Source, evidence: str = "") -> str:
    label = html.escape(captions.source_label(page.lang, source))
    if source.url:
        label = f'<a href="{html.escape(source.url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    words = f' <q class="mapgen-evidence">{html.escape(evidence)}</q>' if evidence else ""
    return f'<span class="mapgen-source">{page.text("source")} {label}{words}</span>'


def _named_list_html(page: _Page) -> str:
    """The map in words: each coloured country with its roles, suppliers, facts and sources.

    It is what a screen reader announces for the map, and what anyone who cannot tell the
    colours apart can read.
    """
    data, lang, items = page.data, page.lang, []
    for country in data.painted:
        roles = []
        for role in country.roles:
            ids = list(dict.fromkeys(f.supplier for f in country.facts if f.role == role and f.supplier))
            names = ", ".join(data.supplier_name(i) for i in ids)
            roles.append(f'<span data-mapgen-supplier="{html.escape(" ".join(ids))}">'
                         f'{html.escape(lang.role(role))}{f" ({html.escape(names)})" if names else ""}</span>')
        facts = "".join(
            f'<li data-mapgen-supplier="{html.escape(f.supplier or "")}">{html.escape(f.claim)} '
            f"{_source_html(page, data.facts.sources[f.source], f.evidence)}</li>"
            for f in country.facts
        )
        count = page.text("with_sources", facts=lang.count("fact", len(country.facts)))
        items.append(f'<li data-mapgen-supplier="{html.escape(" ".join(country.supplier_ids))}">'
                     f"<strong>{html.escape(page.names[country.iso3])}</strong>: {'; '.join(roles)}"
                     f"<details><summary>{count}</summary><ul>{facts}</ul></details></li>")
    return ('<section class="mapgen-named" aria-labelledby="mapgen-named-title">'
            f'<h2 id="mapgen-named-title">{page.text("named_title")}</h2>'
            f'<p class="mapgen-note">{page.text("named_note")}</p>'
            f'<ul>{"".join(items)}</ul>{_dataset_list_html(page)}</section>')


def _dataset_list_html(page: _Page) -> str:
    """Countries only a dataset colours, with the suppliers it names there."""
    data, items = page.data, []
    for iso3 in data.dataset_only():
        ids = data.dataset_suppliers(iso3)
        names = ", ".join(data.supplier_name(i) or "" for i in ids)
        where = "; ".join(m.dataset.recipe.title for m in data.mentions[iso3])
        items.append(f'<li data-mapgen-supplier="{html.escape(" ".join(ids))}" data-mapgen-dataset-country>'
                     f"<strong>{html.escape(page.names[iso3])}</strong>: {html.escape(where)}"
                     f'{f" ({html.escape(names)})" if names else ""}</li>')
    if not items:
        return ""
    return (f'<h3 class="mapgen-subtitle">{page.text("dataset_countries_title")} ({len(items)})</h3>'
            f'<ul>{"".join(items)}</ul>')


def _foot_html(page: _Page, data_file: str | None) -> str:
    return f'<footer class="mapgen-foot">{_foot_content(page, data_file)}</footer>'


def _foot_content(page: _Page, data_file: str | None) -> str:
    """The source line, and the link to this map's data when there is a data file."""
    text = html.escape(captions.foot(page.data, page.lang))
    if data_file:
        text += (f' <a class="mapgen-data-link" href="{html.escape(data_file, quote=True)}" download>'
                 f'{page.text("get_data")}</a>')
    return text
