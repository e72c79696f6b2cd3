"""A map project: ``mapgen.toml`` beside a facts folder says everything a story needs.

Its words (title, standfirst, what its companies are called), its roles with their labels and
colours in legend order, the region the map opens on, the datasets and membership lists it checks
against, its default language and where its outputs go. mapgen's own story is such a project
(``data/story``). The keys are documented in the README ("Your own story in five minutes") and in
the commented file ``mapgen new`` writes; an unknown key or a wrong type is an error naming the
file, the key and the key that was probably meant.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapgen.errors import MapgenError, shown
from mapgen.numbers import NumberError, check_convention
from mapgen.paths import DEFAULT_PROJECT, data_path
from mapgen.schema import (
    Wrong,
    by_language,
    checked_fields,
    lists_by_language,
    read_toml,
    text,
    text_or_number,
    texts,
)

PROJECT_FILE = "mapgen.toml"
# Okabe-Ito colours in the order roles get them when a project gives none; sky blue is left for
# countries only a dataset names.
PALETTE = ("#CC79A7", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#F0E442")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Regions a project can open on by name: [[south, west], [north, east]].
REGIONS = {
    "world": ((-56, -168), (78, 180)),
    "africa": ((-35.5, -18.5), (37.6, 52)),
    "europe": ((34, -25), (71.5, 45)),
    "asia": ((-11, 25), (56, 150)),
    "middle-east": ((12, 25), (42, 63)),
    "north-america": ((7, -170), (72, -52)),
    "south-america": ((-56, -82), (13, -34)),
    "oceania": ((-48, 110), (0, 180)),
}


class ProjectError(MapgenError):
    """A project file that cannot be used; the message names the file and the key."""


Text = dict[str, str]  # by language code; "" holds a text for any language


def in_language(words: Text, code: str, fallback: str = "en") -> str | None:
    """The text for ``code``: its own, else the one for any language, else the fallback language's."""
    return words.get(code) or words.get("") or words.get(fallback) or next(iter(words.values()), None)


@dataclass(frozen=True)
class Role:
    key: str
    colour: str
    label: Text = field(default_factory=dict)  # empty: the interface table's role_KEY, else the key
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words mapgen draft reads it by, by language


@dataclass(frozen=True)
class Region:
    """Where the map opens: a named region, the countries to fit, or a box."""

    name: str = "world"
    countries: tuple[str, ...] = ()  # as written; resolved against the boundaries
    box: tuple[tuple[float, float], tuple[float, float]] | None = None  # ((south, west), (north, east))

    @property
    def is_world(self) -> bool:
        return self.name == "world" and not self.countries and not self.box


@dataclass(frozen=True)
class Correction:
    """A correction to a published map: when it was made, what changed and why (each a text, or
    texts by language). Corrections live in the project, not beside a fact, so a correction that
    removes a fact keeps its note."""

    date: datetime.date
    change: Text
    reason: Text


@dataclass(frozen=True)
class TableSpec:
    path: Path
    recipe: Path | None = None
    # Which series and edition the table is, over the recipe's (one recipe may read several editions).
    series: str | None = None
    edition: str | None = None


@dataclass(frozen=True)
class Project:
    folder: Path
    facts: Path
    path: Path | None = None  # its mapgen.toml
    title: Text = field(default_factory=dict)
    standfirst: Text = field(default_factory=dict)
    description: Text = field(default_factory=dict)  # for screen readers and the still image's alt text
    # The title names where the actors come from ("Chinese ..."); it holds only when every actor
    # the map shows is based there, else title_otherwise is used.
    title_origin: str | None = None
    title_otherwise: Text = field(default_factory=dict)
    actor: Text = field(default_factory=dict)
    actors: Text = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    region: Region = Region()
    datasets: tuple[TableSpec, ...] = ()
    memberships: tuple[TableSpec, ...] = ()
    as_of: datetime.date | None = None
    language: str = "en"
    numbers: str | None = None  # how the facts write numbers (a Babel locale); None: as the language does
    texts: Path | None = None  # the folder of the source texts that evidence is checked against
    output: dict[str, Path] = field(default_factory=dict)  # map, png, svg, pdf, card
    url: str | None = None  # the address readers open the map at ([output] url): shared links need it
    corrections: tuple[Correction, ...] = ()  # in the file's order

    @property
    def number_convention(self) -> str:
        """The locale the facts' numbers are read in."""
        return self.numbers or self.language

    @property
    def role_keys(self) -> tuple[str, ...]:
        return tuple(role.key for role in self.roles)

    def role(self, key: str) -> Role:
        return next(role for role in self.roles if role.key == key)


# --- reading -------------------------------------------------------------------------------

def default_project() -> Project:
    """mapgen's own story."""
    return load_project(data_path(DEFAULT_PROJECT))


