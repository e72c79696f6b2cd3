"""Check an aggregate claim against a dataset: count what the claim counts, in the dataset.

Each check is numbers only (the claim's figure, qualifier and denominator; the dataset's count
and denominator; the gap between them); captions word it in the map's language, always from the
article's side ("the article's figure is 1 higher").

- ``supplier=``: countries where the dataset names that supplier;
- ``supplier_origin=``: where the recipe maps that origin to a yes/no column
  (``[origins] China = "china_ai_tech"``), that column decides; else, only when the recipe says
  ``origins_from = "catalogue"``, any supplier (or group) whose home is that country in mapgen's
  supplier catalogue counts; else the claim is not checked (``unchecked = "no_origin_column"``).
  ``counted_by`` says which, and the check's words name it;
- the home rule: a company's home country is not counted among the countries it supplies, nor an
  origin among the countries with technology from it, unless the recipe says ``count_home = true``
  (``home`` names that country when the dataset lists it, so the words can say which rule held);
- ``member=``: by the dataset's own column (``[memberships] BRI = "bri"``) and by each membership
  list of that name; each source of membership gives its own check, so differing lists show side
  by side. A list with members of unknown join date gives the count with and without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mapgen import qualifiers
from mapgen.datasets import Dataset, Membership
from mapgen.facts import AggregateClaim
from mapgen.scopes import MembershipCatalogue
from mapgen.suppliers import SupplierCatalogue

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Check:
    """One claim counted in one dataset (and one source of membership)."""

    claim_id: str
    dataset: str  # the dataset's label: title (publisher, year)
    dataset_title: str
    dataset_year: str | None
    membership: str | None  # the membership list counted with, when the scope has a member term
    membership_column: str | None  # ... or the dataset's own column of members
    value: float
    qualifier: str
    claim_denominator: float | None
    claim_year: str | None
    count: int | None  # None when the dataset cannot count it (see ``unchecked``)
    denominator: int | None  # members in the same source, when the claim has a denominator
    countries: tuple[str, ...] = ()
    undated: int = 0  # members of unknown join date that would add to ``count``
    undated_members: int = 0  # ... and to ``denominator``
    unchecked: str | None = None  # why no count: "no_membership", "no_origin_column"
    membership_name: str | None = None
    origin: str | None = None  # the scope's supplier_origin (ISO code)
    counted_by: str = "rows"  # "rows" (the dataset's rows), "column" (origin_column), "catalogue"
    origin_column: str | None = None
    home: str | None = None  # the home country (ISO code) of the counted companies, when the dataset lists it
    home_counted: bool = False  # ... and whether it is counted (the recipe's count_home)

    @property
    def gap(self) -> int | None:
        """The article's figure minus the dataset's count: positive when the article's is higher."""
        return None if self.count is None else round(self.value) - self.count

    @property
    def holds(self) -> bool:
        return self.count is not None and qualifiers.holds(self.qualifier, self.value, self.count)

    @property
    def verdict(self) -> str:
        """"holds", "article_higher", "article_lower", "qualifier_fails" (the figures are equal
        but the source's word rules that out: "more than 10" against 10) or "not_checked"."""
        if self.count is None:
            return "not_checked"
        if self.holds:
            return "holds"
        if not self.gap:
            return "qualifier_fails"
        return "article_higher" if self.gap > 0 else "article_lower"

    @property
    def denominator_gap(self) -> int | None:
        """The claim's denominator minus the dataset's, when both are known."""
        if self.claim_denominator is None or self.denominator is None:
            return None
        return round(self.claim_denominator) - self.denominator

    @property
    def edition_differs(self) -> bool:
        return bool(self.claim_year and self.dataset_year and self.claim_year != self.dataset_year)


def year_of(*texts: str) -> str | None:
    """The first year written in any of ``texts`` ("2019-09 (public record)" -> "2019")."""
    for text in texts:
        found = YEAR.search(text or "")
        if found:
            return found.group(1)
    return None


