"""Errors a user can act on. The CLI turns each into one line on stderr and exit status 2."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# What the command says when Ctrl-C stops it (exit status 130).
INTERRUPTED = "mapgen: interrupted\n"


def shown(text: str, limit: int = 60) -> str:
    """A value from an input file, fit to quote in a one-line message.

    Control and format characters (newlines, U+2028, bidi overrides, ...) are written as
    escapes, so a value cannot break the line or reorder what the terminal shows.
    """
    visible = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text
    )
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


class MapgenError(Exception):
    """Bad input: a file, a value or an option the user can fix.

    ``option`` names the API parameter that would fix or change it (``skip_unresolved``, ``dpi``,
    ...), and ``hint`` says so in API terms; the CLI words the same hint with its own flags.
    """

    def __init__(self, message: str, *, option: str | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.option = option
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in an input file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.file.endswith("DataFrame"):  # a table given in Python: pandas' row numbers
            where = self.file if self.line is None else f"{self.file}, {'columns' if self.line == 0 else 'row'}"
            where += f" {self.line}" if self.line else ""
        else:
            where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class InputProblems(MapgenError):
    """Every problem found in the inputs, so a user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first + more, option="check" if more else None,
                         hint="InputProblems.problems lists them" if more else "")
