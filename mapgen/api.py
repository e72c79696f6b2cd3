"""mapgen's Python API: the CLI is a thin layer over these functions.

>>> from mapgen import build_map
>>> fmap = build_map(suppliers=["dahua"])   # a folium.Map; shows itself in a notebook
"""
from __future__ import annotations

import datetime
import functools
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import folium

from mapgen.boundaries import Boundaries, load_boundaries
from mapgen import captions
from mapgen.datasets import load_dataset, load_membership
from mapgen.errors import MapgenError, Problem
from mapgen.evidence import check_evidence
from mapgen.export import countries_csv, countries_geojson, facts_csv
from mapgen.facts import load_facts
from mapgen.gallery import GalleryEntry, file_slugs, gallery_html
from mapgen.i18n import Language, language
from mapgen.image import DEFAULT_DPI, DEFAULT_IMAGE_WIDTH, check_image_size, render_image
from mapgen.join import MapData, join
from mapgen.embed import embed_snippet
from mapgen.files import write_atomic
from mapgen.recipes import Recipe, recipe_for
from mapgen.render import render_map
from mapgen.report import report_dict, report_json, report_text
from mapgen.suppliers import Supplier

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


def verify_evidence(data: MapData, sources_dir: str | Path) -> list[Problem]:
    """Every fact whose evidence is missing from, or not found in, its source's text in
    ``sources_dir`` (the folder holding the files sources.csv names)."""
    return check_evidence(data.facts, Path(sources_dir))


def warnings(data: MapData) -> list[str]:
    """What a build should tell its user: skipped rows, places it cannot draw, and dataset cells
    that no recipe key reads (one line each)."""
    lines = []
    for source in [*data.datasets, *data.memberships]:
        lines += [f"skipped {problem}" for problem in source.account.skipped]
        lines += [f"{source.path}: {unused}; read it in the recipe, or list it under unused = [...]"
                  for unused in source.account.unused]
    return lines + [str(problem) for problem in data.unmapped]


def _with_recipe(spec) -> tuple[Path, Recipe]:
    if isinstance(spec, (tuple, list)):
        path, recipe = spec
        return Path(path), recipe if isinstance(recipe, Recipe) else recipe_for(Path(path), Path(recipe))
    return Path(spec), recipe_for(Path(spec))


def build_map(facts=None, suppliers=(), *, self_contained: bool = False, title: str | None = None,
              subtitle: str | None = None, lang: str | Language | None = None, boundaries=None,
              **sources) -> folium.Map:
    """The map as a folium.Map, for a notebook or further folium work.

    ``lang``: interface language ("pt", "zh", ...; default English). ``sources``: ``datasets``,
    ``memberships``, ``as_of``, ``skip_unresolved`` as for load().
    """
    data = load(facts, suppliers, boundaries, **sources)
    return render_map(data, title=title, subtitle=subtitle, self_contained=self_contained, lang=as_language(lang))


def as_language(lang: str | Language | None, strings: str | Path | None = None) -> Language:
    """A Language from a code (or None for English); ``strings`` is a translation table of your own."""
    return lang if isinstance(lang, Language) else language(lang, strings)


@dataclass(frozen=True)
class ImageOptions:
    """Size of a still image: its width in pixels, and the resolution its text is set at."""

    width: int = DEFAULT_IMAGE_WIDTH
    dpi: int = DEFAULT_DPI


def check_image_options(image: ImageOptions) -> None:
    """Refuse an image size that cannot work, before anything is drawn or written."""
    check_image_size(image.width, image.dpi)


def write_data_map(data: MapData, out: str | Path = DEFAULT_OUT, **options) -> Path:
    """Write the map of already loaded ``data`` (see load()) and the files beside it; returns the
    HTML's path. Options as for write_map()."""
    return write_outputs(data, out, **options)[0]


def write_outputs(data: MapData, out: str | Path = DEFAULT_OUT, *, self_contained: bool = False,
                  title: str | None = None, subtitle: str | None = None, lang: str | Language | None = None,
                  data_file: bool = True, png: str | Path | None = None, svg: str | Path | None = None,
                  image: ImageOptions = ImageOptions()) -> list[Path]:
    """Write the HTML map, the CSV of its facts beside it (unless ``data_file`` is False), and
    any still images; return every path written, the map first.

    Everything is rendered before anything is written, and each file is replaced atomically,
    so a failure leaves the previous files as they were.
    """
    out, lang = Path(out), as_language(lang)
    files: dict[Path, bytes] = {}
    csv_path = out.with_suffix(".csv") if data_file else None
    if csv_path:
        files[csv_path] = facts_csv(data)
    for path, kind in ((png, "png"), (svg, "svg")):
        if path and Path(path).suffix.lower() != f".{kind}":
            raise MapgenError(f"{path}: --{kind} writes {kind.upper()}; give the file a .{kind} name")
        if path:
            files[Path(path)] = render_image(data, lang=lang, title=title, subtitle=subtitle, format=kind,
                                             width=image.width, dpi=image.dpi)
    _check_outputs(data, [out, *files])
    still = next((Path(path) for path in (png, svg) if path), None)
    fmap = render_map(data, title=title, subtitle=subtitle, self_contained=self_contained, lang=lang,
                      data_file=_link(csv_path, out), still_image=_link(still, out))
    written = [write_atomic(out, fmap.get_root().render().encode("utf-8"))]
    return written + [write_atomic(path, content) for path, content in files.items()]


