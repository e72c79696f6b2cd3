import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen.cli import main

ROOT = Path(__file__).resolve().parents[1]

if os.environ.get("MAPGEN_REQUIRE_BROWSER"):  # set by .ci/run: there, browser tests must not skip
    from browser import why_no_browser
    if why_no_browser():
        raise RuntimeError(f"browser tests are required but cannot run: {why_no_browser()}")
SHARED = ROOT.parent / "shared"

FACT_HEADER = ["id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "claim", "source", "date",
               "scope", "qualifier"]
SOURCE_HEADER = ["id", "file", "headline", "publisher", "date", "url", "note"]
ONE_SOURCE = {"id": "src", "file": "a.txt", "headline": "A headline", "publisher": "A Publisher", "date": "not stated"}


def fact(**values) -> dict:
    """A valid named fact, with any field overridden."""
    row = {"id": "f1", "kind": "named", "country": "Brazil", "supplier": "Dahua", "role": "deployment",
           "claim": "Dahua has projects in Brazil.", "source": "src"}
    row.update(values)
    return row


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def facts_dir(tmp_path):
    """Write a facts file (and its sources.csv) into a fresh folder; returns the facts path."""
    def make(rows: list[dict], sources: list[dict] | None = None) -> Path:
        write_csv(tmp_path / "sources.csv", SOURCE_HEADER, sources if sources is not None else [ONE_SOURCE])
        return write_csv(tmp_path / "facts.csv", FACT_HEADER, rows)
    return make


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    return run


def run_module(*args, cwd=None) -> subprocess.CompletedProcess:
    """``python -m mapgen ...`` in a real process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "mapgen", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.fixture(scope="session")
def chromium():
    from browser import browser
    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def default_map(tmp_path_factory):
    """The default map, self-contained, as the browser tests open it."""
    from mapgen import write_map
    return write_map(tmp_path_factory.mktemp("maps") / "map.html", self_contained=True)
