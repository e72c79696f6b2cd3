"""mapgen: sourced, country-level facts in; an honest, embeddable world map out.

The pipeline, one module per stage::

    project and facts (load + validate) -> countries -> boundaries -> join
    -> view (what the map says) -> renderers (page, image, data, report) -> files

``mapgen.api`` strings the stages together; the CLI is a thin layer over it.
"""
import signal
import sys
from pathlib import Path

from mapgen.errors import INTERRUPTED, MapgenError


def _interrupted(signum, frame):
    """Ctrl-C in the ``mapgen`` command, at any moment (imports included): one line and exit
    status 130. SystemExit unwinds like the interrupt would, so a set of outputs being written is
    still rolled back."""
    sys.stderr.write(INTERRUPTED)
    raise SystemExit(130)


if Path(sys.argv[0]).name == "mapgen" or sys.orig_argv[1:3] == ["-m", "mapgen"]:
    signal.signal(signal.SIGINT, _interrupted)

from mapgen.api import build_map, load, report, write_map  # noqa: E402

__all__ = ["build_map", "load", "report", "write_map", "MapgenError"]
__version__ = "0.1.0"
