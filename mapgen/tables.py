"""Reading the small CSV tables mapgen's inputs are made of, with line numbers for errors."""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import InputProblems, Problem


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def read_table(path: Path, required: tuple[str, ...]) -> list[Row]:
    """Rows of a UTF-8 CSV file that must have the ``required`` columns.

    Raises InputProblems for a missing or unreadable file, text that is not UTF-8, a missing
    column, or a row with more cells than the header.
    """
    label = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputProblems([Problem(label, None, "file not found")]) from None
    except IsADirectoryError:
        raise InputProblems([Problem(label, None, "is a folder, not a CSV file")]) from None
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise InputProblems([Problem(
            label, line, f"not UTF-8 text (byte 0x{path.read_bytes()[err.start]:02x}); save the file as UTF-8"
        )]) from None
    # StringIO, not str.splitlines: the latter also breaks lines at U+2028 and other separators.
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="__extra__")
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        raise InputProblems([Problem(label, 1, "empty file: expected a header row")])
    reader.fieldnames = header
    missing = [column for column in required if column not in header]
    if missing:
        raise InputProblems([Problem(
            label, 1, f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}"
        )])
    rows, problems, next_line = [], [], 2
    try:
        for record in reader:
            line, next_line = next_line, reader.line_num + 1
            if "__extra__" in record:
                problems.append(Problem(label, line, f"{len(header) + len(record['__extra__'])} cells but the header has {len(header)}; quote cells that contain commas"))
                continue
            if not any((value or "").strip() for value in record.values()):
                continue
            stray = _control_character(record)
            if stray:
                problems.append(Problem(label, line, stray))
                continue
            rows.append(Row(line, record))
    except csv.Error as err:
        problems.append(Problem(label, reader.line_num, f"malformed CSV: {err}"))
    if problems:
        raise InputProblems(problems)
    return rows


def _control_character(record: dict[str, str]) -> str | None:
    """Say where a cell holds a control character (NUL, escape, ...) that no text should hold."""
    for column, value in record.items():
        for character in value or "":
            if unicodedata.category(character) == "Cc" and character not in "\t\n\r":
                return f"control character U+{ord(character):04X} in column {column}"
    return None
