"""The map's view: everything a map says, decided once, as plain data.

From validated, joined data and a language, ``build_view`` decides what every output shows: the
colour candidates of each country in role order with the switches behind each, the legend, the
switches and what they count, the panel's claims and countries, the checks, the credits and
every word in the map's language. Renderers (the page and its script's data, the still image,
the social card, the report, the data files, the gallery) read the view and decide nothing.

Switches. Every company the map shows has one; facts that name no company have one of their
own; each dataset layer has one, and each membership list an outline switch. A thing shown on
the map carries ``when``: groups of switch numbers, each group needing one switch on (a fact:
its company's switch; a dataset country: its dataset's layer and one of the companies the
dataset names there). A country takes the colour of its first candidate whose ``when`` holds,
else the grey of countries without facts. The page's script applies exactly that and nothing
more, so the page, the still image and the report cannot disagree.
"""
from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mapgen import captions, describe, records
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY, role_colour, role_label
from mapgen.facts import AggregateClaim, Fact, NamedFact
from mapgen.i18n import Language
from mapgen.join import MapData
from mapgen.places import Place, places
from mapgen.project import in_language

When = tuple[tuple[int, ...], ...]  # every group needs one of its switches on
DATASET_ROWS_SHOWN = 5
LONG_SWITCH_LIST = 12  # more company switches than this: grouped by origin, a filter, dataset-only ones folded


@dataclass(frozen=True)
class LegendRow:
    colour: str
    label: str
    key: str  # a role's key, "dataset:N" for a dataset's countries, "" for countries without facts


@dataclass(frozen=True)
class Switch:
    label: str
    kind: str  # "company", "no_company", "dataset" or "outline"
    on: bool  # as the page opens
    counts: str = ""  # what it colours and lists, in words
    colour: str | None = None  # the swatch of a dataset layer
    supplier: str = ""  # the company's id, for a company switch


@dataclass(frozen=True)
class SwitchGroup:
    """Switches listed together in the panel: the companies of one home country, or the switch of
    facts that name no company."""

    heading: str  # "Based in China (12)"; "" for a list too short to group
    shown: tuple[int, ...]  # switch numbers listed openly
    folded: tuple[int, ...] = ()  # switch numbers behind a disclosure: companies only a dataset names
    folded_label: str = ""  # "Named only in datasets (40)"
    search: tuple[str, ...] = ()  # per switch of shown + folded, the words the filter box matches


@dataclass(frozen=True)
class SourceLine:
    index: int  # in the view's sources
    prefix: str
    label: str
    url: str
    evidence: str
    quote: str  # the evidence in the language's quotation marks ("" for none)
    date: str
    unchecked: str  # the note after a quote this build could not check ("" when checked)


@dataclass(frozen=True)
class FactLine:
    when: When
    legend: int  # the legend row of its role
    claim: str
    figure: str
    company: str  # the company's name ("" for a fact that names none)
    source: SourceLine


@dataclass(frozen=True)
class DatasetLine:
    when: When
    legend: int  # the legend row of its dataset
    heading: str
    companies: str
    rows: str


@dataclass(frozen=True)
class RoleLine:
    when: When
    label: str
    companies: str


@dataclass(frozen=True)
class CountryView:
    iso3: str
    name: str
    candidates: tuple[tuple[int, When], ...]  # (legend row, when), first that holds colours it
    facts: tuple[FactLine, ...] = ()
    roles: tuple[RoleLine, ...] = ()
    datasets: tuple[DatasetLine, ...] = ()
    outlines: tuple[int, ...] = ()  # outline switches that draw its border
    summary: str = ""  # "3 facts with sources"

    @property
    def named(self) -> bool:
        return bool(self.facts)


@dataclass(frozen=True)
class ClaimView:
    when: When
    id: str
    figure: str
    company: str
    claim: str
    source: SourceLine
    checks: tuple[str, ...]


@dataclass(frozen=True)
class CorrectionLine:
    """A correction's dated note, in the map's language."""

    date: str  # ISO 8601, for machines (JSON-LD, data files)
    note: str  # "Correction, December 1, 2026: what changed. Why."
    change: str
    reason: str


