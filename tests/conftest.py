import csv
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from mapgen.cli import main

ROOT = Path(__file__).resolve().parents[1]

if os.environ.get("MAPGEN_REQUIRE_BROWSER"):  # set by .ci/run: there, browser tests must not skip
    from browser import why_no_browser
    if why_no_browser():
        raise RuntimeError(f"browser tests are required but cannot run: {why_no_browser()}")
SHARED = ROOT.parent / "shared"
# A small, frozen story of the tests' own (not the editorial facts in data/story), so that
# correcting a fact there breaks no test here. Its texts hold every row's evidence.
STORY = ROOT / "tests" / "fixtures" / "story" / "facts.csv"
STORY_TEXTS = STORY.parent / "texts"
# Commands that read a facts file: the test helpers give them the story unless told otherwise.
FACTS_COMMANDS = {"build", "suppliers", "check", "report", "export"}

FACT_HEADER = ["id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "claim", "source", "date",
               "scope", "qualifier", "evidence"]
SOURCE_HEADER = ["id", "file", "headline", "publisher", "date", "url", "note"]
ONE_SOURCE = {"id": "src", "file": "a.txt", "headline": "A headline", "publisher": "A Publisher", "date": "not stated"}


def story_copy(folder: Path) -> Path:
    """A copy of the test story, with its texts, as a project of its own in ``folder``."""
    import shutil

    shutil.copytree(STORY.parent, folder)
    return folder


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


@pytest.fixture(autouse=True)
def outside_the_checkout(tmp_path, monkeypatch):
    """Every test runs in a folder of its own, so a build that writes its default output/map.html
    can never leave files in the checkout (or read a stale one)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def facts_dir(tmp_path):
    """Write a facts file (and its sources.csv) into a fresh folder; returns the facts path."""
    def make(rows: list[dict], sources: list[dict] | None = None) -> Path:
        write_csv(tmp_path / "sources.csv", SOURCE_HEADER, sources if sources is not None else [ONE_SOURCE])
        return write_csv(tmp_path / "facts.csv", FACT_HEADER, rows)
    return make


def with_story(args, story: bool = True) -> list[str]:
    """The arguments, with ``--facts STORY`` added to a command that reads facts and names none."""
    args = [str(arg) for arg in args]
    project_given = len(args) > 1 and not args[1].startswith("-")
    if story and args and args[0] in FACTS_COMMANDS and "--facts" not in args and not project_given:
        args[1:1] = ["--facts", str(STORY)]
    return args


@pytest.fixture
def cli():
    """The CLI in this process (click's CliRunner), on the test story unless ``--facts`` is given."""
    runner = CliRunner()

    def run(*args, story: bool = True):
        return runner.invoke(main, with_story(args, story), catch_exceptions=False)
    return run


def run_cli(*args, story: bool = True) -> SimpleNamespace:
    """The CLI in this process, answering like a finished process (returncode, stdout, stderr).
    An exception mapgen does not turn into one line propagates and fails the test."""
    result = CliRunner().invoke(main, with_story(args, story), catch_exceptions=False)
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def run_module(*args, cwd=None, story: bool = True) -> subprocess.CompletedProcess:
    """``python -m mapgen ...`` in a real process, as a user runs it (on the test story unless
    ``--facts`` is given or ``story`` is False)."""
    return subprocess.run([sys.executable, "-m", "mapgen", *with_story(args, story)], capture_output=True,
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
    return write_map(tmp_path_factory.mktemp("maps") / "map.html", STORY, self_contained=True)
