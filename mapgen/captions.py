"""What a map says around its facts, in one language: colours and words of the legend, the
headline, the figures of aggregate claims, their checks, source labels and the source line.

The interactive map (render.py) and the still image (image.py) both take them from here, so the
two always agree. Every string is plain text: each renderer escapes it for its own medium.
"""
from __future__ import annotations

from mapgen.facts import ROLES, Fact, Source
from mapgen.i18n import Language
from mapgen.join import MapData
from mapgen.reconcile import Reconciliation, verdict_gap

# Okabe-Ito colours, chosen to stay apart for the common colour-vision deficiencies.
ROLE_COLOURS = {
    "supplier_home": "#CC79A7",
    "deployment": "#E69F00",
    "restriction": "#0072B2",
    "partnership": "#009E73",
}
NO_FACT_GREY = "#cfcfcf"
# Countries only a dataset names: Okabe-Ito sky blue, apart from the article roles.
DATASET_COLOUR = "#56B4E9"


def legend_rows(data: MapData, lang: Language) -> list[tuple[str, str]]:
    """(colour, label) for each role, for dataset countries when there are any, and for the rest."""
    rows = [(ROLE_COLOURS[role], lang.role(role)) for role in ROLES]
    if data.datasets:
        rows.append((DATASET_COLOUR, lang("dataset_only")))
    return rows + [(NO_FACT_GREY, lang("no_fact"))]


def headline(lang: Language, title: str | None) -> str:
    return title or lang("title")


def standfirst(data: MapData, lang: Language, subtitle: str | None) -> str:
    """The line under the headline, saying which suppliers a filtered map keeps."""
    text = subtitle or lang("subtitle_datasets" if data.datasets else "subtitle")
    if data.selected:
        text = lang("selected_suppliers", names=", ".join(s.name for s in data.selected), text=text)
    return text


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def figure(lang: Language, fact: Fact) -> str:
    """An aggregate claim's figure: "63 countries", "36 of 86 Belt and Road countries"."""
    if fact.value is None:
        return ""
    text = number(fact.value)
    if fact.denominator is not None:
        text = lang("part_of", n=text, total=number(fact.denominator))
    return f"{text} {fact.unit}" if fact.unit else text


def claimed(lang: Language, fact: Fact) -> str:
    """What an aggregate claim says, as checked: "at least 63", "36 of 86"."""
    text = number(fact.value)
    if fact.denominator is not None:
        text = lang("part_of", n=text, total=number(fact.denominator))
    return lang(fact.qualifier, n=text) if fact.qualifier in ("at_least", "about") else text


def found(lang: Language, result: Reconciliation) -> str:
    """What a dataset gives for it: "63", "36 of 43"."""
    if result.denominator is None:
        return str(result.count)
    return lang("part_of", n=result.count, total=result.denominator)


def check_line(lang: Language, fact: Fact, result: Reconciliation) -> str:
    """"Checked: at least 63 — dataset: 63, holds (AI Global Surveillance Index ...)"."""
    outcome = lang("check_result", claimed=claimed(lang, fact), found=found(lang, result),
                   verdict=verdict(lang, fact, result))
    return lang("checked", result=outcome, where=result.membership or result.dataset)


def verdict(lang: Language, fact: Fact, result: Reconciliation) -> str:
    gap = verdict_gap(result.count, fact.value, fact.qualifier)
    if gap == 0:
        return lang("holds")
    words = lang("small_numbers").split("|")
    amount = words[abs(gap) - 1] if abs(gap) <= len(words) else str(abs(gap))
    return lang("short" if gap < 0 else "over", n=amount)


def source_label(lang: Language, source: Source) -> str:
    publisher = source.publisher if source.publisher.casefold() != "not stated" else lang("publisher_not_stated")
    return f"\u201c{source.headline}\u201d, {publisher} ({source.file})"


def membership_label(lang: Language, membership) -> str:
    label = f"{membership.name}: {membership.recipe.title} ({membership.recipe.publisher})"
    return lang("as_of", label=label, date=membership.as_of.isoformat()) if membership.as_of else label


def attribution(data: MapData, lang: Language) -> str:
    return lang("attribution", version=data.boundaries.metadata.get("natural_earth_version", ""))


def foot(data: MapData, lang: Language) -> str:
    """The source line: who published the facts, and where the boundaries come from."""
    sources = data.facts.sources
    unstated = {f.source for f in data.facts.facts if sources[f.source].publisher.casefold() == "not stated"}
    stated = {sources[f.source].publisher for f in data.facts.facts} - {sources[s].publisher for s in unstated}
    publishers = ", ".join(sorted(stated))
    if unstated:
        publishers = lang("unnamed_publishers", listing=publishers, articles=lang.count("article", len(unstated)))
    meta = data.boundaries.metadata
    boundaries = lang("boundaries_note", version=meta.get("natural_earth_version", ""),
                      view=meta.get("point_of_view", "default"))
    return lang("foot", publishers=publishers, boundaries=boundaries)
