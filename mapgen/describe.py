"""The map in words, for readers who cannot see it: screen readers (the page's accessible
description) and the alt text of the still image and the social card.

An author's ``description`` (mapgen.toml, or ``--description``) is used as it is. Without one,
mapgen writes one from the view: how many countries are coloured and which, by legend row; the
companies the map shows; how many claims are listed beside it because they name no country.
"""
from __future__ import annotations

from babel.core import UnknownLocaleError
from babel.lists import format_list

from mapgen.i18n import Language

NAMES_LISTED = 8  # per legend row; the rest are counted


def written(lang: Language, rows: list[tuple[str, list[str]]], companies: list[str], claims: int) -> str:
    """A description of a map whose legend ``rows`` (label, country names) are coloured now,
    showing these ``companies``, with ``claims`` listed beside it."""
    coloured = sum(len(names) for _, names in rows)
    parts = [lang("describe_map", countries=lang.count("country", coloured))]
    parts += [lang("describe_row", label=label, names=listing(lang, names)) for label, names in rows if names]
    if companies:
        parts.append(lang("describe_companies", names=listing(lang, companies)))
    if claims:
        parts.append(lang("describe_claims", claims=lang.count("claim", claims)))
    return " ".join(parts)


def listing(lang: Language, names: list[str]) -> str:
    """"A, B and C" as the language joins a list; past NAMES_LISTED, "... and 12 more"."""
    shown = names[:NAMES_LISTED]
    if len(names) > NAMES_LISTED:
        shown.append(lang("describe_more", n=lang.number(len(names) - NAMES_LISTED)))
    try:
        return format_list(shown, locale=lang.code)
    except (UnknownLocaleError, ValueError):
        return format_list(shown, locale="en")