def project_for_facts(facts: Path) -> Project:
    """The project a facts file belongs to: the mapgen.toml beside it, else plain defaults."""
    beside = Path(facts).parent / PROJECT_FILE
    if beside.is_file():
        project = load_project(beside)
        if project.facts.resolve() == Path(facts).resolve():
            return project
    return Project(folder=Path(facts).parent, facts=Path(facts), roles=default_roles())


def default_roles() -> tuple[Role, ...]:
    """The four roles of influence stories, in legend order, with the default palette."""
    keys = ("supplier_home", "deployment", "restriction", "partnership")
    return tuple(Role(key, colour) for key, colour in zip(keys, PALETTE))


def load_project(place: Path) -> Project:
    """A project from its folder (holding mapgen.toml) or from the file itself."""
    place = Path(place)
    path = place / PROJECT_FILE if place.is_dir() else place
    if not path.is_file():
        hint = "; create one with `mapgen new`" if place.is_dir() else ""
        raise ProjectError(f"{path}: no project file{hint}", option="project")
    data = read_toml(path, "project file", ProjectError)
    where, folder = str(path), path.parent
    fields = checked_fields(where, data, TOP_KEYS, ProjectError, extra=TABLE_KEYS, hints=HINTS)
    if "facts" not in fields:
        raise ProjectError(f'{where}: no facts key; say where the facts are, e.g. facts = "facts.csv"')
    values: dict[str, Any] = {**fields, "folder": folder, "path": path,
                              "facts": _inside(where, "facts", folder, fields["facts"], "facts.csv")}
    if "texts" in fields:
        values["texts"] = _inside(where, "texts", folder, fields["texts"])
    values["roles"] = _roles(where, data.get("roles"))
    if "region" in data:
        values["region"] = _region(where, data["region"])
    for key in ("datasets", "memberships"):
        if key in data:
            values[key] = _tables(where, key, data[key], folder)
    if "output" in data:
        values["output"], values["url"] = _output(where, data["output"], folder)
    if "corrections" in data:
        values["corrections"] = _corrections(where, data["corrections"])
    return Project(**values)


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Wrong("a date, e.g. 2019-09-30")


def _inside(where: str, key: str, folder: Path, name: str, example: str = "texts") -> Path:
    """A path the project names, which must stay inside the project's folder (links followed): a
    shared project cannot make mapgen read, print or write a file elsewhere."""
    if Path(name).is_absolute() or not _leads_inside(folder / name, folder):
        raise ProjectError(f'{where}: {key} = "{shown(name)}" is outside the project folder; '
                           f'give a path inside it, relative to mapgen.toml, e.g. "{example}"')
    return folder / name


def _numbers(value: Any) -> str:
    if isinstance(value, str):
        with contextlib.suppress(NumberError):
            return check_convention(value.strip())
    raise Wrong('a locale Babel knows, e.g. "en", "de", "fr" or "pt_BR"')


def _language(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value.strip().lower()):
        return value.strip().lower()
    raise Wrong('a language code, e.g. "en"')


TOP_KEYS = {
    "title": ("title", by_language), "standfirst": ("standfirst", by_language), "facts": ("facts", text),
    "description": ("description", by_language),
    "actor": ("actor", by_language), "actors": ("actors", by_language), "language": ("language", _language),
    "as_of": ("as_of", _date), "title_origin": ("title_origin", text),
    "title_otherwise": ("title_otherwise", by_language), "numbers": ("numbers", _numbers), "texts": ("texts", text),
}
TABLE_KEYS = ("roles", "region", "datasets", "memberships", "output", "corrections")
HINTS = {"subtitle": "standfirst", "headline": "title", "role": "[roles.KEY]", "suppliers": "actors",
         "supplier": "actor", "lang": "language", "colours": "[roles.KEY] colour", "number_format": "numbers",
         "locale": "numbers", "sources": "texts", "source_texts": "texts", "correction": "[[corrections]]",
         "errata": "[[corrections]]", "alt": "description", "alt_text": "description"}


def _roles(where: str, table: Any) -> tuple[Role, ...]:
    if table is None:
        return default_roles()
    example = '[roles.deployment] label = "Projects" colour = "#E69F00"'
    if not isinstance(table, dict) or not table:
        raise ProjectError(f"{where}: roles must be tables, one per role, e.g. {example}")
    roles = []
    for index, (key, spec) in enumerate(table.items()):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(key)):
            raise ProjectError(f'{where}: role key "{shown(str(key))}" must be lower-case letters, digits or "_"')
        if not isinstance(spec, dict):
            raise ProjectError(f"{where}: [roles.{key}] must be a table, e.g. {example}")
        fields = checked_fields(where, spec, {"label": ("label", by_language), "colour": ("colour", _colour),
                                              "cues": ("cues", lists_by_language)},
                                ProjectError, prefix=f"[roles.{key}] ", hints={"color": "colour", "cue": "cues"})
        if "colour" not in fields and index >= len(PALETTE):
            raise ProjectError(f"{where}: [roles.{key}] needs a colour (the default palette has {len(PALETTE)})")
        roles.append(Role(str(key), fields.get("colour", PALETTE[min(index, len(PALETTE) - 1)]),
                          fields.get("label", {}), fields.get("cues", {})))
    return tuple(roles)


