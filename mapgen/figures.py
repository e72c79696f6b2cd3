"""Figures in a sentence as its language writes them, with the source's qualifier and unit.

"at least 63 countries", "36 out of 86 BRI countries", "Près de 60 % du chiffre d'affaires",
"Casi 2.500 cámaras", "mehr als 1.000 Kameras": the digits are read by the text's language
(mapgen.numbers, Babel), figures written as words ("three of seven") come from the cue table, and
the qualifier is the cue that stands right before the figure. A year (1900 to 2100, alone) is no
figure, nor a number with no unit after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mapgen.gazetteer import Mention
from mapgen.numbers import NumberError, possible_readings, read_number
from mapgen.qualifiers import EXACT

DIGITS = re.compile(r"(?<![\w.,])(?P<currency>US\$|\$|€|£)?(?P<number>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?"
                    r"|\d+(?:[.,]\d+)?)(?P<scale>m|bn|k)?(?![\w])")
DENOMINATOR = re.compile(r"\s+(?:out of|of|sur|de|des|dos|das|von|aus)(?:\s+(?:the|les|los|las|os|as|den))?\s+(?=\S)",
                         re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w'’-]*")
SCALES = {"million", "millions", "billion", "billions", "milliard", "milliards", "millones", "mil", "millionen",
          "milliarden", "milhões", "bilhões", "trillion"}
LEADING = {"the", "les", "los", "las", "die", "den", "der", "os", "as", "de", "des", "of"}
CURRENCIES = {"$": "US$", "US$": "US$", "€": "€", "£": "£"}
SUFFIXES = {"m": "million", "bn": "billion", "k": "thousand"}


@dataclass(frozen=True)
class Figure:
    value: float
    denominator: float | None
    unit: str
    qualifier: str
    start: int  # where its words start (the qualifier's, if any)
    end: int
    words: str  # which words were read


def read_figures(text: str, start: int, end: int, mentions: list[Mention], language: str) -> list[Figure]:
    """Every figure with a unit in text[start:end]."""
    figures = []
    number_words = {m.start: m for m in mentions if m.kind == "number"}
    percents = [m for m in mentions if m.kind == "percent"]
    qualifiers = [m for m in mentions if m.kind == "qualifier"]
    for match in DIGITS.finditer(text, start, end):
        value = _value(match.group("number"), language)
        if value is None or _is_year(match, value):
            continue
        figures.append(_figure(text, match.start(), match.end(), value, match, end, number_words, percents,
                               qualifiers, language))
    for mention in number_words.values():
        if start <= mention.start < end:
            figure = _figure(text, mention.start, mention.end, float(mention.value), None, end, number_words,
                             percents, qualifiers, language)
            if figure.denominator is not None or figure.unit == "%":
                figures.append(figure)
    figures.sort(key=lambda f: (f.start, -f.end))
    kept: list[Figure] = []
    for figure in figures:  # a denominator is part of its figure, not one of its own
        if figure.unit and not any(k.start <= figure.start < k.end for k in kept):
            kept.append(figure)
    return kept


def _figure(text, start, end, value, match, limit, number_words, percents, qualifiers, language) -> Figure:
    after = end
    denominator = None
    joint = DENOMINATOR.match(text, after, limit)
    if joint:
        number = DIGITS.match(text, joint.end(), limit)
        word = number_words.get(joint.end())
        if number and _value(number.group("number"), language) is not None:
            denominator, after = _value(number.group("number"), language), number.end()
        elif word:
            denominator, after = float(word.value), word.end
    unit, after = _unit(text, after, limit, percents, language)
    if match and match.group("currency"):
        scale = SUFFIXES.get(match.group("scale") or "", "")
        unit = " ".join(part for part in (scale, CURRENCIES[match.group("currency")]) if part)
    qualifier = next((q for q in qualifiers if q.end <= start and not text[q.end:start].strip()), None)
    first = qualifier.start if qualifier else start
    return Figure(value, denominator, unit, qualifier.value if qualifier else EXACT, first, after,
                  text[first:after])


def _value(written: str, language: str) -> float | None:
    try:
        return read_number(written, language, declared=True)
    except NumberError:
        readings = possible_readings(written.replace(" ", ""))
        return float(readings[0]) if len(readings) == 1 else None


def _is_year(match: re.Match, value: float) -> bool:
    return (value.is_integer() and 1900 <= value <= 2100 and match.group("number").isdigit()
            and not match.group("currency"))


def _unit(text: str, position: int, limit: int, percents: list[Mention], language: str) -> tuple[str, int]:
    """The words after a figure that say what it counts ("%", "countries", "billion yuan",
    "African states"), and where they end."""
    rest = text[position:limit]
    gap = len(rest) - len(rest.lstrip())
    percent = next((p for p in percents if p.start in (position, position + gap)), None)
    if percent:
        return "%", percent.end
    words: list[str] = []
    end = position
    for match in WORD.finditer(text, position, limit):
        if words or match.group().lower() not in LEADING:
            words.append(match.group())
            end = match.end()
        # English capitalises an adjective of place ("African states"); German every noun.
        goes_on = words and (words[0].lower() in SCALES or language == "en" and words[0][0].isupper())
        if len(words) == 2 or words and not goes_on or text[match.end():match.end() + 1] in ",.;:)":
            break
    return " ".join(words), end
