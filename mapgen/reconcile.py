"""Check an aggregate claim against a dataset: count what the claim counts, in the dataset.

A claim states what it counts in a small scope language, in the facts file's ``scope`` column:
terms ``key=value`` joined by ``&``. Keys:

- ``supplier=NAME``: the dataset names that supplier (catalogue name or alias) in the country;
- ``supplier_origin=COUNTRY``: a supplier from that country is present. Where the dataset's recipe
  maps the origin to a yes/no column (``[origins] China = "china_ai_tech"``), that column decides;
  else any named supplier whose home is that country counts;
- ``member=NAME``: the country is a member (e.g. ``BRI``), by the dataset's own column
  (``[memberships] BRI = "bri"``) and by each membership list of that name. Each source of
  membership gives its own count, so differing lists show side by side.
"""
from __future__ import annotations

from dataclasses import dataclass

from mapgen.countries import CountryResolver, UnknownCountry
from mapgen.datasets import Dataset, Membership

KEYS = ("supplier", "supplier_origin", "member")


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    key: str
    value: str


@dataclass(frozen=True)
class Reconciliation:
    dataset: str  # the dataset's label
    membership: str | None  # where membership came from, when the scope has a member term
    count: int
    countries: tuple[str, ...]
    denominator: int | None  # members counted in the same source, when the claim has a denominator
    verdict: str


def parse_scope(text: str) -> list[Term]:
    terms = []
    for part in text.split("&"):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise ScopeError(f'scope term "{part.strip()}" is not key=value')
        if key not in KEYS:
            raise ScopeError(f'scope key "{key}" is not one of {", ".join(KEYS)}')
        terms.append(Term(key, value))
    return terms


def reconcile(terms: list[Term], value: float, denominator: float | None, qualifier: str,
              dataset: Dataset, memberships: list[Membership], resolver: CountryResolver,
              catalogue) -> list[Reconciliation]:
    """One reconciliation per source of membership (just one where the scope has no member term)."""
    base = set(dataset.countries)
    for term in terms:
        if term.key == "supplier":
            base &= _with_supplier(dataset, catalogue, term.value)
        elif term.key == "supplier_origin":
            base &= _with_origin(dataset, catalogue, resolver, term.value)
    member_terms = [t for t in terms if t.key == "member"]
    if not member_terms:
        return [_result(dataset, None, base, None, value, qualifier)]
    results = []
    for source, members in _member_sources(dataset, memberships, member_terms[0].value):
        counted = base & members
        results.append(_result(dataset, source, counted, len(members) if denominator else None, value, qualifier))
    return results


def verdict_gap(count: int, value: float, qualifier: str) -> int:
    """0 when the count bears the claim out; otherwise how many the dataset has over (+) or under (-)."""
    value = int(value)
    if qualifier == "at_least":
        return 0 if count >= value else count - value
    if qualifier == "about" and abs(count - value) <= max(1, round(value * 0.1)):
        return 0
    return count - value


def verdict(count: int, value: float, qualifier: str) -> str:
    """"holds", "one short", "9 over"."""
    gap = verdict_gap(count, value, qualifier)
    if gap == 0:
        return "holds"
    word = {1: "one", 2: "two", 3: "three"}.get(abs(gap), str(abs(gap)))
    return f"{word} short" if gap < 0 else f"{word} over"


def _result(dataset, source, countries, denominator, value, qualifier) -> Reconciliation:
    return Reconciliation(dataset.recipe.label, source, len(countries), tuple(sorted(countries)), denominator,
                          verdict(len(countries), value, qualifier))


def _with_supplier(dataset: Dataset, catalogue, name: str) -> set[str]:
    supplier = catalogue.find(name)
    if supplier is None:
        return set()
    return {iso3 for iso3, country in dataset.countries.items() if supplier.id in country.suppliers}


def _with_origin(dataset: Dataset, catalogue, resolver: CountryResolver, origin: str) -> set[str]:
    try:
        home = resolver.resolve(origin).iso3
    except UnknownCountry as err:
        raise ScopeError(str(err)) from None
    for name, column in dataset.recipe.origins.items():
        if resolver.resolve(name).iso3 == home:
            return dataset.flagged(column)
    return {iso3 for iso3, country in dataset.countries.items()
            if any(catalogue[s].home_iso3 == home for s in country.suppliers)}


def _member_sources(dataset: Dataset, memberships: list[Membership], name: str):
    column = dataset.recipe.memberships.get(name)
    if column:
        yield f"{dataset.recipe.title}, column {column}", dataset.flagged(column)
    for membership in memberships:
        if membership.name == name:
            when = f" as of {membership.as_of.isoformat()}" if membership.as_of else ""
            yield f"{membership.recipe.title} ({membership.recipe.publisher}){when}", membership.current()