@dataclass(frozen=True)
class MapView:
    """What a map says, in one language. ``to_dict`` gives it as JSON-ready data."""

    lang: str
    title: str
    standfirst: str
    still_alt: str  # the still image's alternative text
    foot: str
    attribution: str
    legend: tuple[LegendRow, ...]  # the roles some country has, dataset layers, then the grey
    switches: tuple[Switch, ...]
    countries: tuple[CountryView, ...]  # every country something colours, in the language's order
    names: dict[str, str]  # every drawn country's name in the map's language
    claims: tuple[ClaimView, ...]
    claims_count: str  # "15 claims", as the page opens
    countries_count: str  # "5 countries", as the page opens
    summary: str  # "5 countries, 15 claims; 3 more in datasets": what the map shows, for a gallery
    words: dict[str, Any] = field(default_factory=dict)  # headings, notes and the script's templates
    plurals: dict[str, dict[str, str]] = field(default_factory=dict)  # noun -> CLDR category -> template
    sources: tuple[tuple[str, str], ...] = ()  # (label, url) of each source, in the table's order
    datasets: tuple[tuple[str, str], ...] = ()  # (label, file) of each dataset
    bounds: tuple[tuple[float, float], tuple[float, float]] = ((0, 0), (0, 0))  # the page's view, planar units
    region: tuple[tuple[float, float], tuple[float, float]] | None = None  # ((south, west), (north, east)); None: world
    rows: tuple[dict[str, Any], ...] = ()  # the data file's rows (mapgen.records)
    country_rows: tuple[dict[str, Any], ...] = ()  # one per coloured country, for exports
    report: dict[str, Any] = field(default_factory=dict)  # what the map claims, as data
    description: str = ""  # the map in words: the page's accessible description, the images' alt text
    described: bool = False  # whether the author wrote the description (else mapgen did, from the view)
    places: tuple[Place, ...] = ()  # every coloured country's place, in the keyboard's order (the list's)
    finder: tuple[tuple[str, str], ...] = ()  # (name, code) of every drawn country, for the search box
    switch_groups: tuple[SwitchGroup, ...] = ()  # how the panel lists the company switches
    switch_filter: bool = False  # whether the panel offers a filter box over them
    corrections: tuple[CorrectionLine, ...] = ()  # newest first

    @property
    def grey(self) -> str:
        return NO_FACT_GREY

    def colour_of(self, country: CountryView, on: set[int] | None = None) -> str:
        """The colour a country has with these switches on (default: as the page opens)."""
        on = self.opening() if on is None else on
        for legend, when in country.candidates:
            if holds(when, on):
                return self.legend[legend].colour
        return NO_FACT_GREY

    def opening(self) -> set[int]:
        return {key for key, switch in enumerate(self.switches) if switch.on}

    def colours(self, on: set[int] | None = None) -> dict[str, str]:
        """Each coloured country's colour with these switches on."""
        painted = {c.iso3: self.colour_of(c, on) for c in self.countries}
        return {iso3: colour for iso3, colour in painted.items() if colour != NO_FACT_GREY}

    def legend_in_use(self, on: set[int] | None = None) -> list[int]:
        """The legend rows some country is coloured with now, and the grey of countries without
        facts: a legend lists no colour the map does not show."""
        on = self.opening() if on is None else on
        used = {next((legend for legend, when in c.candidates if holds(when, on)), None) for c in self.countries}
        return [index for index, row in enumerate(self.legend) if index in used or row.colour == NO_FACT_GREY]

    def shown_claims(self, on: set[int] | None = None) -> list[ClaimView]:
        on = self.opening() if on is None else on
        return [claim for claim in self.claims if holds(claim.when, on)]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def holds(when: When, on: set[int]) -> bool:
    """Whether every group of ``when`` has a switch on."""
    return all(any(key in on for key in group) for group in when)


def claim_views(data: MapData, lang: Language, claims: Iterable[AggregateClaim]) -> list[ClaimView]:
    """``claims`` as the panel of ``data``'s map lists them (for maps drawn from other records,
    such as the change between two editions)."""
    builder = _Builder(data, lang)
    return [builder.claim(claim) for claim in claims]


def build_view(data: MapData, lang: Language, *, title: str | None = None, subtitle: str | None = None,
               description: str | None = None) -> MapView:
    """Decide what the map of ``data`` says in ``lang``. ``description``: the map in words (default:
    the project's, which describes the whole map, else one mapgen writes from the view, as it does
    for a map of some of the companies)."""
    view = _Builder(data, lang).view(captions.headline(data, lang, title), captions.standfirst(data, lang, subtitle))
    projects = None if data.selected else in_language(data.project.description, lang.code, data.project.language)
    own = description or projects
    text = own or written_description(view, lang)
    return dataclasses.replace(view, description=text, described=bool(own), still_alt=text)


