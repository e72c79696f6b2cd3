"""Join named facts to boundaries. Aggregate claims are carried alongside and paint nothing."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapgen.boundaries import Boundaries, planar_box
from mapgen.datasets import Dataset, DatasetCountry, Membership
from mapgen.errors import InputProblems, MapgenError, Problem, shown
from mapgen.facts import AggregateClaim, FactSet, NamedFact
from mapgen.project import REGIONS, Project
from mapgen.reconcile import Check, reconcile
from mapgen.suppliers import Supplier


@dataclass(frozen=True)
class PaintedCountry:
    """A country at least one source names, with every fact that names it."""

    iso3: str
    name: str
    facts: tuple[NamedFact, ...]

    @property
    def roles(self) -> list[str]:
        """Its roles in the project's legend order (its facts are sorted so)."""
        return list(dict.fromkeys(fact.role for fact in self.facts))

    @property
    def primary_role(self) -> str:
        """The role the country is painted with: the first of its roles in legend order."""
        return self.roles[0]

    @property
    def supplier_ids(self) -> list[str]:
        return list(dict.fromkeys(fact.supplier for fact in self.facts if fact.supplier))


@dataclass(frozen=True)
class DatasetMention:
    """A country as one dataset names it: which rows, which suppliers."""

    dataset: Dataset
    country: DatasetCountry


@dataclass(frozen=True)
class SupplierRow:
    """A supplier and how much the map's inputs say of it."""

    supplier: Supplier
    named: int  # countries the articles name for it
    claims: int  # aggregate claims about it
    in_datasets: tuple[int, ...]  # countries each dataset (edition) names it in, in MapData.datasets order

    @property
    def any(self) -> bool:
        return bool(self.named or self.claims or any(self.in_datasets))


