"""The supplier catalogue: each company's canonical name, its aliases and its home country."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mapgen.countries import CountryResolver, UnknownCountry
from mapgen.errors import InputProblems, MapgenError, Problem, shown
from mapgen.names import Catalogue, clashes, slug
from mapgen.tables import listed, read_table


@dataclass(frozen=True)
class Supplier:
    id: str
    name: str
    aliases: tuple[str, ...]
    home_iso3: str | None
    # "catalogue" (suppliers.csv), "dataset" (a company only a dataset names, home unknown) or
    # "group" (a dataset's token for several companies, e.g. "Mult": several Chinese firms)
    kind: str = "catalogue"


class UnknownSupplier(MapgenError):
    pass


class SupplierCatalogue(Catalogue[Supplier]):
    """Suppliers from suppliers.csv, and the companies and groups datasets add."""

    def add_unknown(self, name: str) -> Supplier:
        """A company a dataset names but the catalogue lacks: a supplier of its own, home unknown."""
        supplier = Supplier(self._free_id(name), name.strip(), (), None, "dataset")
        self.add(supplier, name)
        return supplier

    def add_group(self, token: str, label: str, home_iso3: str | None) -> Supplier:
        """A dataset's token for several unnamed companies (e.g. "Mult"), shown as its label."""
        existing = self.find(f"{label} ({token})")
        if existing:
            return existing
        supplier = Supplier(self._free_id(f"group {token}"), f"{label} (\u201c{token}\u201d)", (token, label),
                            home_iso3, "group")
        self.add(supplier)
        return supplier

    def _free_id(self, name: str) -> str:
        return slug(name, self.entries, fallback="supplier")

    def select(self, names: tuple[str, ...] | list[str]) -> list[Supplier]:
        """The suppliers a ``--supplier`` filter names; an unknown one is an error listing all."""
        chosen: list[Supplier] = []
        for name in names:
            supplier = self.find(name)
            if supplier is None:
                known = listed([supplier.name for supplier in self])
                raise UnknownSupplier(f'unknown supplier "{shown(name)}"{self.did_you_mean(name)}; '
                                      f"known suppliers: {known}")
            if supplier not in chosen:
                chosen.append(supplier)
        return chosen


def load_suppliers(path: Path, resolver: CountryResolver) -> SupplierCatalogue:
    rows = read_table(path, ("id", "name", "aliases", "home_country"))
    problems: list[Problem] = []
    suppliers: list[Supplier] = []
    seen: dict[str, int] = {}
    for row in rows:
        supplier_id, name = row.get("id"), row.get("name")
        if not supplier_id or not name:
            problems.append(Problem(str(path), row.line, "a supplier needs an id and a name"))
            continue
        if supplier_id in seen:
            first = seen[supplier_id]
            problems.append(Problem(str(path), row.line, f'duplicate supplier id "{shown(supplier_id)}" (first on line {first})'))
            continue
        seen[supplier_id] = row.line
        home = row.get("home_country")
        home_iso3 = None
        if home:
            try:
                home_iso3 = resolver.resolve(home).iso3
            except UnknownCountry as err:
                problems.append(Problem(str(path), row.line, str(err)))
        aliases = tuple(alias.strip() for alias in row.get("aliases").split(";") if alias.strip())
        suppliers.append(Supplier(supplier_id, name, aliases, home_iso3))
    lines = {supplier.id: seen[supplier.id] for supplier in suppliers}
    problems += clash_problems(path, "supplier", [(lines[s.id], s.id, (s.name, *s.aliases)) for s in suppliers])
    if problems:
        raise InputProblems(sorted(problems, key=lambda problem: problem.line or 0))
    return SupplierCatalogue(suppliers)


def clash_problems(path: Path, what: str, entries: list[tuple[int, str, tuple[str, ...]]]) -> list[Problem]:
    """A problem for each name, alias or id that would find two entries of a catalogue."""
    return [Problem(str(path), line, f'"{shown(spelling)}" would name {what} "{shown(other)}" (line {first}) as well; '
                                     f"a name, alias or id (any case, accents or punctuation) names one {what} only")
            for line, spelling, other, first in clashes(entries)]
