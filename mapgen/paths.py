"""Where the shipped data lives, whether mapgen runs from a checkout or an installed wheel."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file under the repository's ``data/`` folder (installed as ``mapgen.data``)."""
    return Path(str(resources.files("mapgen.data").joinpath(*parts)))


DEFAULT_FACTS = "story/facts.csv"
DEFAULT_PROJECT = "story"
DEFAULT_ALIASES = "countries/aliases.csv"
DEFAULT_BOUNDARIES = "boundaries/ne_admin0.topojson"
