"""Checking small TOML files (dataset recipes, project files) key by key.

A schema maps each key to (field name, checker). A checker returns the value as the program wants
it or raises ``Wrong`` saying what was expected; ``checked_fields`` turns that, and any unknown
key, into one error naming the file, the key and, where one is close, the key that was meant.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mapgen.errors import InputProblems, MapgenError, shown
from mapgen.names import did_you_mean
from mapgen.tables import read_input

Checker = Callable[[Any], Any]
Schema = Mapping[str, tuple[str, Checker]]


class Wrong(Exception):
    def __init__(self, expected: str):
        self.expected = expected


def text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Wrong("a non-empty string")


def text_or_number(value: Any) -> str:
    if isinstance(value, bool):
        raise Wrong("a string or a number")
    if isinstance(value, (int, float)):
        return str(value)
    return text(value)


def texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value):
        return tuple(item.strip() for item in value)
    raise Wrong("a list of non-empty strings")


def text_or_texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (text(value),)
    try:
        return texts(value)
    except Wrong:
        raise Wrong("a string or a list of strings") from None


def mapping(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k).strip(): v.strip() for k, v in value.items()}
    raise Wrong('a table of strings, e.g. { IBMN = "IBM" }')


def by_language(value: Any) -> dict[str, str]:
    """A text, or a table of texts by language code: "Title" or { en = "Title", pt = "Título" }.
    A plain text is kept under "" (any language)."""
    if isinstance(value, str) and value.strip():
        return {"": value.strip()}
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k).strip().lower(): v.strip() for k, v in value.items()}
    raise Wrong('a string, or a table by language code, e.g. { en = "...", pt = "..." }')


def lists_by_language(value: Any) -> dict[str, tuple[str, ...]]:
    """A list of words, or a table of lists by language code: ["built"] or { en = ["built"],
    fr = ["construit"] }. A plain list is kept under "" (any language)."""
    if isinstance(value, list):
        return {"": texts(value)}
    if isinstance(value, dict) and value:
        try:
            return {str(key).strip().lower(): texts(words) for key, words in value.items()}
        except Wrong:
            pass
    raise Wrong('a list of words, or a table of lists by language code, e.g. { en = ["built"], fr = ["construit"] }')


def shown_value(value: Any) -> str:
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return shown(repr(value))


def checked_fields(where: str, data: dict, schema: Schema, error: type[MapgenError], prefix: str = "",
                   extra: tuple[str, ...] = (), hints: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``data``'s keys as field names with checked values; ``extra`` keys are the caller's to read."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in extra:
            continue
        if key not in schema:
            known = (*schema, *extra)
            hint = f"; did you mean {hints[key]}?" if hints and key in hints else did_you_mean(str(key), known)
            raise error(f'{where}: unknown key "{prefix}{shown(str(key))}"{hint} (keys: {", ".join(known)})')
        name, check = schema[key]
        try:
            fields[name] = check(value)
        except Wrong as wrong:
            raise error(f"{where}: {prefix}{key} must be {wrong.expected}, got {shown_value(value)}") from None
    return fields


def read_toml(path: Path, what: str, error: type[MapgenError]) -> dict:
    """A TOML file's table; ``what`` names the kind of file in messages ("recipe", "project file")."""
    try:
        return tomllib.loads(read_input(path, what).decode("utf-8"))
    except InputProblems as err:
        raise error(str(err.problems[0])) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise error(f"{path}: not a TOML {what} ({shown(str(err), 120)})") from None
    except RecursionError:
        raise error(f"{path}: not a TOML {what} (tables or lists nested too deep)") from None