def written_description(view: MapView, lang: Language) -> str:
    """The description mapgen writes: the countries coloured as the page opens, by legend row,
    the companies switched on and the claims listed beside the map."""
    on, rows = view.opening(), dict[int, list[str]]()
    for country in view.countries:
        row = next((legend for legend, when in country.candidates if holds(when, on)), None)
        if row is not None:
            rows.setdefault(row, []).append(country.name)
    companies = [switch.label for switch in view.switches if switch.kind == "company" and switch.on]
    return describe.written(lang, [(view.legend[row].label, names) for row, names in sorted(rows.items())],
                            companies, len(view.shown_claims(on)))


def finder(data: MapData, lang: Language) -> tuple[tuple[str, str], ...]:
    """Every country the page draws, by its name in the map's language, in the language's order
    (the search box's list)."""
    drawn = data.boundaries.drawn()
    named = [(name, iso3) for iso3, name in lang.country_names(data.boundaries).items() if iso3 in drawn]
    return tuple(lang.sorted_names(named, key=lambda pair: pair[0]))


class _Builder:
    def __init__(self, data: MapData, lang: Language):
        self.data, self.lang = data, lang
        self.names = lang.country_names(data.boundaries)
        self.legend: list[LegendRow] = [LegendRow(role_colour(data, key), role_label(data, lang, key), key)
                                        for key in data.roles_in_use()]
        self.role_row = {row.key: index for index, row in enumerate(self.legend)}
        self.switches: list[Switch] = []
        self.company_switch: dict[str | None, int] = {}
        self._company_switches()
        self.dataset_switch: dict[int, int] = {}
        self.dataset_row: dict[int, int] = {}
        self._dataset_layers()
        self.outline_switch = [self._add(Switch(lang("outline", label=captions.membership_label(lang, m),
                                                             n=len(m.current())), "outline", on=False))
                               for m in data.memberships]
        self.grey_row = len(self.legend)
        self.legend.append(LegendRow(NO_FACT_GREY, lang("no_fact"), ""))
        self.source_index = {source_id: i for i, source_id in enumerate(data.facts.sources)}

    def _add(self, switch: Switch) -> int:
        self.switches.append(switch)
        return len(self.switches) - 1

    def _company_switches(self) -> None:
        lang = self.lang
        for supplier_id, (countries, claims, in_datasets) in self.data.supplier_counts().items():
            counts = lang("counts", countries=lang.count("country", countries), claims=lang.count("claim", claims))
            if in_datasets:
                counts += ", " + lang("dataset_count", n=lang.number(in_datasets))
            self.company_switch[supplier_id] = self._add(Switch(self.data.supplier_name(supplier_id) or "", "company",
                                                                on=True, counts=counts, supplier=supplier_id))
        countries = sum(any(f.supplier is None for f in c.facts) for c in self.data.painted)
        claims = sum(claim.supplier is None for claim in self.data.aggregate)
        unnamed_rows = any(not set(m.country.suppliers) & set(self.company_switch)
                           for mentions in self.data.mentions.values() for m in mentions)
        if countries or claims or unnamed_rows:
            counts = lang("counts", countries=lang.count("country", countries), claims=lang.count("claim", claims))
            self.company_switch[None] = self._add(Switch(lang("no_company_switch"), "no_company", on=True, counts=counts))

    def _dataset_layers(self) -> None:
        """A layer switch per dataset, and one legend row for the countries they colour, whose label
        says what each dataset's colour shows: one colour, one meaning, however many editions."""
        meanings = []
        for index, dataset in enumerate(self.data.datasets):
            named = [iso3 for iso3, mentions in self.data.mentions.items() if any(m.dataset is dataset for m in mentions)]
            only = set(named) & set(self.data.dataset_only())
            label = self.lang("dataset_layer", labels=dataset.label, n=len(only))
            self.dataset_switch[index] = self._add(Switch(label, "dataset", on=True, colour=DATASET_COLOUR))
            if named:
                self.dataset_row[index] = len(self.legend)
                meanings.append(self._dataset_meaning(dataset))
        if meanings:
            self.legend.append(LegendRow(DATASET_COLOUR, "; ".join(meanings), "dataset"))

    def _dataset_meaning(self, dataset) -> str:
        """What the dataset's colour shows: the countries its ``paint_if`` column flags (an origin
        column: "Technology from China, per ..."), or, without it and on a company's map (where
        paint_if does not apply), every country it names."""
        lang, column = self.lang, dataset.recipe.paint_if
        if column and not self.data.selected:
            origin = next((home for home, flag in dataset.origin_columns.items() if flag == column), None)
            if origin:
                return lang("dataset_legend_origin", origin=self.names.get(origin, origin), dataset=dataset.edition_label)
            return lang("dataset_legend_flag", column=column, dataset=dataset.edition_label)
        return lang("dataset_legend", dataset=dataset.edition_label)

    def view(self, title: str, standfirst: str) -> MapView:
        data, lang = self.data, self.lang
        countries = [self._named(c) for c in data.painted] + [self._dataset_only(iso3) for iso3 in data.dataset_only()]
        shown = {c.iso3 for c in countries}
        countries += [CountryView(iso3, self.names[iso3], (), datasets=self._dataset_lines(iso3))
                      for iso3 in data.unpainted if iso3 not in shown and iso3 in self.names]
        countries = lang.sorted_names(self._with_outlines(countries), key=lambda c: c.name)
        corrections = self._corrections()
        return MapView(
            lang=lang.code, title=title, standfirst=standfirst, still_alt="",  # the description (build_view)
            foot=captions.foot(data, lang),
            attribution=captions.attribution(data, lang), legend=tuple(self.legend),
            switches=tuple(self.switches), countries=tuple(countries),
            names=self.names, claims=tuple(self.claim(claim) for claim in data.aggregate),
            claims_count=lang.count("claim", len(data.aggregate)),
            countries_count=lang.count("country", sum(bool(c.candidates) for c in countries)),
            summary=self._summary(),
            words=self._words(), plurals={noun: lang.plural_forms(noun) for noun in ("fact", "claim", "country")},
            sources=tuple((captions.source_label(lang, s), s.url) for s in data.facts.sources.values()),
            datasets=tuple((d.label, d.path.name) for d in data.datasets),
            bounds=data.planar_view_box(),
            region=None if data.project.region.is_world else data.view_box(),
            rows=(*records.fact_rows(data, lang),
                  *(records.correction_row(c, len(corrections) - i) for i, c in enumerate(corrections))),
            country_rows=tuple(records.country_rows(data)),
            report={**records.report_data(data, lang), "corrections": list(map(records.correction_dict, corrections))},
            corrections=corrections,
            places=tuple(places(data.boundaries, [c.iso3 for c in countries if c.candidates])),
            finder=finder(self.data, self.lang),
            switch_groups=self._switch_groups(), switch_filter=self._long_switch_list(),
        )

    def _corrections(self) -> tuple[CorrectionLine, ...]:
        """The project's corrections, newest first (the file's order within a day)."""
        lang, story = self.lang, self.data.project
        lines = []
        for correction in sorted(story.corrections, key=lambda c: c.date, reverse=True):
            change = in_language(correction.change, lang.code, story.language) or ""
            reason = in_language(correction.reason, lang.code, story.language) or ""
            lines.append(CorrectionLine(correction.date.isoformat(),
                                        lang("correction", date=lang.date(correction.date), change=change,
                                             reason=reason), change, reason))
        return tuple(lines)

    def when_of(self, fact: Fact) -> When:
        return ((self.company_switch[fact.supplier],),)

    def _named(self, country) -> CountryView:
        data, lang = self.data, self.lang
        candidates: list[tuple[int, When]] = []
        roles = []
        for role in country.roles:
            facts = [f for f in country.facts if f.role == role]
            keys = tuple(dict.fromkeys(self.company_switch[f.supplier] for f in facts))
            candidates.append((self.role_row[role], (keys,)))
            ids = list(dict.fromkeys(f.supplier for f in facts if f.supplier))
            roles.append(RoleLine(((keys,)), role_label(data, lang, role),
                                  ", ".join(data.supplier_name(i) or "" for i in ids)))
        datasets = self._dataset_lines(country.iso3)
        candidates += self._dataset_candidates(country.iso3)
        return CountryView(country.iso3, self.names[country.iso3], tuple(candidates),
                           tuple(self._fact(f) for f in country.facts), tuple(roles), datasets,
                           summary=lang("with_sources", facts=lang.count("fact", len(country.facts))))

    def _dataset_only(self, iso3: str) -> CountryView:
        return CountryView(iso3, self.names[iso3], tuple(self._dataset_candidates(iso3)),
                           datasets=self._dataset_lines(iso3))

    def _dataset_index(self, dataset) -> int:
        return next(i for i, d in enumerate(self.data.datasets) if d is dataset)

    def _dataset_when(self, mention) -> When:
        layer = (self.dataset_switch[self._dataset_index(mention.dataset)],)
        companies = tuple(self.company_switch[s] for s in mention.country.suppliers if s in self.company_switch)
        return (layer, companies or (self.company_switch[None],))

    def _unpainted_when(self, mention) -> When:
        """A grey country's dataset line shows while its layer is on (and, where the map has a
        switch for one of the companies its row names, while one of them is on)."""
        layer = (self.dataset_switch[self._dataset_index(mention.dataset)],)
        companies = tuple(self.company_switch[s] for s in mention.country.suppliers if s in self.company_switch)
        return (layer, companies) if companies else (layer,)

    def _dataset_candidates(self, iso3: str) -> list[tuple[int, When]]:
        return [(self.dataset_row[self._dataset_index(m.dataset)], self._dataset_when(m))
                for m in self.data.mentions.get(iso3, [])]

    def _dataset_lines(self, iso3: str) -> tuple[DatasetLine, ...]:
        """One line per dataset (edition) naming the country: under the blue's swatch where it
        colours it, under the grey's where its paint_if leaves it grey, saying why."""
        data, lang = self.data, self.lang
        lines = [DatasetLine(self._dataset_when(m), self.dataset_row[self._dataset_index(m.dataset)],
                             lang("dataset_in", dataset=m.dataset.label), self._companies(m), self._rows(m))
                 for m in data.mentions.get(iso3, [])]
        lines += [DatasetLine(self._unpainted_when(m), self.grey_row,
                              lang("dataset_unpainted", dataset=m.dataset.label, column=m.dataset.recipe.paint_if),
                              self._companies(m), self._rows(m))
                  for m in data.unpainted.get(iso3, [])]
        return tuple(lines)

    def _companies(self, mention) -> str:
        """"Companies: A, B", and those the row lists in their own home country, which the home
        rule leaves uncounted."""
        data, lang = self.data, self.lang
        names = ", ".join(data.supplier_name(s) or "" for s in mention.country.suppliers)
        text = f'{lang("dataset_suppliers")} {names}' if names else ""
        at_home = [] if mention.dataset.recipe.count_home else mention.country.at_home
        if at_home:
            home = lang("dataset_at_home", companies=", ".join(data.supplier_name(s) or "" for s in at_home))
            text = f"{text} {home}" if text else home
        return text

    def _rows(self, mention) -> str:
        lang, rows = self.lang, mention.country.rows
        text = f"{mention.dataset.path.name}, " + lang("dataset_rows", rows=", ".join(map(str, rows[:DATASET_ROWS_SHOWN])))
        if len(rows) > DATASET_ROWS_SHOWN:
            text += " " + lang.count("dataset_more_rows", len(rows) - DATASET_ROWS_SHOWN)
        return text

    def _with_outlines(self, countries: list[CountryView]) -> list[CountryView]:
        """Every country with the outline switches that draw its border; a member that nothing
        colours is listed too, without candidates, so its border can be drawn."""
        outlines: dict[str, list[int]] = {}
        for switch, membership in zip(self.outline_switch, self.data.memberships):
            for iso3 in membership.current():
                outlines.setdefault(iso3, []).append(switch)
        listed = {c.iso3 for c in countries}
        extra = [CountryView(iso3, self.names.get(iso3, iso3), ()) for iso3 in outlines
                 if iso3 not in listed and iso3 in self.names]
        return [dataclasses.replace(c, outlines=tuple(outlines.get(c.iso3, ()))) for c in countries + extra]

    def _fact(self, fact: NamedFact) -> FactLine:
        return FactLine(self.when_of(fact), self.role_row[fact.role], fact.claim, captions.figure(self.lang, fact),
                        self.data.supplier_name(fact.supplier) or "", self._source(fact))

    def claim(self, claim) -> ClaimView:
        data, lang = self.data, self.lang
        return ClaimView(self.when_of(claim), claim.id, captions.figure(lang, claim),
                         data.supplier_name(claim.supplier) or "", claim.claim, self._source(claim),
                         tuple(captions.check_line(lang, data, claim, check)
                               for check in data.reconciliations.get(claim.id, [])))

    def _source(self, fact: Fact) -> SourceLine:
        lang, source = self.lang, self.data.facts.sources[fact.source]
        return SourceLine(self.source_index[fact.source], lang("source"), captions.source_label(lang, source),
                          source.url, fact.evidence, captions.quoted(lang, fact.evidence) if fact.evidence else "",
                          captions.fact_date(lang, fact), captions.evidence_note(lang, self.data, fact))

    def _long_switch_list(self) -> bool:
        return sum(switch.kind == "company" for switch in self.switches) > LONG_SWITCH_LIST

    def _switch_groups(self) -> tuple[SwitchGroup, ...]:
        """The company switches as the panel lists them. A short list is one group, as it was
        built. A long one is grouped by the companies' home country (most companies first, home
        not stated last), and in each group the companies only a dataset names (no country of the
        articles, no claim) are folded: the list fits a screen and every switch stays reachable."""
        lang, suppliers = self.lang, self.data.facts.suppliers
        companies = [(number, switch) for number, switch in enumerate(self.switches) if switch.kind == "company"]
        unnamed = tuple(number for number, switch in enumerate(self.switches) if switch.kind == "no_company")
        tail = (SwitchGroup("", unnamed, search=(_folded(self.switches[unnamed[0]].label),)),) if unnamed else ()
        if not self._long_switch_list():
            return (SwitchGroup("", tuple(n for n, _ in companies),
                                search=tuple(_folded(s.label) for _, s in companies)),) + tail if companies else tail
        counts = self.data.supplier_counts()
        by_home: dict[str | None, list[tuple[int, Switch]]] = {}
        for number, switch in companies:
            by_home.setdefault(suppliers[switch.supplier].home_iso3, []).append((number, switch))
        homes = sorted(by_home, key=lambda home: (home is None, -len(by_home[home]), self._home_name(home)))
        groups = []
        for home in homes:
            members = by_home[home]
            folded = lang.sorted_names([(n, s) for n, s in members if not any(counts[s.supplier][:2])],
                                       key=lambda item: item[1].label)
            shown = [(n, s) for n, s in members if any(counts[s.supplier][:2])]
            heading = (lang("switch_group_home", country=self._home_name(home)) if home
                       else lang("switch_group_no_home")) + f" ({lang.number(len(members))})"
            search = tuple(_folded(" ".join((s.label, *suppliers[s.supplier].aliases))) for _, s in shown + folded)
            groups.append(SwitchGroup(heading, tuple(n for n, _ in shown), tuple(n for n, _ in folded),
                                      lang("switch_group_folded", n=lang.number(len(folded))) if folded else "",
                                      search))
        return tuple(groups) + tail

    def _home_name(self, iso3: str | None) -> str:
        return self.names.get(iso3, "") or self.data.country_name(iso3) if iso3 else ""

    def _summary(self) -> str:
        lang, (countries, claims, dataset_countries) = self.lang, self.data.totals()
        text = lang("counts", countries=lang.count("country", countries), claims=lang.count("claim", claims))
        return text + (f"; {lang('dataset_count', n=lang.number(dataset_countries))}" if dataset_countries else "")

    def _words(self) -> dict[str, Any]:
        lang = self.lang
        words = {name: lang.template(key) for name, key in WORDS.items()}
        words["datasetCountriesTitle"] += f" ({lang.number(len(self.data.dataset_only()))})"
        return words


