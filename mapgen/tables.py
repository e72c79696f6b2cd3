"""Reading every table mapgen takes in: facts, sources, suppliers, memberships, country aliases,
translations and datasets, through one reader.

Whatever a spreadsheet saved: UTF-8 (with or without a byte-order mark), UTF-16 or Windows-1252;
commas, semicolons, tabs or bars between cells (decided by the header line; ``.tsv`` is tabs);
and Excel workbooks (the first sheet). Line numbers are kept for messages. A column without a
header is named "column N" (N counting from 1), and a header used again "NAME (2)", so that no
two columns are ever merged; tables keyed by column name refuse a repeated header instead.
"""
from __future__ import annotations

import contextlib
import csv
import io
import numbers
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.errors import InputProblems, Problem, shown

DELIMITERS = ",;\t|"
# No input file may be larger than this unless the caller raises it (input_limit); it keeps an
# endless or runaway file from eating the machine's memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Rows mapgen reads in one go within its time and memory targets (10 s, 500 MB on a 2-core
# machine); a longer table is refused at once, before it is parsed.
MAX_FACT_ROWS = 50_000
MAX_DATASET_ROWS = 120_000
_limit = {"bytes": DEFAULT_MAX_BYTES}


@contextlib.contextmanager
def input_limit(max_bytes: int | None):
    """Raise (or lower) the size limit on input files within this block."""
    previous = _limit["bytes"]
    _limit["bytes"] = max_bytes or previous
    try:
        yield
    finally:
        _limit["bytes"] = previous


def read_input(path: Path | str, what: str = "file") -> bytes:
    """The bytes of an input file, guarded: regular files only (no folder, FIFO or device) and at
    most the size limit, with one clear line otherwise."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _problem(path, None, f"{what} not found") from None
    except OSError as err:
        raise _problem(path, None, f"cannot read it ({err.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _problem(path, None, f"is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise _problem(path, None, f"is not a regular file (a pipe, device or socket); give mapgen a {what}")
    limit = _limit["bytes"]
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _problem(path, None, f"larger than {limit // (1024 * 1024)} MB, the limit for an input file "
                                   "(raise the limit with --max-input-mb, or max_input_mb in Python)")
    return data


@dataclass(frozen=True)
class Table:
    """A table's rows under unique column names."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line or row number, values by column), blank rows left out


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    typed: frozenset[str] = frozenset()  # columns whose cell was a number, not text (in a DataFrame)

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def read_lines(path: Path, max_rows: int | None = None) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every line of a CSV, TSV or XLSX file; raises InputProblems.
    A table with more than ``max_rows`` rows is refused before it is parsed."""
    path = Path(path)
    data = read_input(path, "table")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_lines(path, data, max_rows)
    text = decode(path, data)
    if max_rows is not None and text.count("\n") > max_rows + 1:
        raise _too_long(path, text.count("\n"), max_rows)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    # StringIO, not str.splitlines: the latter also breaks lines at U+2028 and other separators.
    # strict: a quote left open is an error, not a cell that swallows the rest of the file.
    csv.field_size_limit(max(_limit["bytes"], 131072))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = []
    try:
        start = 1
        for cells in reader:
            lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        hint = "; a quote is left open" if "unexpected end of data" in str(err) else ""
        raise _problem(path, reader.line_num, f"malformed CSV ({err}{hint})") from None
    return lines


def decode(path: Path, data: bytes | None = None) -> str:
    """The file's text: UTF-16 when it starts with its mark, else UTF-8, else Windows-1252."""
    data = read_input(path) if data is None else data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _problem(path, None, "damaged UTF-16 text; save it again as UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise _problem(path, line, f"neither UTF-8 nor Windows-1252 text (byte 0x{data[utf8_error.start]:02x}); "
                                   "save the file as UTF-8") from None


def _delimiter(text: str) -> str:
    """The candidate the header line uses most (outside quotes); a comma when it uses none."""
    header = text.split("\n", 1)[0]
    counts = {candidate: 0 for candidate in DELIMITERS}
    quoted = False
    for character in header:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _too_long(path: Path | str, rows: int, max_rows: int) -> InputProblems:
    return _problem(path, None, f"about {rows:,} rows, over the {max_rows:,} mapgen reads from such a table "
                                "within its time and memory limits; split it or aggregate it")


