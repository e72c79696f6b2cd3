"""Interface languages: the strings around the facts, and country names.

The strings come from a translation table (``data/i18n/interface.csv``: a ``key`` column and one
column per language); a table of your own in the same shape adds languages or replaces strings.
Country names come from Natural Earth's ``NAME_XX`` attributes. The facts themselves keep the
language they were written in.

Templates hold ``{name}`` placeholders only; they are filled by plain substitution, never with
``str.format``, so a table cannot reach into the values it is given.
"""
from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from mapgen.boundaries import Boundaries
from mapgen.errors import InputProblems, MapgenError, Problem, shown
from mapgen.paths import data_path
from mapgen.tables import read_lines

DEFAULT_LANGUAGE = "en"
DEFAULT_TABLE = "i18n/interface.csv"
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class Language:
    """One language's interface strings; ``lang("key", n=3)`` fills a template.

    What a story calls its companies ({actor}, {actors}, capitalised {Actor}, {Actors}) is filled
    in every string: the table's neutral words ("company") unless ``with_words`` gives a project's.
    """

    code: str
    strings: dict[str, str]
    words: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str, **values) -> str:
        values = {**self._actor_words(), **values}
        return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), self.strings[key])

    def _actor_words(self) -> dict[str, str]:
        actor = self.words.get("actor") or self.strings.get("actor", "")
        actors = self.words.get("actors") or self.strings.get("actors", "")
        return {"actor": actor, "actors": actors, "Actor": _capital(actor), "Actors": _capital(actors)}

    def with_words(self, actor: str | None, actors: str | None) -> Language:
        """This language, with a project's words for its companies ("builder", "builders")."""
        words = {key: value for key, value in (("actor", actor), ("actors", actors)) if value}
        return replace(self, words=words)

    def number(self, value: float | int) -> str:
        """A number as this language writes it: 5,000 in English, 5.000 in German, 1,85 in Portuguese."""
        try:
            return format_decimal(value, locale=self.code)
        except (UnknownLocaleError, ValueError):
            return format_decimal(value, locale=DEFAULT_LANGUAGE)

    def date(self, value: datetime.date) -> str:
        """A date as this language writes it in full (Babel's long format): December 1, 2026 in
        English, 1 de dezembro de 2026 in Portuguese, 2026年12月1日 in Chinese."""
        try:
            return format_date(value, format="long", locale=self.code)
        except (UnknownLocaleError, ValueError):
            return format_date(value, format="long", locale=DEFAULT_LANGUAGE)

    def template(self, key: str) -> str:
        """The string with its placeholders, for the page's script to fill (the story's words for
        its companies already filled in)."""
        words = self._actor_words()
        return PLACEHOLDER.sub(lambda match: words.get(match.group(1), match.group(0)), self.strings[key])

    def count(self, noun: str, n: int) -> str:
        """"1 country", "5 countries": the form the language's plural rules (CLDR, through Babel)
        choose for ``n``, among ``NOUN_one``, ``NOUN_other`` and any of ``NOUN_zero``, ``_two``,
        ``_few``, ``_many`` the table gives (the ``other`` form where it gives none)."""
        forms = self.plural_forms(noun)
        return forms.get(plural_category(self.code, n), forms["other"]).replace("{n}", self.number(n))

    def plural_forms(self, noun: str) -> dict[str, str]:
        """The forms of a counted noun by CLDR plural category, for the page's script to choose
        from with ``Intl.PluralRules`` as this module does with Babel."""
        return {category: self.template(f"{noun}_{category}") for category in PLURAL_CATEGORIES
                if f"{noun}_{category}" in self.strings}

    def sorted_names(self, items: list, key) -> list:
        """``items`` in the order this language sorts their names (CLDR collation, through ICU)."""
        return sorted(items, key=lambda item: _collation_key(self.code, key(item)))

    def role(self, role: str) -> str:
        return self(f"role_{role}")

    def country_names(self, boundaries: Boundaries) -> dict[str, str]:
        """Country names in this language by ISO code; English where Natural Earth has none."""
        names = {area.iso3: area.name for area in boundaries.areas}
        if self.code == DEFAULT_LANGUAGE:
            return names
        return {**names, **boundaries.names_in(self.code)}


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def plural_category(code: str, n: int) -> str:
    """The CLDR plural category of ``n`` in the language ``code`` ("one", "few", "other", ...)."""
    return _plural_rule(code)(n)


