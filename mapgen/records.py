"""What a map claims, as data records: the rows of its data file, its countries and the report.

They are built once, with the rest of the map's view (mapgen.view), from the joined data and the
map's language; the data-file, export and report renderers write them as they are.
"""
from __future__ import annotations

from typing import Any

from mapgen import captions
from mapgen.captions import number
from mapgen.facts import Fact, NamedFact, Source
from mapgen.i18n import Language
from mapgen.join import MapData


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def shown_facts(data: MapData) -> list[Fact]:
    """Exactly the facts the map shows: named facts of painted countries, then aggregate claims."""
    return [fact for country in data.painted for fact in country.facts] + list(data.aggregate)


def fact_rows(data: MapData, lang: Language) -> list[dict[str, str]]:
    """The data file's rows: one per fact the map shows, with its source; then one per country
    only a dataset colours (kind "dataset"), citing the dataset and its rows."""
    rows = []
    for fact in shown_facts(data):
        source = data.facts.sources[fact.source]
        country = fact.country if isinstance(fact, NamedFact) else None
        rows.append({
            "id": fact.id, "kind": fact.kind,
            "country": country.name if country else "", "iso3": country.iso3 if country else "",
            "supplier": data.supplier_name(fact.supplier) or "", "role": fact.role or "",
            "value": number(fact.value), "denominator": number(fact.denominator), "unit": fact.unit,
            "qualifier": fact.qualifier if fact.value is not None else "", "figure": captions.figure(lang, fact),
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
                "claim": f"Listed in {mention.dataset.edition_label}", "source_id": mention.dataset.path.name,
                "source_headline": recipe.title, "source_publisher": recipe.publisher, "source_date": recipe.year,
                "source_url": recipe.url, "dataset_rows": ", ".join(map(str, mention.country.rows)),
            })
    return rows


def correction_row(correction, number: int) -> dict[str, str]:
    """A correction (mapgen.view.CorrectionLine) as a row of the data file: kind "correction",
    its date, and its note as the map shows it; ``number`` counts from the oldest."""
    return {"id": f"correction:{number}", "kind": "correction", "date": correction.date,
            "claim": correction.note}


def correction_dict(correction) -> dict[str, str]:
    """A correction in the report's JSON."""
    return {"date": correction.date, "what": correction.change, "why": correction.reason, "note": correction.note}


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
            "datasets": "; ".join(m.dataset.label for m in mentions),
            "dataset_suppliers": "; ".join(data.supplier_name(s) or "" for s in data.dataset_suppliers(iso3)),
            "dataset_rows": "; ".join(f"{m.dataset.path.name}: {', '.join(map(str, m.country.rows))}" for m in mentions),
        })
    return rows


def _json_number(value: float | None) -> int | float | None:
    return None if value is None else captions.plain_number(value)


def source_dict(data: MapData, source: Source) -> dict:
    return {"id": source.id, "file": source.file, "headline": source.headline,
            "publisher": source.publisher, "date": source.date, "url": source.url or None,
            "summary": source.summary or None, "sha256": text_sha256(data, source) or None}


def text_sha256(data: MapData, source: Source) -> str:
    """The SHA-256 of the source's text: of the text this build checked, else as sources.csv records it."""
    return data.facts.evidence.checked.get(source.id, source.sha256)


def fact_dict(data: MapData, lang: Language, fact: Fact) -> dict:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "role": fact.role,
        "supplier": data.supplier_name(fact.supplier),
        "claim": fact.claim,
        "value": _json_number(fact.value),
        "denominator": _json_number(fact.denominator),
        "unit": fact.unit or None,
        "qualifier": fact.qualifier if fact.value is not None else None,
        "figure": captions.figure(lang, fact) or None,
        "date": fact.date or None,
        "evidence": fact.evidence or None,
        "evidence_checked": data.facts.evidence.verified(fact),
        "source": source_dict(data, data.facts.sources[fact.source]),
    }