def _xlsx_lines(path: Path, data: bytes, max_rows: int | None = None) -> list[tuple[int, list[str]]]:
    import openpyxl

    _check_unpacked_size(path, data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = workbook.worksheets[0].max_row or 0
    except Exception as err:  # openpyxl raises several types for a damaged file
        raise _problem(path, None, f"cannot read it as an Excel workbook ({shown(str(err))})") from None
    if max_rows is not None and rows > max_rows + 1:
        workbook.close()
        raise _too_long(path, rows, max_rows)
    try:
        return [(number, ["" if cell is None else str(cell) for cell in cells])
                for number, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """An Excel file is a zip: refuse one that would unpack to more than the limit (a zip bomb)
    before openpyxl reads any of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _problem(path, None, "cannot read it as an Excel workbook (not a zip file)") from None
    if unpacked > _limit["bytes"]:
        raise _problem(path, None, f"unpacks to {unpacked // (1024 * 1024)} MB, over the "
                                   f"{_limit['bytes'] // (1024 * 1024)} MB limit for an input file "
                                   "(raise the limit with --max-input-mb, or max_input_mb in Python)")


def unique_header(cells: list[str], width: int) -> list[str]:
    """Column names, one per column: a column without a header is "column N", and a header used
    again gets " (2)", " (3)", ..."""
    names: list[str] = []
    for index in range(width):
        name = cells[index].strip() if index < len(cells) else ""
        base = name or f"column {index + 1}"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base} ({n})"
        names.append(name)
    return names


def read_any_table(path: Path) -> Table:
    """Every column of a table (datasets): nothing merged, cells stripped, blank rows left out."""
    lines = read_lines(path, MAX_DATASET_ROWS)
    if not lines or not any(cell.strip() for cell in lines[0][1]):
        raise _problem(path, 1, "empty file: expected a header row")
    width = max(len(cells) for _, cells in lines)
    header = unique_header(lines[0][1], width)
    rows = []
    for number, cells in lines[1:]:
        values = [cell.strip() for cell in cells]
        if any(values):
            rows.append((number, dict(zip(header, values))))
    return Table(Path(path), header, rows)


def read_table(source: Any, required: tuple[str, ...], label: str | None = None,
               max_rows: int | None = None) -> list[Row]:
    """Rows of a table keyed by column name that must have the ``required`` columns: a file, or
    a pandas DataFrame (its rows numbered from 1 after the header, as a spreadsheet shows them).

    Raises InputProblems for a missing or unreadable file, a missing or repeated column, a row
    with more cells than the header, or a control character (NUL, escape, ...) in a cell.
    """
    typed: dict[int, frozenset[str]] = {}
    if is_frame(source):
        label = label or "DataFrame"
        length = len(source.index)  # a DataFrame's rows
        if max_rows is not None and length > max_rows:
            raise _too_long(label, length, max_rows)
        lines = _frame_lines(source)
        typed = _frame_numbers(source)
    else:
        label = str(source)
        lines = read_lines(source, max_rows)
    path = label
    header = [cell.strip() for cell in lines[0][1]] if lines else []
    first = lines[0][0] if lines else 1
    if not any(header):
        raise _problem(path, first, "empty file: expected a header row")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise _problem(path, first, f'column {", ".join(repeated)} appears twice in the header; which one is meant?')
    missing = [column for column in required if column not in header]
    if missing:
        raise _problem(path, first, f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}")
    rows, problems = [], []
    for line, cells in lines[1:]:
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
            problems.append(Problem(label, line, f"{len(cells)} cells but the header has {len(header)}; "
                                                 "quote cells that contain the delimiter"))
            continue
        record = dict(zip(header, cells))
        if not any(value.strip() for value in record.values()):
            continue
        stray = _control_character(record)
        if stray:
            problems.append(Problem(label, line, stray))
            continue
        rows.append(Row(line, record, typed.get(line, frozenset())))
    if problems:
        raise InputProblems(problems)
    return rows


def is_frame(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "itertuples")


def _frame_lines(frame: Any) -> list[tuple[int, list[str]]]:
    """A DataFrame as lines of text cells, header first: missing values are empty cells."""
    def cell(value: Any) -> str:
        return "" if value is None or value != value else str(value)  # NaN is the one value unequal to itself

    # Numbered as pandas counts rows (from 0); the header is "line" 0.
    lines = [(0, [str(column) for column in frame.columns])]
    lines += [(number, [cell(value) for value in row]) for number, row in
              enumerate(frame.itertuples(index=False, name=None))]
    return lines


def _frame_numbers(frame: Any) -> dict[int, frozenset[str]]:
    """Per row of a DataFrame, the columns holding numbers rather than text: their cells are
    read as numbers, whatever convention the project's files write."""
    def number(value: Any) -> bool:
        return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value

    columns = [str(column) for column in frame.columns]
    return {line: frozenset(column for column, value in zip(columns, row) if number(value))
            for line, row in enumerate(frame.itertuples(index=False, name=None))}


def _control_character(record: dict[str, str]) -> str | None:
    """Say where a cell holds a control character (NUL, escape, ...) that no text should hold."""
    for column, value in record.items():
        for character in value or "":
            if unicodedata.category(character) == "Cc" and character not in "\t\n\r":
                return f"control character U+{ord(character):04X} in column {column}"
    return None


def _problem(path: Path | str, line: int | None, message: str) -> InputProblems:
    return InputProblems([Problem(str(path), line, message)])
