"""The data behind a map: the facts it shows as CSV (the "get the data" file written next to
each map), and the joined, per-country data as CSV or GeoJSON (``mapgen export``).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula; every text
cell taken from an input file that starts so gets a leading apostrophe, the usual guard.
"""
from __future__ import annotations

import csv
import io
import json

from mapgen.captions import number
from mapgen.facts import Fact, NamedFact
from mapgen.join import MapData
from mapgen.report import figure_text, text_sha256

FACT_COLUMNS = ("id", "kind", "country", "iso3", "supplier", "role", "value", "denominator", "unit", "qualifier",
                "figure", "claim", "date", "evidence", "evidence_checked", "source_id", "source_headline",
                "source_publisher", "source_date", "source_url", "source_file", "source_sha256", "dataset_rows")
COUNTRY_COLUMNS = ("iso3", "name", "painted_as", "roles", "suppliers", "facts", "claims", "source_ids",
                   "datasets", "dataset_suppliers", "dataset_rows")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def shown_facts(data: MapData) -> list[Fact]:
    """Exactly the facts the map shows: named facts of painted countries, then aggregate claims."""
    return [fact for country in data.painted for fact in country.facts] + list(data.aggregate)


def facts_csv(data: MapData) -> bytes:
    """One row per fact the map shows, with its source; then one per country only a dataset
    colours (kind "dataset"), citing the dataset and its rows."""
    rows = []
    for fact in shown_facts(data):
        source = data.facts.sources[fact.source]
        country = fact.country if isinstance(fact, NamedFact) else None
        rows.append({
            "id": fact.id, "kind": fact.kind,
            "country": country.name if country else "", "iso3": country.iso3 if country else "",
            "supplier": data.supplier_name(fact.supplier) or "", "role": fact.role or "",
            "value": number(fact.value), "denominator": number(fact.denominator), "unit": fact.unit,
            "qualifier": fact.qualifier if fact.value is not None else "", "figure": figure_text(fact),
            "claim": fact.claim, "date": fact.date, "evidence": fact.evidence,
            "evidence_checked": _yes_no(data.facts.evidence.verified(fact)) if fact.evidence else "", "source_id": source.id,
            "source_headline": source.headline if source.has_headline else source.summary,
            "source_publisher": source.publisher, "source_date": source.date, "source_url": source.url,
            "source_file": source.file, "source_sha256": text_sha256(data, source),
        })
    for iso3 in data.dataset_only():
        for mention in data.mentions[iso3]:
            recipe = mention.dataset.recipe
            rows.append({
                "id": f"dataset:{mention.dataset.path.name}:{iso3}", "kind": "dataset",
                "country": data.country_name(iso3), "iso3": iso3,
                "supplier": "; ".join(data.supplier_name(s) or "" for s in mention.country.suppliers),
                "claim": f"Listed in {recipe.title}", "source_id": mention.dataset.path.name,
                "source_headline": recipe.title, "source_publisher": recipe.publisher, "source_date": recipe.year,
                "source_url": recipe.url, "dataset_rows": ", ".join(map(str, mention.country.rows)),
            })
    return _csv(FACT_COLUMNS, rows)


def country_rows(data: MapData) -> list[dict]:
    """Per country the map colours (by the articles or by a dataset): what it shows and why."""
    painted = {country.iso3: country for country in data.painted}
    rows = []
    for iso3 in sorted(set(painted) | set(data.mentions), key=data.country_name):
        country = painted.get(iso3)
        mentions = data.mentions.get(iso3, [])
        facts = country.facts if country else ()
        rows.append({
            "iso3": iso3, "name": data.country_name(iso3),
            "painted_as": country.primary_role if country else "dataset",
            "roles": "; ".join(country.roles) if country else "",
            "suppliers": "; ".join(data.supplier_name(s) or "" for s in country.supplier_ids) if country else "",
            "facts": len(facts),
            "claims": " | ".join(fact.claim for fact in facts),
            "source_ids": "; ".join(dict.fromkeys(fact.source for fact in facts)),
            "datasets": "; ".join(m.dataset.recipe.label for m in mentions),
            "dataset_suppliers": "; ".join(data.supplier_name(s) or "" for s in data.dataset_suppliers(iso3)),
            "dataset_rows": "; ".join(f"{m.dataset.path.name}: {', '.join(map(str, m.country.rows))}" for m in mentions),
        })
    return rows


def countries_csv(data: MapData) -> bytes:
    return _csv(COUNTRY_COLUMNS, country_rows(data))


def countries_geojson(data: MapData) -> bytes:
    """The same rows as a GeoJSON FeatureCollection, with the map's (simplified) boundaries.

    A micro-state too small to draw as a polygon is a Point where its dot sits on the map.
    Aggregate claims colour no country, so they travel beside the features, not in them.
    """
    areas = data.boundaries.by_iso3()
    features = []
    for row in country_rows(data):
        area = areas[row["iso3"]]
        geometry = data.boundaries.geometry(area)
        if geometry is None and area.marker:
            geometry = {"type": "Point", "coordinates": [area.marker[1], area.marker[0]]}
        features.append({"type": "Feature", "id": row["iso3"], "properties": row, "geometry": geometry})
    collection = {
        "type": "FeatureCollection",
        "features": features,
        "aggregate_claims": [{"id": f.id, "figure": figure_text(f), "claim": f.claim,
                              "supplier": data.supplier_name(f.supplier), "source": f.source}
                             for f in data.aggregate],
    }
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _csv(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _defused(value) for key, value in row.items()})
    # A byte-order mark, so that Excel reads the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _defused(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
