"""Bring your own dataset: country-level supplier tables and membership lists.

A dataset is a CSV, TSV or XLSX table; a recipe (mapgen.recipes) or column options (api.recipe) say
which column holds the country, where the suppliers are, which yes/no columns to keep as flags,
and where the dataset came from. Two kinds:

- ``suppliers``: a country column, and suppliers as one delimited column ("Axis, Bosch, Dahua"),
  as several columns (``Company 1`` .. ``Company N``), or one row per country and supplier;
- ``membership``: a list of members (e.g. Belt and Road participants) with optional join and
  exit dates, kept as of a date.

Every cell is accounted for (``Dataset.account``): columns without a header, or with a header
used twice, are kept apart under numbered names and never merged; cells that mean "no company"
(empty, 0, -, n/a, ...) name no supplier; a token standing for several companies ("Mult") is
kept as a group; and every non-empty cell no recipe key reads is counted, so it can be reported.
"""
from __future__ import annotations

import datetime
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from mapgen import consistency
from mapgen.countries import CountryResolver, UnknownCountry
from mapgen.errors import MapgenError, Problem, shown
from mapgen.recipes import Recipe
from mapgen.suppliers import SupplierCatalogue
from mapgen.tables import Table, read_any_table

TRUE_FLAGS = {"1", "yes", "y", "true", "x", "✔", "✓", "✔️"}
FALSE_FLAGS = {"", "0", "no", "n", "false", "-", "–"}
EXAMPLES_SHOWN = 3


class DatasetError(MapgenError):
    """A dataset cannot be used; the message names file, row and value."""


@dataclass
class UnusedColumn:
    """Non-empty cells of a column that no recipe key reads."""

    column: str
    count: int
    examples: list[str]

    def __str__(self) -> str:
        examples = ", ".join(f'"{shown(e, 30)}"' for e in self.examples)
        return f'column "{shown(self.column)}": {self.count} non-empty cell(s) unused (e.g. {examples})'


@dataclass
class Account:
    """What became of every row and cell of a dataset."""

    rows_read: int = 0
    rows_mapped: int = 0
    skipped: list[Problem] = field(default_factory=list)  # rows whose country did not resolve
    excluded: list[str] = field(default_factory=list)  # countries the recipe excludes (a list's host)
    columns_used: list[str] = field(default_factory=list)
    declared_unused: list[str] = field(default_factory=list)  # the recipe's ``unused``
    unused: list[UnusedColumn] = field(default_factory=list)
    nothing_cells: int = 0  # supplier cells that name no company ("", "0", "-", ...)
    groups: dict[str, int] = field(default_factory=dict)  # group token -> cells
    unknown_companies: dict[str, int] = field(default_factory=dict)  # company -> rows, not in the catalogue
    # company -> rows listing it in its own home country: never counted among the countries it supplies
    at_home: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # cells that look misread (see mapgen.consistency)


@dataclass
class DatasetCountry:
    iso3: str
    written: str
    rows: list[int]
    suppliers: list[str] = field(default_factory=list)  # supplier ids (groups included)
    flags: dict[str, bool] = field(default_factory=dict)
    at_home: list[str] = field(default_factory=list)  # supplier ids listed here, their home country


@dataclass
class Dataset:
    recipe: Recipe
    path: Path
    countries: dict[str, DatasetCountry]
    account: Account = field(default_factory=Account)
    origin_columns: dict[str, str] = field(default_factory=dict)  # supplier home (ISO code) -> flag column

    @property
    def skipped(self) -> list[Problem]:
        return self.account.skipped

    def flagged(self, column: str) -> set[str]:
        """Countries whose ``column`` says yes; for an origin column, never the origin itself
        (a country is not counted among those with technology from itself)."""
        homes = set() if self.recipe.count_home else {
            home for home, origin_column in self.origin_columns.items() if origin_column == column}
        return {iso3 for iso3, country in self.countries.items() if country.flags.get(column) and iso3 not in homes}

    @property
    def series(self) -> str:
        """The name every edition of this table shares (the recipe's ``series``, else its title)."""
        return self.recipe.series_name

    @property
    def edition(self) -> str | None:
        """Which edition this is (the recipe's ``edition``, else its ``year``), None if unstated."""
        return self.recipe.edition_name

    @property
    def edition_label(self) -> str:
        """Series and edition in a few words, e.g. "AI Global Surveillance Index 2019"."""
        return f"{self.series} {self.edition}" if self.edition else self.series

    @property
    def label(self) -> str:
        """The edition and who published it, as popups and checks cite it."""
        publisher = self.recipe.publisher
        return f"{self.edition_label} ({publisher})" if publisher != "not stated" else self.edition_label

    def supplier_countries(self) -> dict[str, int]:
        """Per supplier id: the countries this dataset names it in (its home left out, see the home rule)."""
        counts: dict[str, int] = {}
        for country in self.countries.values():
            for supplier_id in country.suppliers:
                counts[supplier_id] = counts.get(supplier_id, 0) + 1
        return counts

    def painted(self) -> set[str]:
        """The countries the map colours: all, or those whose ``paint_if`` column says yes.
        Claims are still checked against every row."""
        return self.flagged(self.recipe.paint_if) if self.recipe.paint_if else set(self.countries)

    def supplier_ids(self) -> set[str]:
        return {s for country in self.countries.values() for s in country.suppliers}