def _colour(value: Any) -> str:
    if isinstance(value, str) and HEX_COLOUR.match(value.strip()):
        return value.strip().upper()
    raise Wrong('a colour as "#RRGGBB"')


def _region(where: str, value: Any) -> Region:
    names = ", ".join(REGIONS)
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise ProjectError(f'{where}: region must be a name ({names}) or a table with name, countries or box')
    fields = checked_fields(where, value, {"name": ("name", _region_name), "countries": ("countries", texts),
                                           "box": ("box", _box)}, ProjectError, prefix="[region] ",
                            hints={"bbox": "box", "bounds": "box", "preset": "name"})
    if len(fields) != 1:
        raise ProjectError(f"{where}: [region] takes one of name, countries or box")
    return Region(**fields)


def _region_name(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in REGIONS:
        return value.strip().lower()
    raise Wrong(f"one of {', '.join(REGIONS)}")


def _box(value: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    if (isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                            for v in value)):
        west, south, east, north = (float(v) for v in value)
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:
            return (south, west), (north, east)
    raise Wrong("[west, south, east, north] in degrees, e.g. [-20, -36, 52, 38]")


TABLE_SPEC_KEYS = {"path": ("path", text), "recipe": ("recipe", text)}
# Only a supplier dataset has editions; a membership list is kept as of a date (as_of).
EDITION_KEYS = {"series": ("series", text), "edition": ("edition", text_or_number)}


def _tables(where: str, key: str, value: Any, folder: Path) -> tuple[TableSpec, ...]:
    example = f'[[{key}]] path = "table.csv" recipe = "table.recipe.toml"'
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ProjectError(f"{where}: {key} must be tables, e.g. {example}")
    specs = []
    for item in value:
        keys = TABLE_SPEC_KEYS | (EDITION_KEYS if key == "datasets" else {})
        fields = checked_fields(where, item, keys, ProjectError, prefix=f"[[{key}]] ")
        if "path" not in fields:
            raise ProjectError(f"{where}: each of {key} needs a path, e.g. {example}")
        recipe = _inside(where, f"[[{key}]] recipe", folder, fields["recipe"], "table.recipe.toml") \
            if "recipe" in fields else None
        specs.append(TableSpec(_inside(where, f"[[{key}]] path", folder, fields["path"], "table.csv"), recipe,
                               fields.get("series"), fields.get("edition")))
    return tuple(specs)


CORRECTION_KEYS = {"date": ("date", _date), "what": ("change", by_language), "why": ("reason", by_language)}


def _corrections(where: str, value: Any) -> tuple[Correction, ...]:
    example = '[[corrections]] date = 2026-12-01 what = "..." why = "..."'
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ProjectError(f"{where}: corrections must be tables, e.g. {example}")
    corrections = []
    for number, item in enumerate(value, 1):
        fields = checked_fields(where, item, CORRECTION_KEYS, ProjectError, prefix=f"[[corrections]] #{number} ",
                                hints={"when": "date", "change": "what", "changed": "what", "reason": "why",
                                       "text": "what"})
        missing = [key for key, (name, _) in CORRECTION_KEYS.items() if name not in fields]
        if missing:
            raise ProjectError(f"{where}: [[corrections]] #{number} needs {' and '.join(missing)}, e.g. {example}")
        corrections.append(Correction(**fields))
    return tuple(corrections)




OUTPUT_FILES = ("map", "png", "svg", "pdf", "card")


def _output(where: str, value: Any, folder: Path) -> tuple[dict[str, Path], str | None]:
    """The [output] table: the files a build writes (inside the project) and the map's public address."""
    if not isinstance(value, dict):
        raise ProjectError(f'{where}: output must be a table, e.g. [output] map = "output/map.html"')
    schema = {key: (key, text) for key in OUTPUT_FILES} | {"url": ("url", _public_address)}
    fields = checked_fields(where, value, schema, ProjectError, prefix="[output] ")
    url = fields.pop("url", None)
    return {key: _inside(where, f"[output] {key}", folder, name, "output/map.html (--out may write anywhere)")
            for key, name in fields.items()}, url


def _public_address(value: Any) -> str:
    try:
        return public_address(text(value))
    except ValueError:
        raise Wrong('the http(s) address readers open the map at, e.g. "https://news.example/maps/map.html"') from None


def public_address(url: str) -> str:
    """``url`` if it is an absolute http(s) address a link preview can fetch; else ValueError."""
    parts = urllib.parse.urlsplit(url)
    controls = any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url)
    if controls or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    return url


def _leads_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` stays inside ``folder``, following any links on the way."""
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(folder), ""))
