"""The gallery renderer: the index page of a set of maps, one per company, with a thumbnail, the
counts and links to the map and its data for each, in the words of the maps' views. Plain HTML
and CSS (``assets/gallery.html.j2``, ``gallery.css``), no script; the template escapes every text."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mapgen.names import slug
from mapgen.view import MapView


@dataclass(frozen=True)
class GalleryEntry:
    label: str
    slug: str  # files: SLUG.html, SLUG.csv, SLUG.png
    counts: str  # what the map shows, in words (its view's summary)
    alt: str  # its still image's alternative text


def file_slugs(names: list[str], reserved: Iterable[str] = ()) -> list[str]:
    """A safe, distinct file name stem for each name."""
    taken = set(reserved)
    slugs = []
    for name in names:
        stem = slug(name, taken, fallback="supplier")
        taken.add(stem)
        slugs.append(stem)
    return slugs


def gallery_html(entries: list[GalleryEntry], view: MapView) -> str:
    """The index of ``entries``, headed and worded by ``view`` (the map of every company)."""
    from mapgen.page import asset_text, templates

    words = view.words
    return templates().get_template("gallery.html.j2").render(
        lang=view.lang, heading=view.title, gallery_title=words["galleryTitle"], gallery_note=words["galleryNote"],
        open_map=words["openMap"], get_data=words["getData"], css=asset_text("gallery.css"), cards=entries)
