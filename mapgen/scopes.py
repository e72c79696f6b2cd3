"""What an aggregate claim counts, in the facts file's ``scope`` column.

Terms ``key=value`` joined by ``&``, each key at most once:

- ``supplier=NAME``: the dataset names that supplier (catalogue name or alias) in the country;
- ``supplier_origin=COUNTRY``: a supplier from that country is present;
- ``member=NAME``: the country is a member of NAME (e.g. ``BRI``), a membership from
  ``memberships.csv``.

A scope is resolved when the facts load, so a misspelt supplier, country or membership is an
error with a suggestion, whether or not a dataset is there to check against.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mapgen.countries import CountryResolver, UnknownCountry
from mapgen.errors import InputProblems, Problem, shown
from mapgen.names import Catalogue, did_you_mean
from mapgen.suppliers import clash_problems
from mapgen.tables import read_table

KEYS = ("supplier", "supplier_origin", "member")


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    text: str  # as written
    supplier: str | None = None  # a supplier id
    origin: str | None = None  # an ISO 3166 alpha-3 code
    member: str | None = None  # a membership id


@dataclass(frozen=True)
class MembershipName:
    id: str
    name: str
    aliases: tuple[str, ...]


class MembershipCatalogue(Catalogue[MembershipName]):
    """The memberships scopes may name (``memberships.csv``: id, name, aliases)."""


def load_memberships(path: Path) -> MembershipCatalogue:
    rows = read_table(path, ("id", "name"))
    problems, entries = [], []
    seen: dict[str, int] = {}
    for row in rows:
        if not row.get("id") or not row.get("name"):
            problems.append(Problem(str(path), row.line, "a membership needs an id and a name"))
            continue
        if row.get("id") in seen:
            problems.append(Problem(str(path), row.line, f'duplicate membership id "{shown(row.get("id"))}" '
                                                         f"(first on line {seen[row.get('id')]})"))
            continue
        seen[row.get("id")] = row.line
        aliases = tuple(a.strip() for a in row.get("aliases").split(";") if a.strip())
        entries.append(MembershipName(row.get("id"), row.get("name"), aliases))
    problems += clash_problems(path, "membership", [(seen[e.id], e.id, (e.name, *e.aliases)) for e in entries])
    if problems:
        raise InputProblems(sorted(problems, key=lambda problem: problem.line or 0))
    return MembershipCatalogue(entries)


def parse_scope(text: str, catalogue, resolver: CountryResolver, memberships: MembershipCatalogue) -> Scope:
    """Resolve a scope's terms; raise ScopeError naming the term and, where close, what was meant."""
    values: dict[str, str] = {}
    for part in text.split("&"):
        key, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or not value:
            raise ScopeError(f'scope term "{shown(part.strip())}" is not key=value (keys: {", ".join(KEYS)})')
        if key not in KEYS:
            raise ScopeError(f'scope key "{shown(key)}" is not one of {", ".join(KEYS)}{did_you_mean(key, list(KEYS))}')
        if key in values:
            raise ScopeError(f'scope key "{key}" is given twice')
        values[key] = _resolve(key, value, catalogue, resolver, memberships)
    return Scope(text, values.get("supplier"), values.get("supplier_origin"), values.get("member"))


def _resolve(key: str, value: str, catalogue, resolver: CountryResolver, memberships: MembershipCatalogue) -> str:
    if key == "supplier":
        supplier = catalogue.find(value)
        if supplier is None:
            raise ScopeError(f'scope names unknown supplier "{shown(value)}"{catalogue.did_you_mean(value)}')
        return supplier.id
    if key == "supplier_origin":
        try:
            return resolver.resolve(value).iso3
        except UnknownCountry as err:
            raise ScopeError(f"scope supplier_origin: {err}") from None
    membership = memberships.find(value)
    if membership is None:
        raise ScopeError(f'scope names unknown membership "{shown(value)}"{memberships.did_you_mean(value)}'
                         " (memberships.csv lists them)")
    return membership.id
