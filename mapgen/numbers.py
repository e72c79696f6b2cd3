"""Reading the numbers a facts file writes, as its authors write them.

A German newsroom writes 2,4 and 1.000; an English one 2.4 and 1,000. A project says which
convention its facts use (``numbers`` in mapgen.toml, a locale such as "de"; by default the
project's language) and Babel reads each value by that locale's symbols. A value is refused,
with every way it could be read, when:

- the convention cannot read it ("1,85" in English: 185 or 1.85?);
- it uses a separator the convention does not (a dot in French) and reads more than one way;
- the convention was not declared but only taken from the language, and the value has one
  separator followed by exactly three digits ("1.000": 1 or 1000?). Declaring ``numbers``
  settles it.

A value beyond ``MAX_VALUE`` is refused too: no sourced figure is that large, and such a value
is a typo or a unit error.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.core import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

MAX_VALUE = 10**15
# Spaces that conventions use to group digits: plain, no-break and narrow no-break, thin.
SPACES = " \u00a0\u202f\u2009"
WRITTEN = re.compile(rf"[0-9][0-9.,'\u2019{SPACES}]*")
# One separator with exactly three digits after it: a decimal in one convention, a grouping in another.
TWO_WAYS = re.compile(r"[0-9]{1,3}[.,][0-9]{3}")
# How digits are written where the decimal sign is a dot or a comma: groups of three after the
# first, separated by the other sign, a space or an apostrophe.
READINGS = {
    ".": re.compile(rf"[0-9]{{1,3}}(?:[,'\u2019{SPACES}][0-9]{{3}})*(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"),
    ",": re.compile(rf"[0-9]{{1,3}}(?:[.'\u2019{SPACES}][0-9]{{3}})*(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"),
}


class NumberError(ValueError):
    """A value that cannot be read as one number; the message says why, with its readings."""


def check_convention(code: str) -> str:
    """A locale code Babel knows ("de", "pt_BR", "de_CH"), as Babel writes it."""
    try:
        return str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise NumberError(f'"{code}" is not a locale Babel knows (e.g. "en", "de", "fr", "pt_BR")') from None


def read_number(text: str, convention: str, declared: bool = True) -> float:
    """``text`` read in ``convention`` (a Babel locale); raises NumberError."""
    written = text.strip()
    if not WRITTEN.fullmatch(written):
        raise NumberError("a figure is a non-negative number written in digits")
    readings = possible_readings(written)
    own = _own_reading(written, convention)
    settle = f'say how the facts write numbers (numbers = "{convention}" in mapgen.toml, or another locale)'
    if own is None:
        ignored = Decimal(re.sub(r"[^0-9]", "", written))
        guesses = readings + [ignored] * (ignored not in readings)
        raise NumberError(f"{_name(convention)} numbers are not written so; it could be "
                          f"{' or '.join(map(plain, guesses))}: write it as {_name(convention)} does"
                          + ("" if declared else f", or {settle}"))
    foreign = set(re.sub(r"[0-9]", "", written)) - _symbols(convention)
    if len(readings) > 1 and (foreign or (not declared and TWO_WAYS.fullmatch(written))):
        advice = "write it without the separator" if declared else f"{settle}, or write it without the separator"
        raise NumberError(f"it reads two ways, {' or '.join(map(plain, readings))}: {advice}")
    if not own <= MAX_VALUE:
        raise NumberError(f"{plain(own)} is beyond any sensible figure (at most {plain(MAX_VALUE)})")
    return float(own)


def possible_readings(written: str) -> list[Decimal]:
    """Every value ``written`` could mean, with a dot or a comma as the decimal sign."""
    values: list[Decimal] = []
    for decimal_sign, pattern in READINGS.items():
        if pattern.fullmatch(written):
            digits = re.sub(rf"[^0-9{re.escape(decimal_sign)}]", "", written).replace(decimal_sign, ".")
            value = Decimal(digits)
            if value not in values:
                values.append(value)
    return values


def plain(value: float | Decimal) -> str:
    """A number as plain digits, the way data files write it: 1000, 2.4."""
    number = Decimal(str(value))
    return format(number.to_integral_value(), "f") if number == number.to_integral_value() else format(
        number.normalize(), "f")


def _own_reading(written: str, convention: str) -> Decimal | None:
    try:
        return parse_decimal(_with_group_spaces(written, convention), locale=convention, strict=True)
    except (NumberFormatError, InvalidOperation):
        return None


def _with_group_spaces(written: str, convention: str) -> str:
    """Any space written between digits as the convention's own grouping space, where it groups with one."""
    group = get_group_symbol(convention)
    if group in SPACES:
        return re.sub(f"[{SPACES}]", group, written)
    return written


def _symbols(convention: str) -> set[str]:
    group = get_group_symbol(convention)
    return {get_decimal_symbol(convention), group, *(SPACES if group in SPACES else "")}


def _name(convention: str) -> str:
    """ "German (de)": a convention as people know it."""
    return f"{Locale.parse(convention).english_name} ({convention})"
