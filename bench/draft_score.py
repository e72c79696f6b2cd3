"""Score `mapgen draft` against a gold facts file: precision and recall of named facts as
(source, country, company, role), of aggregate claims as (source, value, qualifier) with the unit
checked apart, and the overlap of evidence spans (characters shared / characters in either).

    python bench/draft_score.py tests/fixtures/draft                     # our own gold set
    python bench/draft_score.py data/story --texts ../shared/sources     # the default story

Drafts in memory: nothing is written. Prints a Markdown table row per measure.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mapgen.countries import CountryResolver
from mapgen.draft import Drafter, DraftRow
from mapgen.evidence import comparable, passages
from mapgen.facts import load_facts
from mapgen.project import load_project
from mapgen.suppliers import load_suppliers


def unit_words(unit: str) -> set[str]:
    words = set(re.findall(r"\w+", unit.lower().replace("per cent", "%").replace("percent", "%")))
    return words | ({"%"} if "%" in unit or "cent" in unit.lower() else set())


def gold_spans(text: str, evidence: str) -> set[int]:
    """Character positions of a gold quote's passages in the text (folded as the check folds)."""
    folded, positions = comparable(text), set()
    index = _folded_index(text)
    for part in passages(evidence):
        at = folded.find(comparable(part))
        if at >= 0:
            positions |= {index[i] for i in range(at, at + len(comparable(part)))}
    return positions


def _folded_index(text: str) -> list[int]:
    """For each character of comparable(text), its position in text (same folding rules)."""
    index, last_space = [], True
    for position, ch in enumerate(text):
        if ch.isspace():
            if not last_space:
                index.append(position)
            last_space = True
        else:
            index.append(position)
            last_space = False
    return index


def overlap(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def score(folder: Path, texts: Path | None) -> dict[str, float | int]:
    project = load_project(folder)
    factset = load_facts(project.facts, project=project)
    text_folder = texts or project.texts
    assert text_folder is not None
    resolver = CountryResolver.from_file()
    catalogue = load_suppliers(project.facts.parent / "suppliers.csv", resolver)
    drafter = Drafter(catalogue, resolver, project.role_keys)
    drafted: dict[str, list[DraftRow]] = {}
    raw: dict[str, str] = {}
    for source in factset.sources.values():
        raw[source.id] = (text_folder / source.file).read_text(encoding="utf-8-sig")
        drafted[source.id] = drafter.draft(source.id, source.file, raw[source.id]).rows
    rows = [row for rows in drafted.values() for row in rows]

    def supplier_id(name: str) -> str:
        found = catalogue.find(name) if name else None
        return found.id if found else ""

    gold_named = {(f.source, f.country.iso3, f.supplier or "", f.role): f for f in factset.named}  # type: ignore[attr-defined]
    draft_named = {(r.source, r.iso3, supplier_id(r.supplier), r.role): r for r in rows if r.kind == "named"}
    gold_agg = {(f.source, f.value, f.qualifier): f for f in factset.aggregate if f.value is not None}
    draft_agg = {(r.source, r.value, r.qualifier or "exact"): r for r in rows if r.kind == "aggregate"}
    named_hits = gold_named.keys() & draft_named.keys()
    agg_hits = gold_agg.keys() & draft_agg.keys()
    overlaps = []
    for key in named_hits:
        overlaps.append(overlap(gold_spans(raw[key[0]], gold_named[key].evidence),
                                {i for s in draft_named[key].spans for i in range(s.start, s.end)}))
    for key in agg_hits:
        overlaps.append(overlap(gold_spans(raw[key[0]], gold_agg[key].evidence),
                                {i for s in draft_agg[key].spans for i in range(s.start, s.end)}))
    units = sum(bool(unit_words(gold_agg[k].unit) & unit_words(draft_agg[k].unit)) for k in agg_hits)
    return {
        "gold named": len(gold_named), "drafted named": len(draft_named), "named hits": len(named_hits),
        "named precision": len(named_hits) / len(draft_named) if draft_named else 0.0,
        "named recall": len(named_hits) / len(gold_named) if gold_named else 0.0,
        "gold aggregate (with a value)": len(gold_agg), "drafted aggregate": len(draft_agg),
        "aggregate precision": len(agg_hits) / len(draft_agg) if draft_agg else 0.0,
        "aggregate recall (value and qualifier right)": len(agg_hits) / len(gold_agg) if gold_agg else 0.0,
        "aggregate hits with the unit right": units,
        "evidence overlap (mean, matched rows)": sum(overlaps) / len(overlaps) if overlaps else 0.0,
        "matched rows whose evidence overlaps": sum(o > 0 for o in overlaps),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--texts", type=Path, help="the folder of the texts (default: the project's texts)")
    args = parser.parse_args(argv)
    result = score(args.project, args.texts)
    print(f"| measure | {args.project} |\n|---|---|")
    for name, value in result.items():
        print(f"| {name} | {value:.2f} |" if isinstance(value, float) else f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
