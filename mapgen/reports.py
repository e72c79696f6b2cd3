"""The report renderers: what a map claims, as JSON (the view's report data) or as text for
reading, in the map's language."""
from __future__ import annotations

import json

from mapgen.view import CountryView, DatasetLine, MapView


def report_json(view: MapView) -> bytes:
    return (json.dumps(view.report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def report_text(view: MapView) -> bytes:
    words = view.words
    named = [c for c in view.countries if c.named]
    listed = [c for c in view.countries if not c.named and c.candidates]
    lines = [view.title, view.standfirst, ""]
    if view.corrections:
        lines += [f"{words['correctionsTitle']}:", *(f"  - {c.note}" for c in view.corrections), ""]
    lines.append(f"{words['namedTitle']} ({view.countries_count}):")
    for country in named:
        lines += _country(view, country)
    if listed:
        lines += ["", f"{words['datasetCountriesTitle']}:"]
        for country in listed:
            # One line per dataset edition, so that which edition named which company stays plain.
            lines.append(f"  {country.name} ({country.iso3})")
            lines += [_dataset_line(line) for line in country.datasets]
    lines += ["", f"{words['aggregateTitle']} ({view.claims_count}):"]
    for claim in view.claims:
        figure = f"{claim.figure}: " if claim.figure else ""
        company = f" ({claim.company})" if claim.company else ""
        lines.append(f"  - {figure}{claim.claim}{company} [{claim.source.label}]")
        lines += [f"      {check}" for check in claim.checks]
    skipped = [row for table in (*view.report["datasets"], *view.report["memberships"]) for row in table["skipped_rows"]]
    if skipped:
        lines += ["", f"{words['skippedTitle']} ({len(skipped)}):", *(f"  {row}" for row in skipped)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _country(view: MapView, country: CountryView) -> list[str]:
    roles = "; ".join(f"{role.label} ({role.companies})" if role.companies else role.label for role in country.roles)
    lines = [f"  {country.name} ({country.iso3}) — {roles}"]
    for fact in country.facts:
        figure = f"{fact.figure}: " if fact.figure else ""
        lines.append(f"    - {figure}{fact.claim} [{fact.source.label}]")
    lines += [_dataset_line(line) for line in country.datasets]
    return lines


def _dataset_line(line: DatasetLine) -> str:
    return f"    {line.heading}: {line.companies} [{line.rows}]" if line.companies else f"    {line.heading} [{line.rows}]"
