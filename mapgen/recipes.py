"""Dataset recipes: small TOML files saying how to read a country-level table you bring.

A recipe is checked against a schema before it is used: an unknown key or a value of the wrong
type is an error naming the file, the key and, where one is close, the key that was meant. A
recipe that reads wrongly would colour the wrong countries and count the wrong figures, so
nothing is guessed. ``data/recipes/README.md`` documents every key.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mapgen.errors import MapgenError, shown
from mapgen.names import did_you_mean

KINDS = ("suppliers", "membership")
# Cells that say "no company here" in any table; a recipe's ``nothing`` adds more.
NOTHING = frozenset({"", "0", "-", "–", "—", "n/a", "na", "none", "nil", "null", "?"})


class RecipeError(MapgenError):
    """A recipe that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Group:
    """A token in a supplier cell that stands for several companies, e.g. "Mult"."""

    token: str
    label: str  # what readers see, e.g. "several Chinese firms, not named"
    origin: str | None = None  # the home country of every company it stands for, as written


@dataclass(frozen=True)
class Recipe:
    """How to read one dataset: its columns and where it came from."""

    title: str
    publisher: str = "not stated"
    year: str = "not stated"
    url: str = ""
    licence: str = "not stated"
    kind: str = "suppliers"
    country: str = "country"
    suppliers_column: str | None = None
    supplier_columns: tuple[str, ...] = ()  # names, or patterns such as "Company *"
    separators: str = ","
    nothing: frozenset[str] = NOTHING  # casefolded cell values that mean "no company"
    groups: tuple[Group, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    paint_if: str | None = None  # a yes/no column: paint only the rows where it is yes
    origins: dict[str, str] = field(default_factory=dict)  # supplier home country -> flag column
    memberships: dict[str, str] = field(default_factory=dict)  # membership name -> flag column
    unused: tuple[str, ...] = ()  # columns deliberately left out, so no warning is given for them
    name: str = ""  # a membership list's name, e.g. "BRI"
    join: str | None = None
    exit: str | None = None
    exclude: tuple[str, ...] = ()  # countries a membership list holds but that are not members (its host)
    path: Path | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.publisher}, {self.year})"

    @property
    def where(self) -> str:
        """Where the recipe came from, for messages."""
        return str(self.path) if self.path else "the column options (no recipe file)"

    def group(self, token: str) -> Group | None:
        folded = token.casefold()
        return next((g for g in self.groups if g.token.casefold() == folded), None)


# --- the schema ----------------------------------------------------------------------------
# Each key maps to a checker that returns the value as Recipe wants it, or raises _Wrong.

class _Wrong(Exception):
    def __init__(self, expected: str):
        self.expected = expected


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _Wrong("a non-empty string")


def _text_or_number(value: Any) -> str:
    if isinstance(value, bool):
        raise _Wrong("a string or a number")
    if isinstance(value, (int, float)):
        return str(value)
    return _text(value)


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value):
        return tuple(item.strip() for item in value)
    raise _Wrong("a list of non-empty strings")


def _text_or_texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_text(value),)
    try:
        return _texts(value)
    except _Wrong:
        raise _Wrong("a string or a list of strings") from None


def _mapping(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k).strip(): v.strip() for k, v in value.items()}
    raise _Wrong('a table of strings, e.g. { IBMN = "IBM" }')


