"""The words `mapgen draft` looks for, found in one pass over a text (an Aho-Corasick automaton).

Four tables feed it, all plain files a newsroom can read and extend:

- countries: pycountry's names and mapgen's aliases, with Natural Earth's names in English,
  French, Spanish, German and Portuguese (``data/boundaries/ne_admin0_attributes.csv``);
- ``data/draft/places.csv``: nationality adjectives ("Chinese", "chinois", "brasileira") and a
  few capitals and cities ("Washington", "Shenzhen") with their country;
- ``data/draft/cues.csv``: per language, the cue words of each role, hedges, qualifiers, venues,
  comparisons, newspaper-name words, references ("the company"), figures written as words;
- the project's supplier catalogue (names and aliases).

A term ending in ``*`` may go on ("deploy*": deployed, deployment); every other term must end at
a word boundary, and every term must start at one. Names of countries and places match only
where the text capitalises them as the table does; other terms ignore case.
"""
from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import pycountry

from mapgen.countries import read_aliases
from mapgen.paths import DEFAULT_ALIASES, data_path

LANGUAGES = ("en", "fr", "es", "de", "pt")
NAME_COLUMNS = ("NAME", "NAME_LONG", "NAME_EN", "NAME_FR", "NAME_ES", "NAME_DE", "NAME_PT")
ENTITY_KINDS = ("country", "adjective", "place", "government", "supplier")


@dataclass(frozen=True)
class Term:
    kind: str  # country, adjective, place, government, supplier, role, hedge, qualifier, ...
    value: str  # an ISO3 code, a supplier id, a role, a qualifier, a number; "" when the kind says all
    written: str  # as the table writes it
    prefix: bool = False  # the word may go on after the term
    exact_case: bool = False


@dataclass(frozen=True)
class Mention:
    term: Term
    start: int
    end: int
    surface: str  # the text's own characters

    @property
    def kind(self) -> str:
        return self.term.kind

    @property
    def value(self) -> str:
        return self.term.value


def lower_same_length(text: str) -> str:
    """The text in lower case, character for character (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class Gazetteer:
    """An automaton over every term; ``find`` returns the mentions in a text, longest first
    where two of the same family overlap."""

    def __init__(self, terms: Iterable[Term]):
        self._automaton = ahocorasick.Automaton()
        for term in terms:
            key = lower_same_length(term.written.rstrip("*").strip())
            if not key:
                continue
            entries = self._automaton.get(key, [])
            entries.append(term)
            self._automaton.add_word(key, entries)
        self._automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        lowered = lower_same_length(text)
        found = []
        for end_index, terms in self._automaton.iter(lowered):
            end = end_index + 1
            for term in terms:
                start = end - len(lower_same_length(term.written.rstrip("*").strip()))
                if self._fits(text, term, start, end):
                    stop = _word_end(text, end) if term.prefix else end
                    found.append(Mention(term, start, stop, text[start:stop]))
        return _longest(found)

    @staticmethod
    def _fits(text: str, term: Term, start: int, end: int) -> bool:
        written = term.written.rstrip("*").strip()
        if _is_word(written[0]) and start > 0 and _is_word(text[start - 1]):
            return False
        if _is_word(written[-1]) and not term.prefix and end < len(text) and _is_word(text[end]):
            return False
        if term.exact_case:
            return text[start:end] == written if written.isupper() else text[start] == written[0]
        return True


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_end(text: str, end: int) -> int:
    while end < len(text) and (text[end].isalpha() or text[end] == "-" and end + 1 < len(text) and text[end + 1].isalpha()):
        end += 1
    return end


def _family(kind: str) -> str:
    return "entity" if kind in ENTITY_KINDS else kind


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions of one family, the longest (a country name over an adjective of
    the same span, "Helix Vision Technology" over "Helix Vision")."""
    rank = {kind: i for i, kind in enumerate(ENTITY_KINDS)}
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank.get(m.kind, 0), m.start))
    kept: list[Mention] = []
    for mention in ordered:
        if not any(_family(k.kind) == _family(mention.kind) and k.start < mention.end and mention.start < k.end
                   for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _read_csv(name: str) -> list[dict[str, str]]:
    text = data_path(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def country_terms() -> tuple[Term, ...]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(value, country.alpha_3)
    for row in _read_csv("boundaries/ne_admin0_attributes.csv"):
        for column in NAME_COLUMNS:
            value = (row.get(column) or "").strip()
            if value and not value.endswith("."):
                names.setdefault(value, row["mapgen_iso3"])
    for alias, iso3 in read_aliases(data_path(DEFAULT_ALIASES)).items():
        names.setdefault(alias, iso3)
    return tuple(Term("country", iso3, name, exact_case=True) for name, iso3 in sorted(names.items()))


@functools.cache
def place_terms() -> tuple[Term, ...]:
    return tuple(Term(row["kind"], row["iso3"], row["term"], row["term"].endswith("*"),
                      exact_case=row["kind"] == "place") for row in _read_csv("draft/places.csv"))


@functools.cache
def cue_terms(language: str) -> tuple[Term, ...]:
    return tuple(Term(row["kind"], row["value"], row["term"], row["term"].endswith("*"),
                      exact_case=row["kind"] in ("government", "press"))
                 for row in _read_csv("draft/cues.csv") if row["language"] in (language, "*"))


def supplier_terms(suppliers: Iterable[tuple[str, Iterable[str]]]) -> tuple[Term, ...]:
    """(supplier id, its names) as terms."""
    return tuple(Term("supplier", supplier_id, name) for supplier_id, names in suppliers for name in names)


def gazetteer(language: str, suppliers: tuple[Term, ...], roles: Iterable[str] | None = None,
              own_cues: tuple[Term, ...] = ()) -> Gazetteer:
    """Every term a text in ``language`` is read by: the project's own cue words first (they win a
    word both name), and mapgen's cue words only of ``roles`` (default: all)."""
    wanted = None if roles is None else set(roles)
    cues = tuple(term for term in cue_terms(language) if term.kind != "role" or wanted is None or term.value in wanted)
    return Gazetteer((*own_cues, *country_terms(), *place_terms(), *cues, *suppliers))
