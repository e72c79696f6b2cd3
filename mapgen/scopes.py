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

import difflib
from dataclasses import dataclass
from pathlib import Path

from mapgen.countries import CountryResolver, UnknownCountry, normalise
from mapgen.errors import InputProblems, Problem, shown
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


class MembershipCatalogue:
    """The memberships scopes may name (``memberships.csv``: id, name, aliases)."""

    def __init__(self, entries: list[MembershipName]):
        self.entries = {entry.id: entry for entry in entries}
        self._lookup: dict[str, str] = {}
        for entry in entries:
            for spelling in (entry.id, entry.name, *entry.aliases):
                self._lookup.setdefault(normalise(spelling), entry.id)

    def find(self, name: str) -> MembershipName | None:
        found = self._lookup.get(normalise(name))
        return self.entries[found] if found else None

    def spellings(self) -> list[str]:
        return [spelling for entry in self.entries.values() for spelling in (entry.id, entry.name, *entry.aliases)]


def load_memberships(path: Path) -> MembershipCatalogue:
    rows = read_table(path, ("id", "name"))
    problems, entries = [], []
    for row in rows:
        if not row.get("id") or not row.get("name"):
            problems.append(Problem(str(path), row.line, "a membership needs an id and a name"))
            continue
        aliases = tuple(a.strip() for a in row.get("aliases").split(";") if a.strip())
        entries.append(MembershipName(row.get("id"), row.get("name"), aliases))
    if problems:
        raise InputProblems(problems)
    return MembershipCatalogue(entries)


def suggestion(text: str, spellings: list[str]) -> str:
    """'; did you mean "X"?' for the closest spelling, or nothing."""
    by_key = {normalise(s): s for s in spellings}
    close = difflib.get_close_matches(normalise(text), list(by_key), n=1, cutoff=0.6)
    return f'; did you mean "{shown(by_key[close[0]])}"?' if close else ""


def parse_scope(text: str, catalogue, resolver: CountryResolver, memberships: MembershipCatalogue) -> Scope:
    """Resolve a scope's terms; raise ScopeError naming the term and, where close, what was meant."""
    values: dict[str, str] = {}
    for part in text.split("&"):
        key, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or not value:
            raise ScopeError(f'scope term "{shown(part.strip())}" is not key=value (keys: {", ".join(KEYS)})')
        if key not in KEYS:
            raise ScopeError(f'scope key "{shown(key)}" is not one of {", ".join(KEYS)}{suggestion(key, list(KEYS))}')
        if key in values:
            raise ScopeError(f'scope key "{key}" is given twice')
        values[key] = _resolve(key, value, catalogue, resolver, memberships)
    return Scope(text, values.get("supplier"), values.get("supplier_origin"), values.get("member"))


def _resolve(key: str, value: str, catalogue, resolver: CountryResolver, memberships: MembershipCatalogue) -> str:
    if key == "supplier":
        supplier = catalogue.find(value)
        if supplier is None:
            spellings = [s for entry in catalogue for s in (entry.name, *entry.aliases)]
            raise ScopeError(f'scope names unknown supplier "{shown(value)}"{suggestion(value, spellings)}')
        return supplier.id
    if key == "supplier_origin":
        try:
            return resolver.resolve(value).iso3
        except UnknownCountry as err:
            raise ScopeError(f"scope supplier_origin: {err}") from None
    membership = memberships.find(value)
    if membership is None:
        raise ScopeError(f'scope names unknown membership "{shown(value)}"{suggestion(value, memberships.spellings())}'
                         " (memberships.csv lists them)")
    return membership.id
