"""What a map claims, as data (JSON) or for reading (text)."""
from __future__ import annotations

import json
from typing import Any

from mapgen import captions
from mapgen.facts import Fact, Source
from mapgen.i18n import language
from mapgen.join import MapData
from mapgen.project import in_language


def figure_text(fact: Fact) -> str:
    """The figure as a reader would say it: '63 countries', '36 of 86 ...', '30 % of revenue'."""
    return captions.figure(language(), fact)


def _json_number(value: float | None) -> int | float | None:
    return None if value is None else captions.plain_number(value)


def source_dict(data: MapData, source: Source) -> dict:
    return {"id": source.id, "file": source.file, "headline": source.headline,
            "publisher": source.publisher, "date": source.date, "url": source.url or None,
            "summary": source.summary or None, "sha256": text_sha256(data, source) or None}


def text_sha256(data: MapData, source: Source) -> str:
    """The SHA-256 of the source's text: of the text this build checked, else as sources.csv records it."""
    return data.facts.evidence.checked.get(source.id, source.sha256)


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
        "qualifier": fact.qualifier if fact.value is not None else None,
        "figure": figure_text(fact) or None,
        "date": fact.date or None,
        "evidence": fact.evidence or None,
        "evidence_checked": data.facts.evidence.verified(fact),
        "source": source_dict(data, data.facts.sources[fact.source]),
    }


def report_dict(data: MapData) -> dict:
    named: list[dict[str, Any]] = [
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
        {**fact_dict(data, fact), "scope": fact.scope.text if fact.scope else None,
         "suppliers": [data.supplier_name(fact.supplier)] if fact.supplier else [],
         "reconciliation": [reconciliation_dict(data, fact, r) for r in data.reconciliations.get(fact.id, [])]}
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
            "licence": recipe.licence, "file": dataset.path.name, "countries": len(dataset.countries),
            "skipped_rows": [str(p) for p in dataset.skipped], "account": account_dict(dataset.account)}


def account_dict(account) -> dict:
    return {"rows_read": account.rows_read, "rows_mapped": account.rows_mapped,
            "rows_skipped": [str(p) for p in account.skipped], "excluded": account.excluded,
            "columns_used": account.columns_used, "columns_declared_unused": account.declared_unused,
            "unused_cells": [{"column": u.column, "count": u.count, "examples": u.examples} for u in account.unused],
            "cells_naming_no_company": account.nothing_cells, "groups": account.groups,
            "companies_not_in_catalogue": account.unknown_companies}


def membership_dict(membership) -> dict:
    recipe = membership.recipe
    return {"name": membership.name, "title": recipe.title, "publisher": recipe.publisher, "year": recipe.year,
            "file": membership.path.name, "as_of": membership.as_of.isoformat() if membership.as_of else None,
            "members": sorted(membership.current()), "members_without_join_date": sorted(membership.undated()),
            "skipped_rows": [str(p) for p in membership.skipped], "account": account_dict(membership.account)}


def mention_dict(data: MapData, mention) -> dict:
    return {"dataset": mention.dataset.recipe.label, "file": mention.dataset.path.name, "rows": mention.country.rows,
            "suppliers": [data.supplier_name(s) for s in mention.country.suppliers]}


def reconciliation_dict(data: MapData, fact, check) -> dict:
    """A check as numbers, with its English wording; ``gap`` is the article's figure minus the count."""
    return {"dataset": check.dataset, "membership": check.membership, "membership_column": check.membership_column,
            "claim": {"value": _json_number(check.value), "qualifier": check.qualifier,
                      "denominator": _json_number(check.claim_denominator), "year": check.claim_year},
            "count": check.count, "denominator": check.denominator,
            "count_with_undated_members": None if not check.undated else (check.count or 0) + check.undated,
            "denominator_with_undated_members":
                None if not check.undated_members else (check.denominator or 0) + check.undated_members,
            "gap": check.gap, "denominator_gap": check.denominator_gap, "dataset_year": check.dataset_year,
            "verdict": check.verdict, "text": captions.check_line(language(), data, fact, check),
            "countries": list(check.countries)}


def report_json(data: MapData) -> str:
    return json.dumps(report_dict(data), ensure_ascii=False, indent=2) + "\n"


def report_text(data: MapData) -> str:
    project = data.project
    english = language().with_words(in_language(project.actor, "en"), in_language(project.actors, "en"))
    lines = []
    label = ", ".join(s.name for s in data.selected) or english("gallery_all")
    lines.append(f"{captions.headline(data, english, None)}")
    lines.append("")
    lines.append(f"Countries the sources name ({len(data.painted)}, {label}):")
    for country in data.painted:
        suppliers = ", ".join(data.supplier_name(s) or "" for s in country.supplier_ids) or "none"
        lines.append(f"  {country.name} ({country.iso3}) — painted as {country.primary_role}; "
                     f"roles: {', '.join(country.roles)}; {english('dataset_suppliers')} {suppliers}")
        for fact in country.facts:
            lines.append(f"    - {fact.claim} [{fact.source}]")
    if data.datasets:
        only = data.dataset_only()
        lines += ["", f"Countries only a dataset colours ({len(only)}):"]
        for iso3 in only:
            names = ", ".join(data.supplier_name(s) or "" for s in data.dataset_suppliers(iso3)) or "none"
            where = "; ".join(f"{m.dataset.path.name} row(s) {', '.join(map(str, m.country.rows))}"
                              for m in data.mentions[iso3])
            lines.append(f"  {data.country_name(iso3)} ({iso3}) — {english('dataset_suppliers')} {names} [{where}]")
    lines.append("")
    lines.append(f"Claims that name no countries ({len(data.aggregate)}; these paint nothing):")
    for claim in data.aggregate:
        figure = figure_text(claim)
        supplier = data.supplier_name(claim.supplier)
        prefix = f"{figure}: " if figure else ""
        tag = f" ({supplier})" if supplier else ""
        lines.append(f"  - {prefix}{claim.claim}{tag} [{claim.source}]")
    if data.datasets:
        lines += ["", *fact_check_table(data)]
    return "\n".join(lines) + "\n"


def fact_check_table(data: MapData) -> list[str]:
    """The articles' figures against the datasets: one line per claim and source of membership."""
    english = language()
    lines = [f"Fact check against {', '.join(d.recipe.label for d in data.datasets)}:"]
    for fact in data.aggregate:
        for check in data.reconciliations.get(fact.id, []):
            lines.append(f"  {fact.id} [{check.verdict}]: {captions.check_line(english, data, fact, check)}")
    if len(lines) == 1:
        return ["Fact check: no aggregate claim states a scope to count."]
    return lines
