"""The index page of a set of maps, one per supplier: a thumbnail, the counts and links to the
map and its data for each. Plain HTML and CSS (``assets/gallery.html.j2``, ``gallery.css``), no
script; the template escapes every text."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mapgen.i18n import Language
from mapgen.names import slug
from mapgen.page import asset_text, templates


@dataclass(frozen=True)
class GalleryEntry:
    label: str
    slug: str  # files: SLUG.html, SLUG.csv, SLUG.png
    countries: int
    claims: int
    dataset_countries: int


def file_slugs(names: list[str], reserved: Iterable[str] = ()) -> list[str]:
    """A safe, distinct file name stem for each name."""
    taken = set(reserved)
    slugs = []
    for name in names:
        stem = slug(name, taken, fallback="supplier")
        taken.add(stem)
        slugs.append(stem)
    return slugs


def gallery_html(entries: list[GalleryEntry], lang: Language, heading: str) -> str:
    cards = [{"slug": entry.slug, "label": entry.label, "counts": _counts(entry, lang),
              "alt": lang("image_alt", title=entry.label)} for entry in entries]
    return templates().get_template("gallery.html.j2").render(
        lang=lang.code, heading=heading, gallery_title=lang("gallery_title"), gallery_note=lang("gallery_note"),
        open_map=lang("open_map"), get_data=lang("get_data"), css=asset_text("gallery.css"), cards=cards)


def _counts(entry: GalleryEntry, lang: Language) -> str:
    counts = lang("counts", countries=lang.count("country", entry.countries), claims=lang.count("claim", entry.claims))
    if entry.dataset_countries:
        counts += f"; {lang('dataset_count', n=entry.dataset_countries)}"
    return counts
