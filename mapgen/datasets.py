"""Bring your own dataset: country-level supplier tables and membership lists.

A dataset is a CSV, TSV or XLSX table; a small TOML recipe (or command-line options) says which
column holds the country, where the suppliers are, which yes/no columns to keep as flags, and
where the dataset came from. Two kinds:

- ``suppliers``: a country column, and suppliers as one delimited column ("Axis, Bosch, Dahua"),
  as several columns (``Company 1`` .. ``Company N``), or one row per country and supplier;
- ``membership``: a list of members (e.g. Belt and Road participants) with optional join and
  exit dates, kept as of a date.

Country names go through the facts' resolver; company names through the supplier catalogue,
where an unknown company becomes a supplier of its own with its home country unknown.
"""
from __future__ import annotations

import csv
import datetime
import fnmatch
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mapgen.countries import CountryResolver, UnknownCountry
from mapgen.errors import MapgenError, Problem, shown
from mapgen.suppliers import SupplierCatalogue

KINDS = ("suppliers", "membership")
TRUE_FLAGS = {"1", "yes", "y", "true", "x", "✔", "✓", "✔️"}
FALSE_FLAGS = {"", "0", "no", "n", "false", "-", "–"}


class DatasetError(MapgenError):
    """A dataset or its recipe cannot be used; the message names file, row and value."""


@dataclass(frozen=True)
class Recipe:
    """How to read one dataset: its columns and where it came from."""

    title: str
    publisher: str = "not stated"
    year: str = "not stated"
    url: str = ""
    kind: str = "suppliers"
    country: str = "country"
    suppliers_column: str | None = None
    supplier_columns: tuple[str, ...] = ()  # names, or patterns such as "Company *"
    separators: str = ","
    ignore: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    paint_if: str | None = None  # a yes/no column: paint only the rows where it is yes
    origins: dict[str, str] = field(default_factory=dict)  # supplier home country -> flag column
    memberships: dict[str, str] = field(default_factory=dict)  # membership name -> flag column
    name: str = ""  # a membership list's name, e.g. "BRI"
    join: str | None = None
    exit: str | None = None
    exclude: tuple[str, ...] = ()  # countries a membership list holds but that are not members (its host)
    path: Path | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.publisher}, {self.year})"


@dataclass
class DatasetCountry:
    iso3: str
    written: str
    rows: list[int]
    suppliers: list[str] = field(default_factory=list)  # supplier ids
    flags: dict[str, bool] = field(default_factory=dict)


@dataclass
class Dataset:
    recipe: Recipe
    path: Path
    countries: dict[str, DatasetCountry]
    skipped: list[Problem] = field(default_factory=list)

    def flagged(self, column: str) -> set[str]:
        return {iso3 for iso3, country in self.countries.items() if country.flags.get(column)}

    def painted(self) -> set[str]:
        """The countries the map colours: all, or those whose ``paint_if`` column says yes.
        Claims are still checked against every row."""
        return self.flagged(self.recipe.paint_if) if self.recipe.paint_if else set(self.countries)


@dataclass
class Membership:
    recipe: Recipe
    path: Path
    members: dict[str, tuple[datetime.date | None, datetime.date | None, int]]  # join, exit, row
    as_of: datetime.date | None
    skipped: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.recipe.name

    def current(self) -> set[str]:
        """Members at ``as_of`` (all listed members without a date): joined by then, not yet left.

        A member with no join date counts only without ``as_of``: the list cannot say when it joined.
        """
        if self.as_of is None:
            return {iso3 for iso3, (_, left, _) in self.members.items() if left is None}
        return {iso3 for iso3, (joined, left, _) in self.members.items()
                if joined is not None and joined <= self.as_of and (left is None or left > self.as_of)}


# --- recipes -------------------------------------------------------------------------------

def load_recipe(path: Path) -> Recipe:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path}: recipe not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DatasetError(f"{path}: not a TOML recipe ({err})") from None
    suppliers = data.get("suppliers", {})
    columns = suppliers.get("columns", ())
    recipe = Recipe(
        title=str(data.get("title") or Path(path).stem), publisher=str(data.get("publisher", "not stated")),
        year=str(data.get("year", "not stated")), url=str(data.get("url", "")), kind=str(data.get("kind", "suppliers")),
        country=str(data.get("country", "country")), suppliers_column=suppliers.get("column"),
        supplier_columns=tuple([columns] if isinstance(columns, str) else columns),
        separators=str(suppliers.get("separators", ",")), ignore=tuple(suppliers.get("ignore", ())),
        aliases=dict(suppliers.get("aliases", {})), flags=tuple(data.get("flags", ())),
        origins=dict(data.get("origins", {})), memberships=dict(data.get("memberships", {})),
        paint_if=data.get("paint_if"),
        name=str(data.get("name", "")), join=data.get("join"), exit=data.get("exit"),
        exclude=tuple(data.get("exclude", ())), path=Path(path),
    )
    if recipe.kind not in KINDS:
        raise DatasetError(f'{path}: kind must be one of {", ".join(KINDS)}, got "{shown(recipe.kind)}"')
    if recipe.kind == "membership" and not recipe.name:
        raise DatasetError(f'{path}: a membership recipe needs a name, e.g. name = "BRI"')
    return recipe


def recipe_for(dataset: Path, recipe: Path | None = None, **options) -> Recipe:
    """The recipe given, else the one beside the dataset (``NAME.recipe.toml``), else options."""
    candidate = recipe or Path(dataset).with_name(Path(dataset).stem + ".recipe.toml")
    if recipe or candidate.exists():
        base = load_recipe(candidate)
    else:
        base = Recipe(title=Path(dataset).stem)
    overrides = {key: value for key, value in options.items() if value not in (None, (), "")}
    return Recipe(**{**base.__dict__, **overrides})