def _check_outputs(data: MapData, outputs: list[Path]) -> None:
    """No output may overwrite an input or another output of the same build."""
    inputs = {path.resolve(): path for path in data.input_paths()}
    if len({path.resolve() for path in outputs}) < len(outputs):
        raise MapgenError(f"two outputs would be the same file ({', '.join(map(str, outputs))}); the map's data "
                          "file is its name with .csv: give the map, images and data different names")
    for output in outputs:
        if output.resolve() in inputs:
            hint = " (the map's data file is its name with .csv; pick another --out, or --no-data)" \
                if output.suffix == ".csv" else ""
            raise MapgenError(f"{output}: this output would overwrite the input {inputs[output.resolve()]}{hint}")


def _link(target: Path | None, page: Path) -> str | None:
    """``target`` as a URL relative to the page that links to it."""
    if target is None:
        return None
    relative = os.path.relpath(target.resolve(), page.resolve().parent)
    return urllib.parse.quote(Path(relative).as_posix())


def write_map(out: str | Path = DEFAULT_OUT, facts=None, suppliers=(), *, boundaries=None, datasets=(),
              memberships=(), as_of: datetime.date | None = None, skip_unresolved: bool = False,
              **options) -> Path:
    """Build the map and write it as one HTML file, atomically, with the CSV of its facts beside
    it. Returns the HTML's path.

    ``options``: ``self_contained``, ``title``, ``subtitle``, ``lang``, ``data_file``, ``png``,
    ``svg`` and ``image`` (an ImageOptions), as for write_outputs().
    """
    data = load(facts, suppliers, boundaries, datasets, memberships, as_of, skip_unresolved)
    return write_data_map(data, out, **options)


def report(facts=None, suppliers=(), format: str = "dict", boundaries=None, **sources):
    """What the map claims: a dict, or its ``json`` or ``text`` rendering."""
    return render_report(load(facts, suppliers, boundaries, **sources), format)


def render_report(data: MapData, format: str = "dict"):
    renderers = {"dict": report_dict, "json": report_json, "text": report_text}
    return renderers[format](data)


def export(data: MapData, format: str = "csv") -> bytes:
    """The joined data, one entry per coloured country: ``csv`` or ``geojson``."""
    return {"csv": countries_csv, "geojson": countries_geojson}[format](data)


def embed(src: str, title: str | None = None, lang: str | Language | None = None) -> str:
    """The responsive iframe snippet for an article page (titled as the default map is)."""
    return embed_snippet(src, title or as_language(lang)("title"))


def select(data: MapData, suppliers) -> MapData:
    """``data`` (loaded with no supplier filter) joined again, keeping only ``suppliers``
    (names, aliases or Supplier objects)."""
    chosen = [s if isinstance(s, Supplier) else data.facts.suppliers.select([s])[0] for s in suppliers]
    return join(data.facts, data.boundaries, chosen, data.datasets, data.memberships)


def write_per_supplier(data: MapData, out_dir: str | Path, *, suppliers=(), lang: str | Language | None = None,
                       progress=None, image: ImageOptions = ImageOptions(), **options) -> Path:
    """A map (with its CSV and PNG) for every supplier with something to show, one for all of
    them, and ``index.html`` linking them; returns the index's path.

    ``data``: loaded with no supplier filter. ``suppliers``: only these (default: all).
    ``progress(done, total, label)`` is called before the first map and after each one.
    ``options``: ``self_contained``, ``title``, ``subtitle`` as for write_outputs().
    """
    out_dir, lang = Path(out_dir), as_language(lang)
    chosen = data.facts.suppliers.select(suppliers) if suppliers else shown_suppliers(data)
    slugs = file_slugs(["all", *(s.id for s in chosen)], reserved={"index"})
    jobs = [(lang("gallery_all"), [], slugs[0])] + [(s.name, [s], slug) for s, slug in zip(chosen, slugs[1:])]
    entries = []
    for done, (label, selection, slug) in enumerate(jobs):
        if progress:
            progress(done, len(jobs), label)
        selected = select(data, selection) if selection else data
        write_outputs(selected, out_dir / f"{slug}.html", lang=lang, png=out_dir / f"{slug}.png", image=image,
                      **options)
        entries.append(GalleryEntry(label, slug, *_counts(selected)))
    if progress:
        progress(len(jobs), len(jobs), None)
    heading = captions.headline(data, lang, options.get("title"))
    return write_atomic(out_dir / "index.html", gallery_html(entries, lang, heading).encode("utf-8"))


def shown_suppliers(data: MapData) -> list[Supplier]:
    """Suppliers with a named country, an aggregate claim or a dataset row, in catalogue order."""
    in_datasets = {s for d in data.datasets for s in d.supplier_ids()}
    counted = data.supplier_counts()
    return [s for s in data.facts.suppliers if s.id in counted or s.id in in_datasets]


def _counts(data: MapData) -> tuple[int, int, int]:
    """Countries the articles colour, aggregate claims, countries only a dataset colours."""
    painted = {country.iso3 for country in data.painted}
    return len(painted), len(data.aggregate), len(set(data.mentions) - painted)
