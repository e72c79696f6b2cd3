"""mapgen: sourced, country-level facts in; an honest, embeddable world map out.

The pipeline, one module per stage::

    facts (load + validate) -> countries (resolve names) -> boundaries (Natural Earth)
    -> join -> render (folium) -> output (embed, self-contained, atomic write)

``mapgen.api`` strings the stages together; the CLI is a thin layer over it.
"""
import sys
from pathlib import Path

from mapgen.errors import INTERRUPTED, MapgenError

try:
    from mapgen.api import build_map, load, report, write_map
except KeyboardInterrupt:
    # Ctrl-C while the ``mapgen`` command starts (these imports are most of its start-up): one
    # line and exit status 130, as at any later moment. In any other program it stays an interrupt.
    if Path(sys.argv[0]).name == "mapgen" or sys.orig_argv[1:3] == ["-m", "mapgen"]:
        sys.stderr.write(INTERRUPTED)
        sys.exit(130)
    raise

__all__ = ["build_map", "load", "report", "write_map", "MapgenError"]
__version__ = "0.1.0"
