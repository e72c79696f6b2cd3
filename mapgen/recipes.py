"""Dataset recipes: small TOML files saying how to read a country-level table you bring.

A recipe is checked against a schema before it is used: an unknown key or a value of the wrong
type is an error naming the file, the key and, where one is close, the key that was meant. A
recipe that reads wrongly would colour the wrong countries and count the wrong figures, so
nothing is guessed. ``data/recipes/README.md`` documents every key.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mapgen.errors import MapgenError, shown
from mapgen.names import did_you_mean
from mapgen.schema import (
    Wrong,
    checked_fields,
    mapping,
    read_toml,
    shown_value,
    text,
    text_or_number,
    text_or_texts,
    texts,
)

KINDS = ("suppliers", "membership")
ORIGINS_FROM = ("columns", "catalogue")
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
    series: str = ""  # the name every edition of the table shares; default: the title
    edition: str = ""  # which edition this is, usually its year; default: the year
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
    # Where a supplier_origin count comes from for an origin without a column: "columns" (nowhere:
    # such a claim is not checked) or "catalogue" (each company's home in mapgen's supplier catalogue).
    origins_from: str = "columns"
    # The home rule: a company listed in its own home country (an origin flagged in its own row)
    # is not counted among the countries it supplies, unless the recipe says count_home = true.
    count_home: bool = False
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
    def series_name(self) -> str:
        return self.series or self.title

    @property
    def edition_name(self) -> str | None:
        """The edition as written (``edition``, else ``year``); None when neither is stated."""
        edition = self.edition or ("" if self.year == "not stated" else self.year)
        return edition or None

    @property
    def where(self) -> str:
        """Where the recipe came from, for messages."""
        return str(self.path) if self.path else "the column options (no recipe file)"


# --- the schema ----------------------------------------------------------------------------

def _separators(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    raise Wrong("at least one character")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Wrong("true or false")


def _origins_from(value: Any) -> str:
    if value in ORIGINS_FROM:
        return value
    raise Wrong(" or ".join(f'"{source}"' for source in ORIGINS_FROM))


def _kind(value: Any) -> str:
    if value in KINDS:
        return value
    raise Wrong(" or ".join(f'"{kind}"' for kind in KINDS))


TOP_KEYS = {
    "title": ("title", text), "publisher": ("publisher", text), "year": ("year", text_or_number),
    "url": ("url", text), "licence": ("licence", text), "kind": ("kind", _kind), "country": ("country", text),
    "series": ("series", text), "edition": ("edition", text_or_number), "origins_from": ("origins_from", _origins_from),
    "count_home": ("count_home", _yes_no),
    "paint_if": ("paint_if", text), "flags": ("flags", texts), "unused": ("unused", texts),
    "name": ("name", text), "join": ("join", text), "exit": ("exit", text), "exclude": ("exclude", texts),
    "origins": ("origins", mapping), "memberships": ("memberships", mapping),
}
SUPPLIER_KEYS = {
    "column": ("suppliers_column", text), "columns": ("supplier_columns", text_or_texts),
    "separators": ("separators", _separators), "aliases": ("aliases", mapping), "nothing": ("nothing", texts),
}
GROUP_KEYS = ("label", "origin")
# Keys people reach for that mean something else here.
HINTS = {"ignore": "nothing (cells that name no company) or [suppliers.groups] (a token for several companies)",
         "license": "licence", "column": "[suppliers] column", "columns": "[suppliers] columns"}


def load_recipe(path: Path) -> Recipe:
    """Read and check a recipe file."""
    path = Path(path)
    recipe = recipe_from_dict(read_toml(path, "recipe", RecipeError), path)
    if recipe.kind == "membership" and not recipe.name:
        raise RecipeError(f'{path}: a membership recipe needs a name, e.g. name = "BRI"')
    return recipe


def recipe_from_dict(data: dict, path: Path | None = None) -> Recipe:
    """A Recipe from parsed TOML, checked key by key."""
    where = str(path) if path else "recipe"
    values: dict[str, Any] = {"title": path.stem.removesuffix(".recipe") if path else "dataset", "path": path}
    values.update(checked_fields(where, data, TOP_KEYS, RecipeError, extra=("suppliers",), hints=HINTS))
    if "suppliers" in data:
        values.update(_suppliers_table(where, data["suppliers"]))
    return Recipe(**values)


def _suppliers_table(where: str, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise RecipeError(f"{where}: suppliers must be a table ([suppliers] with column or columns), "
                          f"got {shown_value(table)}")
    values = checked_fields(where, table, SUPPLIER_KEYS, RecipeError, prefix="[suppliers] ", extra=("groups",),
                            hints=HINTS)
    if "nothing" in values:
        values["nothing"] = NOTHING | {token.casefold() for token in values["nothing"]}
    if "groups" in table:
        values["groups"] = _groups(where, table["groups"])
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
            label = text(spec.get("label"))
            origin = text(spec["origin"]) if "origin" in spec else None
        except Wrong as wrong:
            raise RecipeError(f"{where}: [suppliers.groups] {shown(token)} needs label (and may have origin) "
                              f"as {wrong.expected}") from None
        groups.append(Group(str(token).strip(), label, origin))
    return tuple(groups)


def recipe_for(dataset: Path, recipe: Path | None = None, **options) -> Recipe:
    """The recipe given, else the one beside the dataset (``NAME.recipe.toml``), else options.

    ``options`` (``country``, ``suppliers_column``, ``separators``) override the recipe's.
    """
    candidate = recipe or Path(dataset).with_name(Path(dataset).stem + ".recipe.toml")
    # Any entry by that name is the recipe, even one that cannot be read (a dangling or looping
    # link, a folder): an error, never a table silently read without its recipe.
    if recipe or os.path.lexists(candidate):
        base = load_recipe(candidate)
    else:
        base = Recipe(title=Path(dataset).stem)
    overrides = {key: value for key, value in options.items() if value not in (None, (), "")}
    if "separators" in overrides and not str(overrides["separators"]).strip():
        raise RecipeError("separators needs at least one character", option="separators")
    return replace(base, **overrides)