def _folded(text: str) -> str:
    """Words as the filter box compares them: lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The words of the panel and of the page's script, by the name they are used under.
WORDS = {
    "panelLabel": "panel_label", "legendTitle": "legend_title", "switchesTitle": "suppliers_title",
    "switchesNote": "switches_note", "allOn": "all_on", "allOff": "all_off", "layersTitle": "datasets_title",
    "layersNote": "datasets_note", "aggregateTitle": "aggregate_title", "aggregateNote": "aggregate_note",
    "noneSelected": "none_selected", "namedTitle": "named_title", "namedNote": "named_note",
    "datasetCountriesTitle": "dataset_countries_title", "noscript": "noscript", "getData": "get_data",
    "source": "source", "noFact": "no_fact", "switchedOff": "switched_off", "more": "more",
    "zoomIn": "zoom_in", "zoomOut": "zoom_out", "allFacts": "all_facts", "evidenceUnchecked": "evidence_unchecked",
    "skippedTitle": "skipped_title", "galleryTitle": "gallery_title", "galleryNote": "gallery_note", "openMap": "open_map",
    "filterLabel": "switch_filter", "filterStatus": "switch_filter_status",
    "panUp": "pan_up", "panDown": "pan_down", "panLeft": "pan_left", "panRight": "pan_right",
    "searchLabel": "search_label", "searchNone": "search_none", "keysNote": "keys_note", "countryHeading": "country_heading",
    "correctionsTitle": "corrections_title",
}