Dates = tuple[datetime.date | None, datetime.date | None, int]  # join, exit, row


@dataclass
class Membership:
    recipe: Recipe
    path: Path
    members: dict[str, Dates]
    as_of: datetime.date | None
    account: Account = field(default_factory=Account)

    @property
    def name(self) -> str:
        return self.recipe.name

    @property
    def skipped(self) -> list[Problem]:
        return self.account.skipped

    def current(self) -> set[str]:
        """Members at ``as_of`` (all listed members without a date): joined by then, not yet left.

        A member with no join date is left out when ``as_of`` is given: the list cannot say
        whether it had joined by then. ``undated()`` gives them, so both counts can be shown.
        """
        if self.as_of is None:
            return {iso3 for iso3, (_, left, _) in self.members.items() if left is None}
        return {iso3 for iso3, (joined, left, _) in self.members.items()
                if joined is not None and joined <= self.as_of and not self._left(left)}

    def undated(self) -> set[str]:
        """Members with no join date that had not left by ``as_of`` (empty without ``as_of``)."""
        if self.as_of is None:
            return set()
        return {iso3 for iso3, (joined, left, _) in self.members.items() if joined is None and not self._left(left)}

    def _left(self, left: datetime.date | None) -> bool:
        return left is not None and self.as_of is not None and left <= self.as_of


# --- importing -----------------------------------------------------------------------------

def load_dataset(path: Path, recipe: Recipe, resolver: CountryResolver, catalogue: SupplierCatalogue,
                 skip_unresolved: bool = False) -> Dataset:
    """Read a supplier table; unknown companies and group tokens are added to ``catalogue``.

    A company listed in its own home country is tallied (``Account.at_home``) and, unless the
    recipe says ``count_home = true``, left out there: it is not counted among the countries it
    supplies. Countries the recipe excludes are left out.
    """
    table = read_any_table(path)
    supplier_columns = _check_columns(table, recipe)
    groups = {group.token.casefold(): catalogue.add_group(group.token, group.label, _origin(recipe, group.origin,
                                                                                            resolver))
              for group in recipe.groups}
    origins = {_origin(recipe, name, resolver) or "": column for name, column in recipe.origins.items()}
    excluded = {_origin(recipe, name, resolver): name for name in recipe.exclude}
    account = _account(table, recipe, supplier_columns)
    rows = consistency.RowChecks(table.path, recipe, supplier_columns, origins, catalogue,
                                 lambda cell: cell.strip().casefold() in TRUE_FLAGS, account.warnings)
    countries: dict[str, DatasetCountry] = {}
    listed: dict[str, set[str]] = {}  # supplier ids per country, for a membership test in constant time
    for number, values, iso3 in _resolved_rows(table, recipe, resolver, skip_unresolved, account):
        if iso3 in excluded:
            account.excluded.append(f"{excluded[iso3]} (row {number})")
            continue
        entry = countries.setdefault(iso3, DatasetCountry(iso3, values.get(recipe.country, ""), []))
        entry.rows.append(number)
        for column in _flag_columns(recipe):
            entry.flags[column] = entry.flags.get(column, False) or _flag(table.path, number, column,
                                                                          values.get(column, ""))
        rows.cells(number, values)
        for name in _supplier_names(values, recipe, supplier_columns, account):
            supplier = groups.get(name.casefold()) or catalogue.find(name) or catalogue.add_unknown(name)
            if supplier.kind != "catalogue":
                tally = account.groups if supplier.kind == "group" else account.unknown_companies
                tally[supplier.name] = tally.get(supplier.name, 0) + 1
            rows.supplier(number, iso3, values, supplier)
            if supplier.home_iso3 == iso3:
                account.at_home[supplier.name] = account.at_home.get(supplier.name, 0) + 1
                entry.at_home.append(supplier.id)
                if not recipe.count_home:
                    continue
            if supplier.id not in listed.setdefault(iso3, set()):
                listed[iso3].add(supplier.id)
                entry.suppliers.append(supplier.id)
    if not countries:
        raise DatasetError(f"{path}: no rows with a country")
    return Dataset(recipe, Path(path), countries, account, origins)


def load_membership(path: Path, recipe: Recipe, resolver: CountryResolver, as_of: datetime.date | None = None,
                    skip_unresolved: bool = False) -> Membership:
    table = read_any_table(path)
    _check_columns(table, recipe)
    account = _account(table, recipe, [])
    members: dict[str, Dates] = {}
    for number, values, iso3 in _resolved_rows(table, recipe, resolver, skip_unresolved, account):
        joined = _date(table.path, number, values.get(recipe.join or "", "")) if recipe.join else None
        left = _date(table.path, number, values.get(recipe.exit or "", "")) if recipe.exit else None
        members[iso3] = (joined, left, number)
    for excluded in recipe.exclude:
        iso3 = _origin(recipe, excluded, resolver)
        if iso3 and members.pop(iso3, None):
            account.excluded.append(excluded)
    if not members:
        raise DatasetError(f"{path}: no rows with a country")
    return Membership(recipe, Path(path), members, as_of, account)


