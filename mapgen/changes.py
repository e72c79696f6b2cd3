"""What changed between two editions of a dataset, for one company or one company origin: the
change records, as plain data, and the map of them (a mapgen.view.MapView the page and still
image renderers draw like any other).

A country counts as *named* in an edition by the rules claims are checked by (mapgen.reconcile):
the edition's row for it names the company (not in the company's home country, unless the
recipe says ``count_home = true``); for an origin, the recipe's yes/no column for that origin
says yes, or, only with ``origins_from = "catalogue"``, the row names a company or group based
there (an origin with neither rule cannot be compared).
A country is *listed* by an edition when its table has a row for it at all. Every country either
edition lists falls in exactly one category:

- ``kept``: named in both editions;
- ``gained``: named in the newer; the older lists the country without the company;
- ``lost``: named in the older; the newer lists the country without the company;
- ``newly_covered``: named in the newer; the older has no row for the country (a change of scope,
  not of the company's presence);
- ``no_longer_covered``: named in the older; the newer has no row for the country;
- ``listed_without``: listed by one edition or both, named by neither.

A ``paint_if`` column does not narrow a comparison: every row of both editions is read.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from mapgen import captions
from mapgen.datasets import Dataset, DatasetCountry
from mapgen.errors import MapgenError, shown
from mapgen.i18n import Language
from mapgen.join import MapData
from mapgen.places import places
from mapgen.reconcile import countries_with_origin
from mapgen.view import WORDS, CountryView, DatasetLine, LegendRow, MapView, claim_views, finder, written_description

CATEGORIES = ("kept", "gained", "lost", "newly_covered", "no_longer_covered", "listed_without")
# Okabe-Ito hues for presence and change, a pale orange beside "lost" where the newer edition
# no longer covers the country, and a pale yellow for countries listed without the subject: no
# two alike (nor like the grey of countries neither edition lists) for readers with a colour
# vision deficiency (mapgen.palette).
COLOURS = {"kept": "#0072B2", "gained": "#009E73", "lost": "#D55E00", "newly_covered": "#56B4E9",
           "no_longer_covered": "#F3B48B", "listed_without": "#FFFFBF"}


@dataclass(frozen=True)
class Subject:
    """What is compared: one company (a supplier id) or the companies of one origin (an ISO code)."""

    supplier: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class EditionEntry:
    """One country in one edition."""

    listed: bool  # the edition's table has a row for the country
    named: bool  # ... and it names the subject there
    companies: tuple[str, ...] = ()  # the subject's companies the row names
    rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class CountryChange:
    iso3: str
    name: str
    category: str  # one of CATEGORIES
    older: EditionEntry
    newer: EditionEntry


@dataclass(frozen=True)
class ChangeView:
    """What changed between two editions for a subject, in one language."""

    subject: str  # "Huawei", "companies based in China"
    by_origin: bool  # the subject is the companies of an origin (else one company)
    series: str
    older: str  # the older edition's name, e.g. "2019"
    newer: str
    older_count: int  # countries the older edition names the subject in
    newer_count: int
    counts: dict[str, int]  # per category, in CATEGORIES order
    countries: tuple[CountryChange, ...]  # in the language's order of names
    claims: tuple[tuple[str, str], ...]  # (claim id, what both editions count) for claims about the subject

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def category(older: EditionEntry, newer: EditionEntry) -> str | None:
    """The category of a country (see the module's docstring); None when neither edition lists it."""
    if older.named and newer.named:
        return "kept"
    if newer.named:
        return "gained" if older.listed else "newly_covered"
    if older.named:
        return "lost" if newer.listed else "no_longer_covered"
    return "listed_without" if older.listed or newer.listed else None


def edition_name(dataset: Dataset) -> str:
    return dataset.edition or dataset.path.name


def compare_editions(data: MapData, older: Dataset, newer: Dataset, subject: Subject, lang: Language) -> ChangeView:
    """The changes from ``older`` to ``newer`` (both loaded in ``data``) for ``subject``."""
    if older.series.casefold() != newer.series.casefold():
        raise MapgenError(f'{older.path} is "{shown(older.series)}" and {newer.path} is "{shown(newer.series)}": '
                          "only two editions of one series can be compared (give both series = ... in their recipes)")
    names = lang.country_names(data.boundaries)
    named = {id(d): _named_in(data, d, subject) for d in (older, newer)}
    entries = [(iso3, _entry(data, older, named[id(older)], subject, iso3),
                _entry(data, newer, named[id(newer)], subject, iso3))
               for iso3 in dict.fromkeys([*older.countries, *newer.countries])]
    changes = [CountryChange(iso3, names.get(iso3) or data.country_name(iso3), kind, old, new)
               for iso3, old, new in entries if (kind := category(old, new))]
    changes = lang.sorted_names(changes, key=lambda change: change.name)
    return ChangeView(_subject_label(data, subject, lang), subject.origin is not None, older.series,
                      edition_name(older), edition_name(newer),
                      sum(c.older.named for c in changes), sum(c.newer.named for c in changes),
                      {kind: sum(c.category == kind for c in changes) for kind in CATEGORIES}, tuple(changes),
                      _claim_lines(data, older, newer, subject, lang))


def _named_in(data: MapData, dataset: Dataset, subject: Subject) -> set[str]:
    """The countries an edition names the subject in, by the rules claims are checked by."""
    if subject.supplier:
        return {iso3 for iso3, country in dataset.countries.items() if subject.supplier in country.suppliers}
    counted_by, _, countries = countries_with_origin(dataset, data.facts.suppliers, subject.origin or "")
    if counted_by == "none":
        raise MapgenError(f'{dataset.recipe.where}: no column says which rows have companies based in '
                          f'{data.country_name(subject.origin or "")}; name one under [origins], or count by '
                          'mapgen\'s supplier catalogue with origins_from = "catalogue"')
    return countries


def _entry(data: MapData, dataset: Dataset, named: set[str], subject: Subject, iso3: str) -> EditionEntry:
    country: DatasetCountry | None = dataset.countries.get(iso3)
    if country is None:
        return EditionEntry(False, False)
    catalogue = data.facts.suppliers
    companies = [s for s in country.suppliers
                 if (s == subject.supplier if subject.supplier else catalogue[s].home_iso3 == subject.origin)]
    return EditionEntry(True, iso3 in named, tuple(catalogue[s].name for s in companies), tuple(country.rows))


def _subject_label(data: MapData, subject: Subject, lang: Language) -> str:
    if subject.supplier:
        return data.supplier_name(subject.supplier) or subject.supplier
    origin = subject.origin or ""
    return lang("change_origin", country=lang.country_names(data.boundaries).get(origin) or data.country_name(origin))


def _about(claim, subject: Subject) -> bool:
    scope = claim.scope
    return scope is not None and (scope.supplier == subject.supplier if subject.supplier else scope.origin == subject.origin)


def _claim_lines(data: MapData, older: Dataset, newer: Dataset, subject: Subject,
                 lang: Language) -> tuple[tuple[str, str], ...]:
    """For each claim about the subject checked against both editions: what each counts."""
    lines = []
    for claim in data.aggregate:
        if not _about(claim, subject):
            continue
        checks = data.reconciliations.get(claim.id, [])
        counts = [next((c.count for c in checks if c.dataset == d.label and c.count is not None), None)
                  for d in (older, newer)]
        if None not in counts:
            lines.append((claim.id, lang("change_claim", older=edition_name(older), newer=edition_name(newer),
                                         older_n=lang.number(counts[0] or 0), newer_n=lang.number(counts[1] or 0))))
    return tuple(lines)


def _labels(view: ChangeView, lang: Language) -> dict[str, str]:
    return {kind: lang(f"change_{kind}", subject=view.subject, older=view.older, newer=view.newer)
            for kind in CATEGORIES}


def change_map(data: MapData, view: ChangeView, older: Dataset, newer: Dataset, lang: Language) -> MapView:
    """The changes as a map: a legend row per category, each listed country coloured by its
    category (no switches), the claims about the subject with both editions' counts."""
    labels = _labels(view, lang)
    legend = [LegendRow(COLOURS[kind], labels[kind], f"change:{kind}") for kind in CATEGORIES]
    legend.append(LegendRow(captions.NO_FACT_GREY, lang("change_not_listed"), ""))
    drawn = data.boundaries.by_iso3()
    countries = tuple(_country(change, CATEGORIES.index(change.category), view, lang, labels)
                      for change in view.countries if change.iso3 in drawn)
    claim_ids = dict(view.claims)
    shown = [claim for claim in data.aggregate if claim.id in claim_ids]
    plain = dataclasses.replace(data, datasets=[], mentions={}, memberships=[])
    claims = tuple(dataclasses.replace(entry, when=(), checks=(claim_ids[entry.id],))
                   for entry in claim_views(plain, lang, shown))
    slice_ = dataclasses.replace(data, painted=[], aggregate=shown, datasets=[older, newer], memberships=[])
    title = _capitalised(lang("change_title", subject=view.subject, series=view.series, older=view.older,
                              newer=view.newer))
    standfirst = lang("change_standfirst", subject=view.subject, older=view.older, newer=view.newer,
                      older_n=lang.count("country", view.older_count), newer_n=lang.count("country", view.newer_count),
                      gained=lang.number(view.counts["gained"]), lost=lang.number(view.counts["lost"]),
                      kept=lang.number(view.counts["kept"]))
    words = {**{name: lang.template(key) for name, key in WORDS.items()}, "legendTitle": lang("change_legend_title"),
             "namedTitle": lang("change_countries_title"), "namedNote": lang("change_countries_note"),
             "datasetCountriesTitle": lang("change_legend_title"),
             "aggregateTitle": lang("change_claims_title", subject=view.subject),
             "aggregateNote": lang("change_claims_note"), "noneSelected": lang("change_no_claims", subject=view.subject)}
    mapped = MapView(
        lang=lang.code, title=title, standfirst=standfirst, still_alt=lang("image_alt", title=title),
        foot=captions.foot(slice_, lang), attribution=captions.attribution(data, lang), legend=tuple(legend),
        switches=(), countries=countries, names=lang.country_names(data.boundaries), claims=claims,
        claims_count=lang.count("claim", len(claims)), countries_count=lang.count("country", len(countries)),
        summary=standfirst, words=words,
        plurals={noun: lang.plural_forms(noun) for noun in ("fact", "claim", "country")},
        sources=tuple((captions.source_label(lang, s), s.url) for s in data.facts.sources.values()),
        datasets=tuple((d.label, d.path.name) for d in (older, newer)),
        bounds=data.planar_view_box(), region=None if data.project.region.is_world else data.view_box(),
        rows=tuple(_row(change, view, labels) for change in view.countries),
        report={"subject": view.subject, "series": view.series, "older": view.older, "newer": view.newer,
                "older_count": view.older_count, "newer_count": view.newer_count, "counts": view.counts,
                "claims": [{"id": claim_id, "line": line} for claim_id, line in view.claims]},
        places=tuple(places(data.boundaries, [country.iso3 for country in countries])), finder=finder(data, lang),
    )
    described = written_description(mapped, lang)
    return dataclasses.replace(mapped, description=described, still_alt=described)


def _country(change: CountryChange, row: int, view: ChangeView, lang: Language, labels: dict[str, str]) -> CountryView:
    """A country of the change map: its category's colour, and a popup line saying what each edition has."""
    parts = []
    for edition, entry in ((view.older, change.older), (view.newer, change.newer)):
        if not entry.listed:
            parts.append(lang("change_not_covered", edition=edition))
        else:
            parts.append(f"{edition}: " + lang("dataset_rows", rows=", ".join(map(str, entry.rows))))
    # An origin's companies, as each edition names them (for one company, its name says nothing more).
    companies = "; ".join(f"{edition}: {', '.join(entry.companies)}" for edition, entry
                          in ((view.older, change.older), (view.newer, change.newer))
                          if entry.companies and view.by_origin)
    line = DatasetLine((), row, labels[change.category], companies, "; ".join(parts))
    return CountryView(change.iso3, change.name, ((row, ()),), datasets=(line,))


def _row(change: CountryChange, view: ChangeView, labels: dict[str, str]) -> dict[str, str]:
    """A row of the change table (mapgen.export.CHANGE_COLUMNS)."""
    row = {"iso3": change.iso3, "country": change.name, "change": change.category,
           "change_label": labels[change.category]}
    for side, edition, entry in (("older", view.older, change.older), ("newer", view.newer, change.newer)):
        row |= {f"{side}_edition": edition, f"{side}_listed": _yes_no(entry.listed),
                f"{side}_named": _yes_no(entry.named), f"{side}_companies": "; ".join(entry.companies),
                f"{side}_rows": ", ".join(map(str, entry.rows))}
    return row


def _capitalised(text: str) -> str:
    """A headline that starts with the subject ("companies based in China ...") starts with a capital."""
    return text[:1].upper() + text[1:]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"