def _separators(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    raise _Wrong("at least one character")


def _kind(value: Any) -> str:
    if value in KINDS:
        return value
    raise _Wrong(" or ".join(f'"{kind}"' for kind in KINDS))


TOP_KEYS = {
    "title": ("title", _text), "publisher": ("publisher", _text), "year": ("year", _text_or_number),
    "url": ("url", _text), "licence": ("licence", _text), "kind": ("kind", _kind), "country": ("country", _text),
    "paint_if": ("paint_if", _text), "flags": ("flags", _texts), "unused": ("unused", _texts),
    "name": ("name", _text), "join": ("join", _text), "exit": ("exit", _text), "exclude": ("exclude", _texts),
    "origins": ("origins", _mapping), "memberships": ("memberships", _mapping),
}
SUPPLIER_KEYS = {
    "column": ("suppliers_column", _text), "columns": ("supplier_columns", _text_or_texts),
    "separators": ("separators", _separators), "aliases": ("aliases", _mapping), "nothing": ("nothing", _texts),
}
GROUP_KEYS = ("label", "origin")
# Keys people reach for that mean something else here.
HINTS = {"ignore": "nothing (cells that name no company) or [suppliers.groups] (a token for several companies)",
         "license": "licence", "column": "[suppliers] column", "columns": "[suppliers] columns"}


def load_recipe(path: Path) -> Recipe:
    """Read and check a recipe file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecipeError(f"{path}: recipe not found") from None
    except IsADirectoryError:
        raise RecipeError(f"{path}: is a folder, not a recipe") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RecipeError(f"{path}: not a TOML recipe ({err})") from None
    recipe = recipe_from_dict(data, path)
    if recipe.kind == "membership" and not recipe.name:
        raise RecipeError(f'{path}: a membership recipe needs a name, e.g. name = "BRI"')
    return recipe


def recipe_from_dict(data: dict, path: Path | None = None) -> Recipe:
    """A Recipe from parsed TOML, checked key by key."""
    where = str(path) if path else "recipe"
    values: dict[str, Any] = {"title": path.stem.removesuffix(".recipe") if path else "dataset", "path": path}
    for key, value in data.items():
        if key == "suppliers":
            values.update(_suppliers_table(where, value))
            continue
        name = _field(where, key, TOP_KEYS, "", extra=("suppliers",))
        values[name] = _checked(where, key, value, TOP_KEYS)
    return Recipe(**values)


def _suppliers_table(where: str, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise RecipeError(f"{where}: suppliers must be a table ([suppliers] with column or columns), "
                          f"got {_shown_value(table)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "groups":
            values["groups"] = _groups(where, value)
            continue
        name = _field(where, key, SUPPLIER_KEYS, "[suppliers] ", extra=("groups",))
        checked = _checked(where, key, value, SUPPLIER_KEYS, "[suppliers] ")
        if name == "nothing":
            checked = NOTHING | {token.casefold() for token in checked}
        values[name] = checked
    return values


def _groups(where: str, table: Any) -> tuple[Group, ...]:
    example = '[suppliers.groups] Mult = { label = "several Chinese firms, not named", origin = "China" }'
    if not isinstance(table, dict):
        raise RecipeError(f"{where}: [suppliers.groups] must be a table, e.g. {example}")
    groups = []
    for token, spec in table.items():
        if not isinstance(spec, dict):
            raise RecipeError(f'{where}: [suppliers.groups] {shown(token)} must be a table, e.g. {example}')
        for key in spec:
            if key not in GROUP_KEYS:
                raise RecipeError(f'{where}: unknown key "{shown(key)}" in [suppliers.groups] {shown(token)}'
                                  f"{did_you_mean(str(key), GROUP_KEYS)}; keys: {', '.join(GROUP_KEYS)}")
        try:
            label = _text(spec.get("label"))
            origin = _text(spec["origin"]) if "origin" in spec else None
        except _Wrong as wrong:
            raise RecipeError(f"{where}: [suppliers.groups] {shown(token)} needs label (and may have origin) "
                              f"as {wrong.expected}") from None
        groups.append(Group(str(token).strip(), label, origin))
    return tuple(groups)


def _field(where: str, key: str, schema: dict, prefix: str, extra: tuple[str, ...]) -> str:
    if key in schema:
        return schema[key][0]
    known = (*schema, *extra)
    hint = f"; did you mean {HINTS[key]}?" if key in HINTS else did_you_mean(str(key), known)
    raise RecipeError(f'{where}: unknown key "{prefix}{shown(key)}"{hint} (keys: {", ".join(known)})')


def _checked(where: str, key: str, value: Any, schema: dict, prefix: str = "") -> Any:
    try:
        return schema[key][1](value)
    except _Wrong as wrong:
        raise RecipeError(f"{where}: {prefix}{key} must be {wrong.expected}, got {_shown_value(value)}") from None


def _shown_value(value: Any) -> str:
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return shown(repr(value))


def recipe_for(dataset: Path, recipe: Path | None = None, **options) -> Recipe:
    """The recipe given, else the one beside the dataset (``NAME.recipe.toml``), else options.

    ``options`` (``country``, ``suppliers_column``, ``separators``) override the recipe's.
    """
    candidate = recipe or Path(dataset).with_name(Path(dataset).stem + ".recipe.toml")
    if recipe or candidate.exists():
        base = load_recipe(candidate)
    else:
        base = Recipe(title=Path(dataset).stem)
    overrides = {key: value for key, value in options.items() if value not in (None, (), "")}
    if "separators" in overrides and not str(overrides["separators"]).strip():
        raise RecipeError("separators needs at least one character", option="separators")
    return replace(base, **overrides)
