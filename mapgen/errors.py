"""Errors a user can act on. The CLI turns each into one line on stderr and exit status 2."""
from __future__ import annotations

from dataclasses import dataclass


class MapgenError(Exception):
    """Bad input: a file, a value or an option the user can fix."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in an input file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class InputProblems(MapgenError):
    """Every problem found in the inputs, so a user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problem(s); run `mapgen check` to list them)" if len(problems) > 1 else ""
        super().__init__(first + more)
