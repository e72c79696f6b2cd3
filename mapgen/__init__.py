"""mapgen: sourced, country-level facts in; an honest, embeddable world map out.

The pipeline, one module per stage::

    facts (load + validate) -> countries (resolve names) -> boundaries (Natural Earth)
    -> join -> render (folium) -> output (embed, self-contained, atomic write)

``mapgen.api`` strings the stages together; the CLI is a thin layer over it. The names below are
imported from it when first used, so that the ``mapgen`` command can answer Ctrl-C with one line
even while those imports load.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mapgen.api import build_map, load, report, write_map
    from mapgen.errors import MapgenError

__all__ = ["build_map", "load", "report", "write_map", "MapgenError"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "MapgenError":
        from mapgen.errors import MapgenError
        return MapgenError
    if name in __all__:
        from mapgen import api
        return getattr(api, name)
    raise AttributeError(f"module 'mapgen' has no attribute {name!r}")
