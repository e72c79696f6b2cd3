"""Finding things by any of their names, and suggesting the closest name for a typo.

Suppliers, memberships and recipe keys are all looked up this way: case, accents and punctuation
do not count (``normalise``), and a name that matches nothing gets a "did you mean" suggestion.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from mapgen.errors import shown


def normalise(text: str) -> str:
    """Fold case, accents, apostrophes and punctuation so spelling variants compare equal."""
    letters = text.casefold()
    if not letters.isascii():
        letters = "".join(ch for ch in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(ch))
    letters = letters.replace("&", " and ").replace("’", "'")
    return re.sub(r"[^a-z0-9]+", " ", letters.replace("'", "")).strip()


def slug(name: str, taken: Collection[str] = (), fallback: str = "item") -> str:
    """A safe, distinct name for a file or an id: lower-case ASCII letters, digits and dashes
    (at most 60), with "-2", "-3", ... added when ``taken`` already holds it (a set or a dict,
    which is not copied: a catalogue adding thousands of companies stays linear)."""
    base = normalise(name).replace(" ", "-")[:60].strip("-") or fallback
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def closest(text: str, spellings: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The spelling nearest to ``text`` (compared normalised), or None if none is near enough."""
    return Suggestions(spellings, cutoff).closest(text)


def did_you_mean(text: str, spellings: Iterable[str]) -> str:
    """'; did you mean "X"?' for the closest of a few spellings (keys, roles), or nothing. Names
    an input file may hold by the thousand go through ``Suggestions``."""
    return _worded(closest(text, spellings))


def _worded(close: str | None) -> str:
    return f'; did you mean "{shown(close)}"?' if close else ""


# Suggestions compare a name with every known spelling; past this many comparisons in one list's
# life (a file of garbage against a long catalogue) no more are computed.
MAX_COMPARISONS = 10_000_000
MIN_SUGGESTIONS = 20


class Suggestions:
    """The closest known spelling for names that match none (rapidfuzz's ratio, which is
    difflib's, in C++): computed once per distinct name, and for at most ``MAX_COMPARISONS`` /
    (number of spellings) distinct names (at least 20)."""

    def __init__(self, spellings: Iterable[str], cutoff: float = 0.6):
        self._by_key: dict[str, str] = {}
        for spelling in spellings:
            self._by_key.setdefault(normalise(spelling), spelling)
        self._keys = list(self._by_key)
        self._cutoff = cutoff
        self._cache: dict[str, str | None] = {}
        self._left = max(MIN_SUGGESTIONS, MAX_COMPARISONS // max(1, len(self._keys)))

    def closest(self, text: str) -> str | None:
        key = normalise(text)
        if key not in self._cache:
            if self._left <= 0:
                return None
            self._left -= 1
            from rapidfuzz import fuzz, process  # only a name that matches none needs it

            close = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=self._cutoff * 100)
            self._cache[key] = self._by_key[close[0]] if close else None
        return self._cache[key]

    def did_you_mean(self, text: str) -> str:
        """'; did you mean "X"?' for the closest spelling, or nothing."""
        return _worded(self.closest(text))


def clashes(entries: Iterable[tuple[int, str, tuple[str, ...]]]) -> Iterator[tuple[int, str, str, int]]:
    """For entries given as (line, id, spellings): each spelling that, compared as lookups compare
    (``normalise``), already names an entry with another id, as (line, spelling, other id, its line).
    A name, alias or id must find one entry only: else one entry would swallow another's facts."""
    owners: dict[str, tuple[str, int]] = {}
    for line, entry_id, spellings in entries:
        for spelling in (entry_id, *spellings):
            owner = owners.setdefault(normalise(spelling), (entry_id, line))
            if owner[0] != entry_id:
                yield line, spelling, *owner
                break


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
        self._suggestions: Suggestions | None = None
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry, *more_spellings: str) -> None:
        self.entries[entry.id] = entry
        self._names.add(entry.id, entry.name, entry.id, *entry.aliases, *more_spellings)
        self._suggestions = None

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

    def did_you_mean(self, name: str) -> str:
        """'; did you mean "X"?' for the spelling closest to an unknown name, or nothing."""
        if self._suggestions is None:
            self._suggestions = Suggestions(self.spellings())
        return self._suggestions.did_you_mean(name)
