"""Finding things by any of their names, and suggesting the closest name for a typo.

Suppliers, memberships and recipe keys are all looked up this way: case, accents and punctuation
do not count (``normalise``), and a name that matches nothing gets a "did you mean" suggestion.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from mapgen.errors import shown


def normalise(text: str) -> str:
    """Fold case, accents, apostrophes and punctuation so spelling variants compare equal."""
    letters = text.casefold()
    if not letters.isascii():
        letters = "".join(ch for ch in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(ch))
    letters = letters.replace("&", " and ").replace("’", "'")
    return re.sub(r"[^a-z0-9]+", " ", letters.replace("'", "")).strip()


def slug(name: str, taken: Iterable[str] = (), fallback: str = "item") -> str:
    """A safe, distinct name for a file or an id: lower-case ASCII letters, digits and dashes
    (at most 60), with "-2", "-3", ... added when ``taken`` already holds it."""
    base = normalise(name).replace(" ", "-")[:60].strip("-") or fallback
    taken = set(taken)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def closest(text: str, spellings: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The spelling nearest to ``text`` (compared normalised), or None if none is near enough."""
    by_key: dict[str, str] = {}
    for spelling in spellings:
        by_key.setdefault(normalise(spelling), spelling)
    close = difflib.get_close_matches(normalise(text), list(by_key), n=1, cutoff=cutoff)
    return by_key[close[0]] if close else None


def did_you_mean(text: str, spellings: Iterable[str]) -> str:
    """'; did you mean "X"?' for the closest spelling, or nothing."""
    close = closest(text, spellings)
    return f'; did you mean "{shown(close)}"?' if close else ""


class NameIndex:
    """Ids by every spelling of their names; the first id given a spelling keeps it."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self.spellings: list[str] = []

    def add(self, item_id: str, *spellings: str) -> None:
        for spelling in spellings:
            self._ids.setdefault(normalise(spelling), item_id)
            self.spellings.append(spelling)

    def find(self, name: str) -> str | None:
        return self._ids.get(normalise(name))


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


Entry = TypeVar("Entry", bound=Named)


class Catalogue(Generic[Entry]):
    """Entries by id, each found by its name, its id or any alias (the name first, for suggestions)."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        self._names = NameIndex()
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry, *more_spellings: str) -> None:
        self.entries[entry.id] = entry
        self._names.add(entry.id, entry.name, entry.id, *entry.aliases, *more_spellings)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def find(self, name: str) -> Entry | None:
        """The entry called ``name`` (name, alias or id; any case, accents or punctuation), or None."""
        entry_id = self._names.find(name)
        return self.entries[entry_id] if entry_id else None

    def spellings(self) -> list[str]:
        return self._names.spellings
