"""Join named facts to boundaries. Aggregate claims are carried alongside and paint nothing."""
from __future__ import annotations

from dataclasses import dataclass

from mapgen.boundaries import Boundaries
from mapgen.errors import InputProblems, Problem
from mapgen.facts import ROLES, Fact, FactSet
from mapgen.suppliers import Supplier


@dataclass(frozen=True)
class PaintedCountry:
    """A country at least one source names, with every fact that names it."""

    iso3: str
    name: str
    facts: tuple[Fact, ...]

    @property
    def roles(self) -> list[str]:
        present = {fact.role for fact in self.facts}
        return [role for role in ROLES if role in present]

    @property
    def primary_role(self) -> str:
        """The role the country is painted with: the first of its roles in ROLES order."""
        return self.roles[0]

    @property
    def supplier_ids(self) -> list[str]:
        return list(dict.fromkeys(fact.supplier for fact in self.facts if fact.supplier))


@dataclass(frozen=True)
class MapData:
    facts: FactSet
    boundaries: Boundaries
    painted: list[PaintedCountry]
    aggregate: list[Fact]
    selected: list[Supplier]  # empty: no --supplier filter

    def supplier_name(self, supplier_id: str | None) -> str | None:
        return self.facts.suppliers[supplier_id].name if supplier_id else None


def join(facts: FactSet, boundaries: Boundaries, selected: list[Supplier] | None = None) -> MapData:
    """Group named facts by country and check every country has a boundary to paint."""
    selected = selected or []
    if selected:
        facts = facts.only_suppliers({supplier.id for supplier in selected})
    areas = boundaries.by_iso3()
    by_country: dict[str, list[Fact]] = {}
    problems = []
    for fact in facts.named:
        if fact.country.iso3 not in areas:
            problems.append(Problem(str(facts.path), fact.line,
                                    f'no Natural Earth boundary for "{fact.country.name}" ({fact.country.iso3})'))
            continue
        by_country.setdefault(fact.country.iso3, []).append(fact)
    if problems:
        raise InputProblems(problems)
    role_rank = {role: rank for rank, role in enumerate(ROLES)}
    painted = [
        PaintedCountry(iso3, areas[iso3].name,
                       tuple(sorted(country_facts, key=lambda f: (role_rank[f.role], f.line))))
        for iso3, country_facts in by_country.items()
    ]
    painted.sort(key=lambda country: country.name)
    return MapData(facts, boundaries, painted, facts.aggregate, selected)