@functools.cache
def _plural_rule(code: str):
    try:
        return Locale.parse(code).plural_form
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE).plural_form


@functools.cache
def _collator(code: str):
    import icu  # imported when a list is sorted: most of a build needs no collation

    try:
        return icu.Collator.createInstance(icu.Locale(code))
    except icu.ICUError:
        return icu.Collator.createInstance(icu.Locale(DEFAULT_LANGUAGE))


def _collation_key(code: str, text: str) -> bytes:
    return _collator(code).getSortKey(text)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def languages(table: str | Path | None = None) -> dict[str, Language]:
    """Every language of the shipped table, with those of ``table`` added or replacing strings.

    A language the shipped table lacks must give every string; one it has may give only some.
    """
    shipped = _shipped_languages()
    if table is None:
        return shipped
    return {**shipped, **_languages(str(table), shipped)}


@functools.cache
def _shipped_languages() -> dict[str, Language]:
    return _languages(str(data_path(DEFAULT_TABLE)), None)


def language(code: str | None = None, table: str | Path | None = None) -> Language:
    """The language for ``--lang``; an unsupported code is an error that lists the supported ones."""
    code = (code or DEFAULT_LANGUAGE).strip().lower()
    available = languages(table)
    if code not in available:
        raise MapgenError(f'language "{shown(code)}" is not supported; supported: {", ".join(sorted(available))}')
    return available[code]


def _languages(path: str, shipped: dict[str, Language] | None) -> dict[str, Language]:
    texts, lines = _read_table(Path(path))
    english = (shipped or {}).get(DEFAULT_LANGUAGE) or Language(DEFAULT_LANGUAGE, texts.get(DEFAULT_LANGUAGE, {}))
    if not english.strings:
        raise MapgenError(f"{path}:1: the translation table needs an en column")
    problems = []
    for code, strings in texts.items():
        base = shipped[code].strings if shipped and code in shipped else {}
        problems += [Problem(path, lines.get(key, 1), f'unknown key "{shown(key)}"')
                     for key in strings if key not in english.strings and not _plural_form_of(key, english.strings)]
        missing = [key for key in english.strings if key not in strings and key not in base]
        if missing:
            problems.append(Problem(path, 1, f"language {code}: no text for {len(missing)} key(s): "
                                             f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}"))
        for key, text in strings.items():
            reference = english.strings.get(key) or english.strings.get(f"{key.rpartition('_')[0]}_other", text)
            wanted = set(PLACEHOLDER.findall(reference))
            if set(PLACEHOLDER.findall(text)) != wanted:
                names = ", ".join("{" + name + "}" for name in sorted(wanted)) or "none"
                problems.append(Problem(path, lines[key], f'language {code}, "{key}": placeholders must be {names}'))
        texts[code] = {**base, **strings}
    if problems:
        more = f" (and {len(problems) - 1} more problem(s) in the table)" if len(problems) > 1 else ""
        raise MapgenError(f"{problems[0]}{more}")
    return {code: Language(code, strings) for code, strings in texts.items()}


def _plural_form_of(key: str, english: dict[str, str]) -> bool:
    """Whether ``key`` is a plural form (``country_few``) of a counted noun the table has."""
    noun, _, category = key.rpartition("_")
    return category in PLURAL_CATEGORIES and f"{noun}_other" in english


def _read_table(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """Texts by language and key, and the line of each key."""
    try:
        rows = read_lines(path)
    except InputProblems as err:
        raise MapgenError(str(err.problems[0])) from None
    if not rows or len(rows[0][1]) < 2 or rows[0][1][0].strip() != "key":
        raise MapgenError(f"{path}:1: a translation table starts with a header: key, then one column per language")
    codes = [code.strip().lower() for code in rows[0][1][1:]]
    texts: dict[str, dict[str, str]] = {code: {} for code in codes if code}
    lines: dict[str, int] = {}
    for line, row in rows[1:]:
        key = row[0].strip() if row else ""
        if not key:
            continue
        if key in lines:
            raise MapgenError(f'{path}:{line}: key "{shown(key)}" again (first on line {lines[key]})')
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for cell in row for ch in cell):
            raise MapgenError(f"{path}:{line}: a control character (NUL, escape, ...) in the text of {shown(key)}")
        lines[key] = line
        for code, text in zip(codes, row[1:]):
            if code and text.strip():
                texts[code][key] = text
    return {code: strings for code, strings in texts.items() if strings}, lines
