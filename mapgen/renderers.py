"""Every output of a map, found in one registry: each a small renderer of its view (mapgen.view).

A renderer takes the view and a ``Context`` (the boundaries to draw, image sizes, the page's
links) and returns the output's bytes. Adding an output is one function and one line in
``RENDERERS``; the view already holds everything it may say.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mapgen import image
from mapgen.boundaries import Boundaries
from mapgen.errors import MapgenError
from mapgen.export import change_csv, countries_csv, countries_geojson, facts_csv
from mapgen.gallery import GalleryEntry, gallery_html
from mapgen.render import Links, render_page
from mapgen.reports import report_json, report_text

__all__ = ["RENDERERS", "Context", "Links", "Renderer", "render"]
from mapgen.view import MapView


@dataclass(frozen=True)
class Context:
    """What renderers need besides the view."""

    boundaries: Boundaries
    self_contained: bool = True
    links: Links = field(default_factory=Links)
    width: int = image.DEFAULT_IMAGE_WIDTH
    dpi: int = image.DEFAULT_DPI
    gallery: tuple[GalleryEntry, ...] = ()  # the maps a gallery's index lists


@dataclass(frozen=True)
class Renderer:
    suffix: str  # the file ending it writes
    render: Callable[[MapView, Context], bytes]


def _page(view: MapView, context: Context) -> bytes:
    fmap = render_page(view, context.boundaries, self_contained=context.self_contained, links=context.links)
    return fmap.get_root().render().encode("utf-8")


def _still(format: str) -> Callable[[MapView, Context], bytes]:
    def render(view: MapView, context: Context) -> bytes:
        return image.render_image(view, context.boundaries, format=format, width=context.width, dpi=context.dpi)
    return render


RENDERERS: dict[str, Renderer] = {
    "page": Renderer(".html", _page),
    "png": Renderer(".png", _still("png")),
    "svg": Renderer(".svg", _still("svg")),
    "pdf": Renderer(".pdf", _still("pdf")),
    "card": Renderer(".png", lambda view, context: image.social_card(view, context.boundaries)),
    "csv": Renderer(".csv", lambda view, context: facts_csv(view)),
    "countries-csv": Renderer(".csv", lambda view, context: countries_csv(view)),
    "geojson": Renderer(".geojson", lambda view, context: countries_geojson(view, context.boundaries)),
    "report-json": Renderer(".json", lambda view, context: report_json(view)),
    "report-text": Renderer(".txt", lambda view, context: report_text(view)),
    "change-csv": Renderer(".csv", lambda view, context: change_csv(view)),
    "gallery": Renderer(".html", lambda view, context: gallery_html(list(context.gallery), view).encode("utf-8")),
}


def render(kind: str, view: MapView, context: Context) -> bytes:
    """The output ``kind`` (a key of RENDERERS) of the view."""
    if kind not in RENDERERS:
        raise MapgenError(f'output "{kind}" is not one of {", ".join(RENDERERS)}', option="format")
    return RENDERERS[kind].render(view, context)
