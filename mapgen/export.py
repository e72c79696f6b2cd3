"""The data renderers: the facts a map shows as CSV (the "get the data" file written next to
each map), and its per-country data as CSV or GeoJSON (``mapgen export``), from the view's records.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula; every text
cell taken from an input file that starts so gets a leading apostrophe, the usual guard.
"""
from __future__ import annotations

import csv
import io
import json

from mapgen.boundaries import Boundaries
from mapgen.view import MapView

FACT_COLUMNS = ("id", "kind", "country", "iso3", "supplier", "role", "value", "denominator", "unit", "qualifier",
                "figure", "claim", "date", "evidence", "evidence_checked", "source_id", "source_headline",
                "source_publisher", "source_date", "source_url", "source_file", "source_sha256", "dataset_rows")
COUNTRY_COLUMNS = ("iso3", "name", "painted_as", "roles", "suppliers", "facts", "claims", "source_ids",
                   "datasets", "dataset_suppliers", "dataset_rows")
CHANGE_COLUMNS = ("iso3", "country", "change", "change_label", "older_edition", "older_listed", "older_named",
                  "older_companies", "older_rows", "newer_edition", "newer_listed", "newer_named", "newer_companies",
                  "newer_rows")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def facts_csv(view: MapView) -> bytes:
    """The data file written beside each map: the view's rows."""
    return _csv(FACT_COLUMNS, list(view.rows))


def change_csv(view: MapView) -> bytes:
    """The change table of a comparison of two editions (mapgen.changes): one row per country."""
    return _csv(CHANGE_COLUMNS, list(view.rows))


def countries_csv(view: MapView) -> bytes:
    return _csv(COUNTRY_COLUMNS, list(view.country_rows))


def countries_geojson(view: MapView, boundaries: Boundaries) -> bytes:
    """The same rows as a GeoJSON FeatureCollection, with the map's (simplified) boundaries.

    A micro-state too small to draw as a polygon is a Point where its dot sits on the map.
    Aggregate claims colour no country, so they travel beside the features, not in them.
    """
    areas = boundaries.by_iso3()
    features = []
    for row in view.country_rows:
        area = areas[row["iso3"]]
        geometry = boundaries.geometry(area)
        if geometry is None and area.marker:
            geometry = {"type": "Point", "coordinates": [area.marker[1], area.marker[0]]}
        features.append({"type": "Feature", "id": row["iso3"], "properties": row, "geometry": geometry})
    collection = {
        "type": "FeatureCollection",
        "features": features,
        "aggregate_claims": [{"id": claim["id"], "figure": claim["figure"], "claim": claim["claim"],
                              "supplier": claim["supplier"], "source": claim["source"]["id"]}
                             for claim in view.report["aggregate"]],
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