def report_data(data: MapData, lang: Language) -> dict:
    """What the map claims, as data: the report's JSON."""
    named: list[dict[str, Any]] = [
        {
            "iso3": country.iso3,
            "name": country.name,
            "roles": country.roles,
            "painted_as": country.primary_role,
            "suppliers": [data.supplier_name(s) for s in country.supplier_ids],
            "facts": [fact_dict(data, lang, fact) for fact in country.facts],
        }
        for country in data.painted
    ]
    for entry in named:
        entry["datasets"] = [mention_dict(data, m) for m in data.mentions.get(entry["iso3"], [])]
    aggregate = [
        {**fact_dict(data, lang, fact), "scope": fact.scope.text if fact.scope else None,
         "suppliers": [data.supplier_name(fact.supplier)] if fact.supplier else [],
         "reconciliation": [reconciliation_dict(data, lang, fact, r) for r in data.reconciliations.get(fact.id, [])]}
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
        "datasets": [dataset_dict(data, d) for d in data.datasets],
        "memberships": [membership_dict(m) for m in data.memberships],
        "dataset_countries": dataset_countries,
        "counts": {"painted_countries": len(named), "named_facts": sum(len(c["facts"]) for c in named),
                   "aggregate_claims": len(aggregate), "dataset_countries": len(dataset_countries)},
    }


def dataset_dict(data: MapData, dataset) -> dict:
    recipe = dataset.recipe
    return {"title": recipe.title, "series": dataset.series, "edition": dataset.edition, "label": dataset.label,
            "publisher": recipe.publisher, "year": recipe.year, "url": recipe.url or None,
            "licence": recipe.licence, "file": dataset.path.name, "countries": len(dataset.countries),
            "count_home": recipe.count_home, "origins_from": recipe.origins_from,
            "supplier_countries": {data.supplier_name(s): n for s, n in dataset.supplier_countries().items()},
            "skipped_rows": [str(p) for p in dataset.skipped], "account": account_dict(dataset.account)}


def account_dict(account) -> dict:
    return {"rows_read": account.rows_read, "rows_mapped": account.rows_mapped,
            "rows_skipped": [str(p) for p in account.skipped], "excluded": account.excluded,
            "columns_used": account.columns_used, "columns_declared_unused": account.declared_unused,
            "unused_cells": [{"column": u.column, "count": u.count, "examples": u.examples} for u in account.unused],
            "cells_naming_no_company": account.nothing_cells, "groups": account.groups,
            "companies_not_in_catalogue": account.unknown_companies,
            "companies_at_home": account.at_home,
            "warnings": [str(p) for p in account.warnings]}


def membership_dict(membership) -> dict:
    recipe = membership.recipe
    return {"name": membership.name, "title": recipe.title, "publisher": recipe.publisher, "year": recipe.year,
            "file": membership.path.name, "as_of": membership.as_of.isoformat() if membership.as_of else None,
            "members": sorted(membership.current()), "members_without_join_date": sorted(membership.undated()),
            "skipped_rows": [str(p) for p in membership.skipped], "account": account_dict(membership.account)}


def mention_dict(data: MapData, mention) -> dict:
    return {"dataset": mention.dataset.label, "series": mention.dataset.series, "edition": mention.dataset.edition,
            "file": mention.dataset.path.name, "rows": mention.country.rows,
            "suppliers": [data.supplier_name(s) for s in mention.country.suppliers]}


def reconciliation_dict(data: MapData, lang: Language, fact, check) -> dict:
    """A check as numbers, with its wording in the map's language; ``gap`` is the article's figure minus the count."""
    return {"dataset": check.dataset, "membership": check.membership, "membership_column": check.membership_column,
            "claim": {"value": _json_number(check.value), "qualifier": check.qualifier,
                      "denominator": _json_number(check.claim_denominator), "year": check.claim_year},
            "count": check.count, "denominator": check.denominator,
            "count_with_undated_members": None if not check.undated else (check.count or 0) + check.undated,
            "denominator_with_undated_members":
                None if not check.undated_members else (check.denominator or 0) + check.undated_members,
            "gap": check.gap, "denominator_gap": check.denominator_gap, "dataset_year": check.dataset_year,
            "verdict": check.verdict, "text": captions.check_line(lang, data, fact, check),
            "countries": list(check.countries)}
