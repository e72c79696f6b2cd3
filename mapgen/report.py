"""What a map claims, as data (JSON) or for reading (text)."""
from __future__ import annotations

import json

from mapgen import captions
from mapgen.facts import Fact, Source
from mapgen.i18n import language
from mapgen.join import MapData


def figure_text(fact: Fact) -> str:
    """The figure as a reader would say it: '63 countries', '36 of 86 ...', '30 % of revenue'."""
    return captions.figure(language(), fact)


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
    for entry in named:
        entry["datasets"] = [mention_dict(data, m) for m in data.mentions.get(entry["iso3"], [])]
    aggregate = [
        {**fact_dict(data, fact), "figure": figure_text(fact) or None, "scope": fact.scope or None,
         "qualifier": fact.qualifier,
         "suppliers": [data.supplier_name(fact.supplier)] if fact.supplier else [],
         "reconciliation": [reconciliation_dict(r) for r in data.reconciliations.get(fact.id, [])]}
        for fact in data.aggregate
    ]
    article_countries = {entry["iso3"] for entry in named}
    dataset_countries = [
        {"iso3": iso3, "name": data.country_name(iso3), "also_named_by_articles": iso3 in article_countries,
         "datasets": [mention_dict(data, m) for m in mentions]}
        for iso3, mentions in sorted(data.mentions.items(), key=lambda item: data.country_name(item[0]))
    ]
    return {
        "filter": {"suppliers": [supplier.name for supplier in data.selected]},
        "named": named,
        "aggregate": aggregate,
        "datasets": [dataset_dict(d) for d in data.datasets],
        "memberships": [membership_dict(m) for m in data.memberships],
        "dataset_countries": dataset_countries,
        "counts": {"painted_countries": len(named), "named_facts": sum(len(c["facts"]) for c in named),
                   "aggregate_claims": len(aggregate), "dataset_countries": len(dataset_countries)},
    }


def dataset_dict(dataset) -> dict:
    recipe = dataset.recipe
    return {"title": recipe.title, "publisher": recipe.publisher, "year": recipe.year, "url": recipe.url or None,
            "file": dataset.path.name, "countries": len(dataset.countries),
            "skipped_rows": [str(p) for p in dataset.skipped]}


def membership_dict(membership) -> dict:
    recipe = membership.recipe
    return {"name": membership.name, "title": recipe.title, "publisher": recipe.publisher, "year": recipe.year,
            "file": membership.path.name, "as_of": membership.as_of.isoformat() if membership.as_of else None,
            "members": sorted(membership.current()), "skipped_rows": [str(p) for p in membership.skipped]}


def mention_dict(data: MapData, mention) -> dict:
    return {"dataset": mention.dataset.recipe.label, "file": mention.dataset.path.name, "rows": mention.country.rows,
            "suppliers": [data.supplier_name(s) for s in mention.country.suppliers]}


def reconciliation_dict(result) -> dict:
    return {"dataset": result.dataset, "membership": result.membership, "count": result.count,
            "denominator": result.denominator, "verdict": result.verdict, "countries": list(result.countries)}


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
    if data.datasets:
        lines += ["", *fact_check_table(data)]
    return "\n".join(lines) + "\n"


def fact_check_table(data: MapData) -> list[str]:
    """The articles' figures against the datasets, one row per claim and source of membership."""
    english = language()
    rows = [("claim", "says", "dataset finds", "verdict", "counted in")]
    for fact in data.aggregate:
        for result in data.reconciliations.get(fact.id, []):
            rows.append((fact.id, captions.claimed(english, fact), captions.found(english, result), result.verdict,
                         result.membership or result.dataset))
    if len(rows) == 1:
        return ["Fact check: no aggregate claim states a scope to count."]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"Fact check against {', '.join(d.recipe.label for d in data.datasets)}:"]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    return lines
