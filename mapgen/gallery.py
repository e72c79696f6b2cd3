"""The index page of a set of maps, one per supplier: a thumbnail, the counts and links to the
map and its data for each. Plain HTML and CSS, no script, every text escaped."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from mapgen.i18n import Language

STYLE = """
body { margin: 0; padding: 16px 20px 24px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: #1b1b1b; background: #ffffff; }
h1 { font-size: 1.3rem; margin: 0 0 4px; }
p.note { margin: 0 0 16px; color: #3d3d3d; font-size: 0.9rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 16px;
     grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
li { border: 1px solid #d6d6d6; border-radius: 4px; padding: 8px; }
li img { display: block; width: 100%; height: auto; aspect-ratio: 4 / 3; object-fit: cover; object-position: top;
         border-bottom: 1px solid #e4e4e4; }
h2 { font-size: 1rem; margin: 8px 0 2px; }
li p { margin: 0 0 6px; font-size: 0.85rem; color: #3d3d3d; }
a { color: #0b57d0; }
a:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
"""


@dataclass(frozen=True)
class GalleryEntry:
    label: str
    slug: str  # files: SLUG.html, SLUG.csv, SLUG.png
    countries: int
    claims: int
    dataset_countries: int


def file_slugs(names: list[str], reserved: set[str] = frozenset()) -> list[str]:
    """A safe, distinct file name stem for each name: lower-case ASCII letters, digits and dashes."""
    slugs: list[str] = []
    taken = set(reserved)
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "supplier"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def gallery_html(entries: list[GalleryEntry], lang: Language, title: str | None = None) -> str:
    cards = "".join(_card(entry, lang) for entry in entries)
    heading = html.escape(title or lang("title"))
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang.code, quote=True)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{heading}: {html.escape(lang('gallery_title'))}</title><style>{STYLE}</style></head><body>"
            f"<h1>{heading}</h1><p class=\"note\">{html.escape(lang('gallery_title'))}. "
            f"{html.escape(lang('gallery_note'))}</p><ul>{cards}</ul></body></html>\n")


def _card(entry: GalleryEntry, lang: Language) -> str:
    label = html.escape(entry.label)
    counts = lang("counts", countries=lang.count("country", entry.countries), claims=lang.count("claim", entry.claims))
    if entry.dataset_countries:
        counts += f"; {lang('dataset_count', n=entry.dataset_countries)}"
    return (f'<li><a href="{entry.slug}.html"><img src="{entry.slug}.png" loading="lazy" '
            f'alt="{html.escape(lang("image_alt", title=entry.label), quote=True)}"></a>'
            f"<h2>{label}</h2><p>{html.escape(counts)}</p>"
            f'<p><a href="{entry.slug}.html">{html.escape(lang("open_map"))}</a> · '
            f'<a href="{entry.slug}.csv" download>{html.escape(lang("get_data"))}</a></p></li>')
