"""Resolve the many ways people write a country to one ISO 3166 alpha-3 code.

pycountry knows the ISO names, official names, common names and codes; a documented alias
table (``data/countries/aliases.csv``) adds the rest: "Ivory Coast", "Burma/Myanmar", "UAE",
"DR Congo", Kosovo (XKX, which ISO lacks) and so on. Matching ignores case, accents and
punctuation, so "Cote d'Ivoire" and "Côte d’Ivoire" meet.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycountry

from mapgen.errors import InputProblems, Problem, shown
from mapgen.names import Suggestions, normalise
from mapgen.paths import DEFAULT_ALIASES, data_path
from mapgen.tables import read_table


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str


class UnknownCountry(ValueError):
    def __init__(self, value: str, suggestion: str | None):
        self.value = value
        self.suggestion = suggestion
        hint = f'; did you mean "{shown(suggestion)}"?' if suggestion else ""
        super().__init__(f'unknown country "{shown(value)}"{hint}')


class CountryResolver:
    """Looks names and codes up in pycountry and an alias table."""

    def __init__(self, aliases: dict[str, str] | None = None):
        self._index: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._display: dict[str, str] = {}  # normalised key -> a spelling to suggest
        self._suggestions: Suggestions | None = None
        for country in pycountry.countries:
            self._names[country.alpha_3] = getattr(country, "common_name", None) or country.name
            for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    self._add(value, country.alpha_3)
        for alias, iso3 in (aliases or {}).items():
            self._names.setdefault(iso3, alias)
            self._add(alias, iso3)

    def _add(self, spelling: str, iso3: str) -> None:
        key = normalise(spelling)
        self._index.setdefault(key, iso3)
        self._display.setdefault(key, spelling)

    @classmethod
    def from_file(cls, path: Path | None = None) -> CountryResolver:
        return cls(read_aliases(path or data_path(DEFAULT_ALIASES)))

    def name(self, iso3: str) -> str:
        return self._names.get(iso3, iso3)

    def resolve(self, text: str) -> Country:
        iso3 = self._index.get(normalise(text))
        if iso3 is None:
            raise UnknownCountry(text, self.suggest(text))
        return Country(iso3, self.name(iso3))

    def suggest(self, text: str) -> str | None:
        """The closest known spelling, computed once per distinct value and capped (names.Suggestions)."""
        if self._suggestions is None:
            # Codes of two or three letters are too alike to suggest one for another.
            self._suggestions = Suggestions((s for k, s in self._display.items() if len(k) > 3), cutoff=0.75)
        return self._suggestions.closest(text)


def read_aliases(path: Path) -> dict[str, str]:
    """The alias table; an alias given twice is refused, since either reading could be meant."""
    aliases: dict[str, str] = {}
    first_line: dict[str, int] = {}
    problems = []
    for row in read_table(path, ("alias", "iso3")):
        key = normalise(row.get("alias"))
        if key in first_line:
            problems.append(Problem(str(path), row.line, f'alias "{shown(row.get("alias"))}" again '
                                                         f"(first on line {first_line[key]})"))
        first_line[key] = row.line
        aliases[row.get("alias")] = row.get("iso3").upper()
    if problems:
        raise InputProblems(problems)
    return aliases