# --- reading tables ------------------------------------------------------------------------

def read_any_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, values) of a CSV, TSV or XLSX file, whatever its encoding."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: dataset not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    text = _decode(path)
    if not text.strip():
        raise DatasetError(f"{path}: empty file")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader)]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if any(cell.strip() for cell in cells):
            rows.append((number, dict(zip(header, (cell.strip() for cell in cells)))))
    return header, rows


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DatasetError(f"{path}: neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV")


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_xlsx(path: Path):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a damaged file
        raise DatasetError(f"{path}: cannot read it as an Excel workbook ({err})") from None
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    try:
        header = [str(cell or "").strip() for cell in next(lines)]
    except StopIteration:
        raise DatasetError(f"{path}: empty workbook") from None
    rows = []
    for number, cells in enumerate(lines, start=2):
        values = ["" if cell is None else str(cell).strip() for cell in cells]
        if any(values):
            rows.append((number, dict(zip(header, values))))
    workbook.close()
    return header, rows


# --- importing -----------------------------------------------------------------------------

def load_dataset(path: Path, recipe: Recipe, resolver: CountryResolver, catalogue: SupplierCatalogue,
                 skip_unresolved: bool = False) -> Dataset:
    """Read a supplier table; unknown companies are added to ``catalogue``."""
    header, rows = read_any_table(path)
    supplier_columns = _check_columns(path, header, recipe)
    countries: dict[str, DatasetCountry] = {}
    skipped: list[Problem] = []
    for number, values, iso3 in _resolved_rows(path, rows, recipe, resolver, skip_unresolved, skipped):
        entry = countries.setdefault(iso3, DatasetCountry(iso3, values.get(recipe.country, ""), []))
        entry.rows.append(number)
        for name in _supplier_names(values, recipe, supplier_columns):
            supplier = catalogue.find(name) or catalogue.add_unknown(name)
            if supplier.id not in entry.suppliers:
                entry.suppliers.append(supplier.id)
        for column in _flag_columns(recipe):
            entry.flags[column] = entry.flags.get(column, False) or _flag(path, number, column, values.get(column, ""))
    if not countries:
        raise DatasetError(f"{path}: no rows with a country")
    return Dataset(recipe, Path(path), countries, skipped)


def load_membership(path: Path, recipe: Recipe, resolver: CountryResolver, as_of: datetime.date | None = None,
                    skip_unresolved: bool = False) -> Membership:
    header, rows = read_any_table(path)
    _check_columns(path, header, recipe)
    members: dict[str, tuple] = {}
    skipped: list[Problem] = []
    for number, values, iso3 in _resolved_rows(path, rows, recipe, resolver, skip_unresolved, skipped):
        joined = _date(path, number, values.get(recipe.join or "", "")) if recipe.join else None
        left = _date(path, number, values.get(recipe.exit or "", "")) if recipe.exit else None
        members[iso3] = (joined, left, number)
    for excluded in recipe.exclude:
        members.pop(_resolve(recipe.path or path, None, excluded, resolver, False, skipped), None)
    if not members:
        raise DatasetError(f"{path}: no rows with a country")
    return Membership(recipe, Path(path), members, as_of, skipped)


def _resolved_rows(path, rows, recipe, resolver, skip_unresolved, skipped):
    """(row number, values, ISO code) of every row whose country resolves."""
    for number, values in rows:
        iso3 = _resolve(path, number, values.get(recipe.country, ""), resolver, skip_unresolved, skipped)
        if iso3 is not None:
            yield number, values, iso3


def _check_columns(path: Path, header: list[str], recipe: Recipe) -> list[str]:
    """Every column the recipe names must exist; returns the supplier columns it matches."""
    where = recipe.path or "options"
    if recipe.country not in header:
        raise DatasetError(f'{path}: no country column "{shown(recipe.country)}" (set by {where}); '
                           f'columns: {", ".join(shown(h) for h in header)}')
    named = [recipe.suppliers_column, recipe.join, recipe.exit, *_flag_columns(recipe)]
    for column in filter(None, named):
        if column not in header:
            raise DatasetError(f'{path}: {where} names column "{shown(column)}", which the file lacks; '
                               f'columns: {", ".join(shown(h) for h in header)}')
    matched = [h for h in header if any(fnmatch.fnmatchcase(h, pattern) for pattern in recipe.supplier_columns)]
    if recipe.supplier_columns and not matched:
        raise DatasetError(f'{path}: no column matches {", ".join(recipe.supplier_columns)} (set by {where})')
    return matched


def _flag_columns(recipe: Recipe) -> list[str]:
    columns = [*recipe.flags, *recipe.origins.values(), *recipe.memberships.values(), recipe.paint_if]
    return list(dict.fromkeys(filter(None, columns)))


def _supplier_names(values: dict[str, str], recipe: Recipe, columns: list[str]) -> list[str]:
    cells = [values.get(recipe.suppliers_column, "")] if recipe.suppliers_column else []
    cells += [values.get(column, "") for column in columns]
    pattern = "[" + re.escape(recipe.separators) + "]"
    names = []
    for cell in cells:
        for name in re.split(pattern, cell):
            name = recipe.aliases.get(name.strip(), name.strip())
            if name and name not in recipe.ignore:
                names.append(name)
    return names


def _resolve(path, number, text, resolver, skip_unresolved, skipped) -> str | None:
    try:
        return resolver.resolve(text).iso3
    except UnknownCountry as err:
        problem = Problem(str(path), number, str(err) if text.strip() else "no country")
        if not skip_unresolved:
            raise DatasetError(f"{problem} (or pass --skip-unresolved to skip such rows)") from None
        skipped.append(problem)
        return None


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
