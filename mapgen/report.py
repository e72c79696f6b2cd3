"""What a map claims, as data (JSON) or for reading (text)."""
from __future__ import annotations

import json

from mapgen.facts import Fact, Source
from mapgen.join import MapData


def figure_text(fact: Fact) -> str:
    """The figure as a reader would say it: '63 countries', '36 of 86 ...', '30 % of revenue'."""
    if fact.value is None:
        return ""
    text = _number(fact.value)
    if fact.denominator is not None:
        text += f" of {_number(fact.denominator)}"
    if fact.unit:
        text += f" {fact.unit}"
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _json_number(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def source_dict(source: Source) -> dict:
    return {"id": source.id, "file": source.file, "headline": source.headline,
            "publisher": source.publisher, "date": source.date, "url": source.url or None}


def fact_dict(data: MapData, fact: Fact) -> dict:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "role": fact.role,
        "supplier": data.supplier_name(fact.supplier),
        "claim": fact.claim,
        "value": _json_number(fact.value),
        "denominator": _json_number(fact.denominator),
        "unit": fact.unit or None,
        "date": fact.date or None,
        "source": source_dict(data.facts.sources[fact.source]),
    }


def report_dict(data: MapData) -> dict:
    named = [
        {
            "iso3": country.iso3,
            "name": country.name,
            "roles": country.roles,
            "painted_as": country.primary_role,
            "suppliers": [data.supplier_name(s) for s in country.supplier_ids],
            "facts": [fact_dict(data, fact) for fact in country.facts],
        }
        for country in data.painted
    ]
    aggregate = [
        {**fact_dict(data, fact), "figure": figure_text(fact) or None,
         "suppliers": [data.supplier_name(fact.supplier)] if fact.supplier else []}
        for fact in data.aggregate
    ]
    return {
        "filter": {"suppliers": [supplier.name for supplier in data.selected]},
        "named": named,
        "aggregate": aggregate,
        "counts": {"painted_countries": len(named), "named_facts": sum(len(c["facts"]) for c in named),
                   "aggregate_claims": len(aggregate)},
    }


def report_json(data: MapData) -> str:
    return json.dumps(report_dict(data), ensure_ascii=False, indent=2) + "\n"


def report_text(data: MapData) -> str:
    lines = []
    label = ", ".join(s.name for s in data.selected) or "all suppliers"
    lines.append(f"Countries the sources name ({len(data.painted)}, {label}):")
    for country in data.painted:
        suppliers = ", ".join(data.supplier_name(s) for s in country.supplier_ids) or "no supplier"
        lines.append(f"  {country.name} ({country.iso3}) — painted as {country.primary_role}; "
                     f"roles: {', '.join(country.roles)}; suppliers: {suppliers}")
        for fact in country.facts:
            lines.append(f"    - {fact.claim} [{fact.source}]")
    lines.append("")
    lines.append(f"Claims that name no countries ({len(data.aggregate)}; these paint nothing):")
    for fact in data.aggregate:
        figure = figure_text(fact)
        supplier = data.supplier_name(fact.supplier)
        prefix = f"{figure}: " if figure else ""
        tag = f" ({supplier})" if supplier else ""
        lines.append(f"  - {prefix}{fact.claim}{tag} [{fact.source}]")
    return "\n".join(lines) + "\n"