def reconcile(claim: AggregateClaim, source_date: str, dataset: Dataset, memberships: list[Membership],
              catalogue: SupplierCatalogue, names: MembershipCatalogue) -> list[Check]:
    """One check per source of membership (just one where the scope has no member term)."""
    scope = claim.scope
    assert scope is not None and claim.value is not None
    base = set(dataset.countries)
    home = None
    if scope.supplier:
        base &= {iso3 for iso3, country in dataset.countries.items() if scope.supplier in country.suppliers}
        home = _listed_at_home(dataset, catalogue, catalogue[scope.supplier].home_iso3, {scope.supplier})
    counted_by, column = "rows", None
    if scope.origin:
        counted_by, column, with_origin = countries_with_origin(dataset, catalogue, scope.origin)
        base &= with_origin
        at_home = dataset.countries.get(scope.origin)
        if column and at_home and at_home.flags.get(column):
            home = scope.origin
        elif counted_by == "catalogue":
            home = _listed_at_home(dataset, catalogue, scope.origin, None) or home
    recipe = dataset.recipe
    check: dict[str, Any] = dict(claim_id=claim.id, dataset=dataset.label, dataset_title=dataset.edition_label,
                 dataset_year=year_of(dataset.edition or "", recipe.year), value=claim.value,
                 qualifier=claim.qualifier, claim_denominator=claim.denominator,
                 claim_year=year_of(claim.date, source_date), membership_name=scope.member, origin=scope.origin,
                 counted_by=counted_by, origin_column=column, home=home,
                 home_counted=recipe.count_home)
    if counted_by == "none":
        return [Check(**check, membership=None, membership_column=None, count=None, denominator=None,
                      unchecked="no_origin_column")]
    if not scope.member:
        return [Check(**check, membership=None, membership_column=None, count=len(base), denominator=None,
                      countries=tuple(sorted(base)))]
    results = []
    for label, column, members, undated in _member_sources(dataset, memberships, names, scope.member):
        counted = base & members
        denominator = len(members) if claim.denominator is not None else None
        results.append(Check(**check, membership=label, membership_column=column, count=len(counted),
                             denominator=denominator,
                             countries=tuple(sorted(counted)), undated=len(base & undated),
                             undated_members=len(undated) if denominator is not None else 0))
    if not results:
        results.append(Check(**check, membership=None, membership_column=None, count=None, denominator=None,
                             unchecked="no_membership"))
    return results


def countries_with_origin(dataset: Dataset, catalogue: SupplierCatalogue, home: str) -> tuple[str, str | None, set[str]]:
    """(counted by, origin column, countries): by the recipe's column for that origin, else by the
    supplier catalogue when the recipe says so, else ("none", None, nothing)."""
    column = dataset.origin_columns.get(home)
    if column:
        return "column", column, dataset.flagged(column)
    if dataset.recipe.origins_from != "catalogue":
        return "none", None, set()
    at_home = set() if dataset.recipe.count_home else {home}
    return "catalogue", None, {iso3 for iso3, country in dataset.countries.items()
                               if iso3 not in at_home and any(catalogue[s].home_iso3 == home for s in country.suppliers)}


def _listed_at_home(dataset: Dataset, catalogue: SupplierCatalogue, home: str | None,
                    suppliers: set[str] | None) -> str | None:
    """``home`` when its own row lists one of ``suppliers`` (None: any company from there)."""
    country = dataset.countries.get(home or "")
    if country is None:
        return None
    listed = {s for s in country.at_home if suppliers is None or s in suppliers}
    return home if listed and all(catalogue[s].home_iso3 == home for s in listed) else None


def _member_sources(dataset: Dataset, memberships: list[Membership], names: MembershipCatalogue, member: str):
    """(list label, dataset column, members, members of unknown join date) for each source that
    says who is a member."""
    def same(name: str) -> bool:
        found = names.find(name)
        return found is not None and found.id == member

    for name, column in dataset.recipe.memberships.items():
        if same(name):
            yield None, column, dataset.flagged(column), set()
    for membership in memberships:
        if same(membership.name):
            when = f", as of {membership.as_of.isoformat()}" if membership.as_of else ""
            label = f"{membership.recipe.title} ({membership.recipe.publisher}{when})"
            yield label, None, membership.current(), membership.undated()