def _origin(recipe: Recipe, written: str | None, resolver: CountryResolver) -> str | None:
    """A country the recipe itself names (an origin, a group's origin, an excluded host)."""
    if written is None:
        return None
    try:
        return resolver.resolve(written).iso3
    except UnknownCountry as err:
        raise DatasetError(f"{recipe.where}: {err}") from None


def _resolved_rows(table: Table, recipe: Recipe, resolver: CountryResolver, skip_unresolved: bool,
                   account: Account):
    """(row number, values, ISO code) of every row whose country resolves."""
    suggestions: dict[str, UnknownCountry] = {}
    for number, values in table.rows:
        account.rows_read += 1
        text = values.get(recipe.country, "")
        try:
            iso3 = resolver.resolve(text).iso3
        except UnknownCountry:
            # One suggestion per distinct value: a long table may repeat the same unknown name.
            err = suggestions.setdefault(text, UnknownCountry(text, resolver.suggest(text)))
            problem = Problem(str(table.path), number, str(err) if text.strip() else "no country")
            if not skip_unresolved:
                raise DatasetError(str(problem), option="skip_unresolved",
                                   hint="skip_unresolved=True skips such rows") from None
            account.skipped.append(problem)
            continue
        account.rows_mapped += 1
        yield number, values, iso3


def _check_columns(table: Table, recipe: Recipe) -> list[str]:
    """Every column the recipe names must exist; returns the supplier columns it matches."""
    listing = ", ".join(f'"{shown(h)}"' for h in table.header)
    if recipe.country not in table.header:
        raise DatasetError(f'{table.path}: no country column "{shown(recipe.country)}" (set by {recipe.where}); '
                           f"columns: {listing}")
    named = [recipe.suppliers_column, recipe.join, recipe.exit, *_flag_columns(recipe), *recipe.unused]
    for column in filter(None, named):
        if column not in table.header:
            raise DatasetError(f'{table.path}: {recipe.where} names column "{shown(column)}", which the file lacks; '
                               f"columns: {listing}")
    matched = [h for h in table.header if any(fnmatch.fnmatchcase(h, p) for p in recipe.supplier_columns)]
    if recipe.supplier_columns and not matched:
        raise DatasetError(f'{table.path}: no column matches {", ".join(recipe.supplier_columns)} '
                           f"(set by {recipe.where}); columns: {listing}")
    return matched


def _account(table: Table, recipe: Recipe, supplier_columns: list[str]) -> Account:
    """Start an account: which columns the recipe reads, and the non-empty cells of the others."""
    read = [recipe.country, recipe.suppliers_column, *supplier_columns, recipe.join, recipe.exit,
            *_flag_columns(recipe)]
    used = list(dict.fromkeys(filter(None, read)))
    account = Account(columns_used=used, declared_unused=list(recipe.unused))
    for column in table.header:
        if column in used or column in recipe.unused:
            continue
        cells = [values.get(column, "") for _, values in table.rows]
        filled = [cell for cell in cells if cell]
        if filled:
            account.unused.append(UnusedColumn(column, len(filled), list(dict.fromkeys(filled))[:EXAMPLES_SHOWN]))
    return account


def _flag_columns(recipe: Recipe) -> list[str]:
    columns = [*recipe.flags, *recipe.origins.values(), *recipe.memberships.values(), recipe.paint_if]
    return list(dict.fromkeys(filter(None, columns)))


def _supplier_names(values: dict[str, str], recipe: Recipe, columns: list[str], account: Account) -> list[str]:
    """The companies (and group tokens) a row names; cells that mean "nothing" are counted, not kept."""
    cells = [values.get(recipe.suppliers_column, "")] if recipe.suppliers_column else []
    cells += [values.get(column, "") for column in columns]
    pattern = "[" + re.escape(recipe.separators) + "]"
    names = []
    for cell in cells:
        for part in re.split(pattern, cell) if cell else [""]:
            name = recipe.aliases.get(part.strip(), part.strip())
            if name.casefold() in recipe.nothing:
                account.nothing_cells += 1
            else:
                names.append(name)
    return names


def _flag(path, number, column, text) -> bool:
    folded = text.strip().casefold()
    if folded in TRUE_FLAGS:
        return True
    if folded in FALSE_FLAGS:
        return False
    raise DatasetError(f'{path}:{number}: column {column} should be yes or no (1/0, yes/no, ✔), got "{shown(text)}"')


def _date(path, number, text) -> datetime.date | None:
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise DatasetError(f'{path}:{number}: not a date (YYYY-MM-DD): "{shown(text)}"') from None