@dataclass(frozen=True)
class MapData:
    facts: FactSet
    boundaries: Boundaries
    painted: list[PaintedCountry]
    aggregate: list[AggregateClaim]
    selected: list[Supplier]  # empty: no supplier filter
    datasets: list[Dataset] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    mentions: dict[str, list[DatasetMention]] = field(default_factory=dict)  # iso3 -> datasets naming it
    reconciliations: dict[str, list[Check]] = field(default_factory=dict)  # claim id -> checks
    unmapped: list[Problem] = field(default_factory=list)  # dataset rows naming places with no boundary
    region: tuple[str, ...] = ()  # the countries the map opens on, when the project names them
    title_origin: str | None = None  # the ISO code of the project's title_origin
    # Countries a dataset names but does not colour (its paint_if column says no): their popups say
    # so, rather than "no fact". Empty under a supplier filter, where paint_if does not apply.
    unpainted: dict[str, list[DatasetMention]] = field(default_factory=dict)

    def supplier_name(self, supplier_id: str | None) -> str | None:
        return self.facts.suppliers[supplier_id].name if supplier_id else None

    def input_paths(self) -> list[Path]:
        """The files this data was read from or names, which no output may overwrite: the project
        file, the facts and the tables beside them, the source texts, datasets and recipes."""
        folder = self.facts.path.parent
        tables: list[Dataset | Membership] = [*self.datasets, *self.memberships]
        places = {folder, folder / "texts", *(p for p in (self.project.texts, self.facts.evidence.folder) if p)}
        texts = [place / source.file for source in self.facts.sources.values() if source.file for place in places]
        return [path for path in (self.project.path, self.facts.path, folder / "sources.csv", folder / "suppliers.csv",
                                  folder / "memberships.csv", *texts, *(table.path for table in tables),
                                  *(table.recipe.path for table in tables)) if path is not None]

    def _tally(self) -> tuple[dict[str, int], dict[str, int]]:
        """Per supplier id: countries the articles name on this map, and aggregate claims."""
        named: dict[str, int] = {}
        claims: dict[str, int] = {}
        for country in self.painted:
            for supplier_id in country.supplier_ids:
                named[supplier_id] = named.get(supplier_id, 0) + 1
        for fact in self.aggregate:
            if fact.supplier:
                claims[fact.supplier] = claims.get(fact.supplier, 0) + 1
        return named, claims

    def supplier_counts(self) -> dict[str, tuple[int, int, int]]:
        """Per supplier with anything on the map (only the selected ones under a filter), in
        catalogue order: (countries the articles name, aggregate claims, countries only a
        dataset colours). The map's supplier switches show these."""
        named, claims = self._tally()
        dataset: dict[str, int] = {}
        for iso3 in self.dataset_only():
            for supplier_id in self.dataset_suppliers(iso3):
                dataset[supplier_id] = dataset.get(supplier_id, 0) + 1
        chosen = {s.id for s in self.selected}
        return {s.id: (named.get(s.id, 0), claims.get(s.id, 0), dataset.get(s.id, 0)) for s in self.facts.suppliers
                if (s.id in named or s.id in claims or s.id in dataset) and (not chosen or s.id in chosen)}

    def supplier_table(self) -> list[SupplierRow]:
        """Every supplier in the catalogue (datasets' companies included), with its counts; dataset
        counts per edition, never added up across them."""
        named, claims = self._tally()
        per_dataset = [dataset.supplier_countries() for dataset in self.datasets]
        return [SupplierRow(s, named.get(s.id, 0), claims.get(s.id, 0), tuple(d.get(s.id, 0) for d in per_dataset))
                for s in self.facts.suppliers]

    def totals(self) -> tuple[int, int, int]:
        """Countries the articles colour, aggregate claims, countries only a dataset colours."""
        return len(self.painted), len(self.aggregate), len(self.dataset_only())

    @property
    def project(self) -> Project:
        return self.facts.project

    def view_box(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)) the map opens on: the project's region."""
        region = self.project.region
        if region.box:
            return region.box
        if not region.countries:
            return REGIONS[region.name]
        areas = self.boundaries.by_iso3()
        extents = [self.boundaries.extent(areas[iso3]) for iso3 in self.region]
        return ((min(e[0][0] for e in extents), min(e[0][1] for e in extents)),
                (max(e[1][0] for e in extents), max(e[1][1] for e in extents)))

    def planar_view_box(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The view box in the page's planar (Equal Earth) units."""
        region = self.project.region
        if region.is_world:
            return self.boundaries.planar_extent()
        if region.countries:
            return self.boundaries.planar_extent(set(self.region))
        return planar_box(self.view_box())

    def roles_in_use(self) -> list[str]:
        """The project's roles some coloured country has, in legend order."""
        used = {role for country in self.painted for role in country.roles}
        return [key for key in self.project.role_keys if key in used]

    def tables(self) -> list[Dataset | Membership]:
        """Every table loaded beside the facts: datasets, then membership lists."""
        return [*self.datasets, *self.memberships]

    def dataset_only(self) -> list[str]:
        """Countries a dataset colours that no article names, by name."""
        article = {country.iso3 for country in self.painted}
        return sorted((iso3 for iso3 in self.mentions if iso3 not in article), key=self.country_name)

    def dataset_suppliers(self, iso3: str) -> list[str]:
        """Supplier ids the datasets name in a country, in order of first mention."""
        return list(dict.fromkeys(s for m in self.mentions.get(iso3, []) for s in m.country.suppliers))

    def shown_sources(self) -> list[str]:
        """Ids of the sources of every fact on the map, in the sources table's order."""
        cited = {f.source for country in self.painted for f in country.facts} | {f.source for f in self.aggregate}
        return [source_id for source_id in self.facts.sources if source_id in cited]

    def country_name(self, iso3: str) -> str:
        area = self.boundaries.by_iso3().get(iso3)
        return area.name if area else self.facts.resolver.name(iso3)


def join(facts: FactSet, boundaries: Boundaries, selected: list[Supplier] | None = None,
         datasets: Sequence[Dataset] = (), memberships: Sequence[Membership] = ()) -> MapData:
    """Group named facts by country, check every country has a boundary to paint, and check
    aggregate claims that state a scope against each supplier dataset."""
    selected = selected or []
    region, title_origin = _region_countries(facts, boundaries), _title_origin(facts)
    reconciliations = _reconcile_all(facts, datasets, memberships)
    if selected:
        facts = facts.only_suppliers({supplier.id for supplier in selected})
    areas = boundaries.by_iso3()
    by_country: dict[str, list[NamedFact]] = {}
    problems = []
    for fact in facts.named:
        if fact.country.iso3 not in areas:
            problems.append(Problem(str(facts.path), fact.line,
                                    f'no Natural Earth boundary for "{fact.country.name}" ({fact.country.iso3})'))
            continue
        by_country.setdefault(fact.country.iso3, []).append(fact)
    if problems:
        raise InputProblems(problems)
    role_rank = {role: rank for rank, role in enumerate(facts.project.role_keys)}
    painted = [
        PaintedCountry(iso3, areas[iso3].name,
                       tuple(sorted(country_facts, key=lambda f: (role_rank[f.role], f.line))))
        for iso3, country_facts in by_country.items()
    ]
    painted.sort(key=lambda country: country.name)
    unmapped: list[Problem] = []
    unpainted: dict[str, list[DatasetMention]] = {}
    mentions = _mentions(datasets, areas, {s.id for s in selected}, unmapped, unpainted)
    return MapData(facts, boundaries, painted, facts.aggregate, selected, list(datasets), list(memberships),
                   mentions, reconciliations, unmapped, region, title_origin, unpainted)


def _region_countries(facts: FactSet, boundaries: Boundaries) -> tuple[str, ...]:
    """The ISO codes of the countries the project's map opens on; each must have a place of its
    own on the map (a shape or a dot), not be drawn inside another country."""
    where = f"{facts.project.path or facts.project.folder}: [region] countries"
    drawn = boundaries.drawn()
    codes = []
    for written in facts.project.region.countries:
        try:
            iso3 = facts.resolver.resolve(written).iso3
        except ValueError as err:
            raise MapgenError(f"{where}: {err}") from None
        if iso3 not in drawn:
            raise MapgenError(f'{where}: Natural Earth does not draw "{shown(written)}" on its own (it is part of '
                              "another country's shape, or left out); name the country that holds it, or give a box")
        codes.append(iso3)
    return tuple(codes)


def _title_origin(facts: FactSet) -> str | None:
    origin = facts.project.title_origin
    if origin is None:
        return None
    try:
        return facts.resolver.resolve(origin).iso3
    except ValueError as err:
        raise MapgenError(f"{facts.project.path or facts.project.folder}: title_origin: {err}") from None


def _mentions(datasets, areas, selected_ids: set[str], unmapped: list[Problem],
              unpainted: dict[str, list[DatasetMention]]) -> dict[str, list[DatasetMention]]:
    """Countries the datasets colour; those a dataset names but its ``paint_if`` leaves out go to
    ``unpainted``.

    The rule for ``paint_if``: it chooses the countries of the map of all companies. Under a
    supplier filter (a company's map) every country the dataset names for the chosen companies is
    coloured, whatever paint_if says: a company's map shows every country the dataset names for it.
    A place Natural Earth draws inside another country (Cocos Islands, say) cannot be coloured:
    it is still counted when claims are checked, and listed in ``unmapped``.
    """
    mentions: dict[str, list[DatasetMention]] = {}
    for dataset in datasets:
        painted = set(dataset.countries) if selected_ids else dataset.painted()
        for iso3, country in dataset.countries.items():
            if selected_ids and not selected_ids & set(country.suppliers):
                continue
            if iso3 not in areas:
                unmapped.append(Problem(str(dataset.path), country.rows[0],
                                        f'no Natural Earth boundary for "{country.written}": counted, not drawn'))
                continue
            shown = mentions if iso3 in painted else unpainted
            shown.setdefault(iso3, []).append(DatasetMention(dataset, country))
    return mentions


def _reconcile_all(facts: FactSet, datasets, memberships) -> dict[str, list[Check]]:
    results: dict[str, list[Check]] = {}
    for claim in facts.aggregate:
        if claim.scope is None:
            continue
        for dataset in datasets:
            results.setdefault(claim.id, []).extend(
                reconcile(claim, facts.sources[claim.source].date, dataset, list(memberships), facts.suppliers,
                          facts.memberships))
    return results
