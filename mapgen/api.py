"""mapgen's Python API: the CLI is a thin layer over these functions.

>>> from mapgen import build_map
>>> fmap = build_map(suppliers=["dahua"])   # a folium.Map; shows itself in a notebook
"""
from __future__ import annotations

import datetime
import functools
from pathlib import Path

import folium

from mapgen.boundaries import Boundaries, load_boundaries
from mapgen.datasets import Recipe, load_dataset, load_membership, recipe_for
from mapgen.facts import load_facts
from mapgen.join import MapData, join
from mapgen.output import embed_snippet, render_html, write_atomic
from mapgen.render import DEFAULT_TITLE, render_map
from mapgen.report import report_dict, report_json, report_text

DEFAULT_OUT = Path("output/map.html")


@functools.lru_cache(maxsize=4)
def _boundaries(path: str | None) -> Boundaries:
    return load_boundaries(Path(path) if path else None)


def load(facts: str | Path | None = None, suppliers: list[str] | tuple[str, ...] = (),
         boundaries: str | Path | None = None, datasets=(), memberships=(), as_of: datetime.date | None = None,
         skip_unresolved: bool = False) -> MapData:
    """Validate the facts, resolve countries, read any datasets, keep the chosen suppliers and
    join to boundaries.

    ``datasets`` and ``memberships`` are paths, or (path, Recipe) pairs; a path alone uses the
    recipe beside it (``NAME.recipe.toml``).
    """
    factset = load_facts(Path(facts) if facts else None)
    tables = [load_dataset(path, recipe, factset.resolver, factset.suppliers, skip_unresolved)
              for path, recipe in map(_with_recipe, datasets)]
    lists = [load_membership(path, recipe, factset.resolver, as_of, skip_unresolved)
             for path, recipe in map(_with_recipe, memberships)]
    selected = factset.suppliers.select(suppliers)
    return join(factset, _boundaries(str(boundaries) if boundaries else None), selected, tables, lists)


def _with_recipe(spec) -> tuple[Path, Recipe]:
    if isinstance(spec, (tuple, list)):
        path, recipe = spec
        return Path(path), recipe if isinstance(recipe, Recipe) else recipe_for(Path(path), Path(recipe))
    return Path(spec), recipe_for(Path(spec))


def build_map(facts=None, suppliers=(), *, self_contained: bool = False, title: str | None = None,
              subtitle: str | None = None, boundaries=None, **sources) -> folium.Map:
    """The map as a folium.Map, for a notebook or further folium work.

    ``sources``: ``datasets``, ``memberships``, ``as_of``, ``skip_unresolved`` as for load().
    """
    data = load(facts, suppliers, boundaries, **sources)
    return render_map(data, title=title, subtitle=subtitle, self_contained=self_contained)


def write_data_map(data: MapData, out: str | Path = DEFAULT_OUT, **options) -> Path:
    """Write the map of already loaded ``data`` (see load()); options as for build_map()."""
    return write_atomic(Path(out), render_html(render_map(data, **options)).encode("utf-8"))


def write_map(out: str | Path = DEFAULT_OUT, facts=None, suppliers=(), *, self_contained: bool = False,
              title: str | None = None, subtitle: str | None = None, boundaries=None, **sources) -> Path:
    """Build the map and write it as one HTML file, atomically. Returns the path written."""
    data = load(facts, suppliers, boundaries, **sources)
    return write_data_map(data, out, self_contained=self_contained, title=title, subtitle=subtitle)


def report(facts=None, suppliers=(), format: str = "dict", boundaries=None, **sources):
    """What the map claims: a dict, or its ``json`` or ``text`` rendering."""
    return render_report(load(facts, suppliers, boundaries, **sources), format)


def render_report(data: MapData, format: str = "dict"):
    renderers = {"dict": report_dict, "json": report_json, "text": report_text}
    return renderers[format](data)


def embed(src: str, title: str = DEFAULT_TITLE) -> str:
    """The responsive iframe snippet for an article page."""
    return embed_snippet(src, title)
