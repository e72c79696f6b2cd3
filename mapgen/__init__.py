"""mapgen: sourced, country-level facts in; an honest, embeddable world map out.

The pipeline, one module per stage::

    facts (load + validate) -> countries (resolve names) -> boundaries (Natural Earth)
    -> join -> render (folium) -> output (embed, self-contained, atomic write)

``mapgen.api`` strings the stages together; the CLI is a thin layer over it.
"""
from mapgen.api import build_map, load, report, write_map
from mapgen.errors import MapgenError

__all__ = ["build_map", "load", "report", "write_map", "MapgenError"]
__version__ = "0.1.0"
