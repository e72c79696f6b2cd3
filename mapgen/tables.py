"""Reading every table mapgen takes in: facts, sources, suppliers, memberships, country aliases,
translations and datasets, through one reader.

Whatever a spreadsheet saved: UTF-8 (with or without a byte-order mark), UTF-16 or Windows-1252;
commas, semicolons, tabs or bars between cells (decided by the header line; ``.tsv`` is tabs);
and Excel workbooks (the first sheet). Line numbers are kept for messages. A column without a
header is named "column N" (N counting from 1), and a header used again "NAME (2)", so that no
two columns are ever merged; tables keyed by column name refuse a repeated header instead.
"""
from __future__ import annotations

import collections
import contextlib
import csv
import io
import numbers
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.errors import InputProblems, Problem, shown

DELIMITERS = ",;\t|"
# No input file may be larger than this unless the caller raises it (input_limit); it keeps an
# endless or runaway file from eating the machine's memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Rows mapgen reads in one go within its time and memory targets (10 s, 500 MB on a 2-core
# machine), counted as the parser reads them: a longer table is refused once its row limit is
# passed, before the rest is parsed.
MAX_FACT_ROWS = 50_000
MAX_DATASET_ROWS = 120_000
# No cell is longer than this (a claim is a paragraph at most), and no table wider; with the rows,
# they bound what one table can cost whatever its shape.
MAX_CELL_CHARS = 10_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
_limit = {"bytes": DEFAULT_MAX_BYTES}
# One line of a CSV file as the csv module ends lines: LF, CR LF or CR alone.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
    Rows are counted as they are parsed: a table with more than ``max_rows`` rows after its header
    is refused as soon as the parser reaches the next one."""
    path = Path(path)
    data = read_input(path, "table")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _checked(path, _xlsx_lines(path, data), max_rows)
    text = decode(path, data)
    del data  # the text is all that is needed from here on
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    # Lines split at CR, LF and CR LF only (str.splitlines would also break them at U+2028 and other
    # separators), one at a time. strict: a quote left open is an error, not a cell that swallows
    # the rest of the file. A cell over the length limit stops the parser there.
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader((match.group() for match in _LINE.finditer(text)), delimiter=delimiter, strict=True)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1

    try:
        return _checked(path, numbered(), max_rows)
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise _too_long_cell(path, reader.line_num) from None
        hint = "; a quote is left open" if "unexpected end of data" in str(err) else ""
        raise _problem(path, reader.line_num, f"malformed CSV ({err}{hint})") from None


def _checked(path: Path, lines: Iterable[tuple[int, list[str]]], max_rows: int | None) -> list[tuple[int, list[str]]]:
    """The lines, read one at a time against the limits on rows, columns and cell length."""
    read: list[tuple[int, list[str]]] = []
    cells_read = 0
    for number, cells in lines:
        if max_rows is not None and len(read) > max_rows:
            raise _too_long(path, max_rows)
        cells_read += len(cells)
        if cells_read > MAX_CELLS:
            raise _problem(path, number, f"more than {MAX_CELLS:,} cells, the most mapgen reads from a table "
                                         "within its time and memory limits; split it or leave out columns")
        if len(cells) > MAX_COLUMNS:
            raise _problem(path, number, f"{len(cells):,} cells in a row, over the {MAX_COLUMNS:,} columns mapgen "
                                         "reads from a table")
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise _too_long_cell(path, number)
        read.append((number, cells))
    return read


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


def _too_long(path: Path | str, max_rows: int) -> InputProblems:
    return _problem(path, None, f"more than {max_rows:,} rows, the most mapgen reads from such a table "
                                "within its time and memory limits; split it or aggregate it")


def _too_long_cell(path: Path | str, line: int | None) -> InputProblems:
    return _problem(path, line, f"a cell longer than {MAX_CELL_CHARS:,} characters, the most mapgen reads "
                                "in one cell")


def _xlsx_lines(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet's rows as its XML holds them, one at a time.

    The sheet's ``<dimension>`` tag is not trusted (it may be missing or wrong): rows are read
    until the sheet ends, and rows its sparse row numbers skip come out empty. Whatever a damaged
    workbook raises while it is read is one line naming the file.
    """
    import openpyxl

    _check_unpacked_size(path, data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a damaged file
        raise _not_a_workbook(path, err) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        number = 0
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                cells = next(rows, None)
            except Exception as err:  # broken XML, a bad number, date or shared string, an entity
                raise _problem(path, number + 1, f"cannot read this row of the Excel workbook "
                                                 f"({shown(str(err))})") from None
            if cells is None:
                return
            number += 1
            if len(cells) > MAX_COLUMNS:  # before the cells become text: a sparse row can be 16,384 wide
                raise _problem(path, number, f"{len(cells):,} cells in a row, over the {MAX_COLUMNS:,} columns "
                                             "mapgen reads from a table")
            yield number, ["" if cell is None else str(cell) for cell in cells]
    finally:
        workbook.close()


def _not_a_workbook(path: Path, err: Exception) -> InputProblems:
    return _problem(path, None, f"cannot read it as an Excel workbook ({shown(str(err))})")


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
    again gets " (2)", " (3)", ... (in time linear in the header's length, however often a name
    repeats)."""
    names: list[str] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for index in range(width):
        name = cells[index].strip() if index < len(cells) else ""
        base = name or f"column {index + 1}"
        name, n = base, next_number.get(base, 1)
        while name in taken:
            n += 1
            name = f"{base} ({n})"
        next_number[base] = n
        taken.add(name)
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
            raise _too_long(label, max_rows)
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
    repeated = sorted(name for name, count in collections.Counter(header).items() if name and count > 1)
    if repeated:
        raise _problem(path, first, f"column {listed(repeated)} appears twice in the header; which one is meant?")
    missing = [column for column in required if column not in header]
    if missing:
        raise _problem(path, first, f"missing column(s) {', '.join(missing)}; the header has {listed(header)}")
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
        stray = _CONTROL.search(value or "")
        if stray:
            return f"control character U+{ord(stray.group()):04X} in column {shown(column)}"
    return None


def listed(names: list[str], most: int = 10) -> str:
    """Names from an input file for a one-line message: each escaped and cut short, at most
    ``most`` of them and how many more."""
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return ", ".join(shown(name) for name in names[:most]) + more


def _problem(path: Path | str, line: int | None, message: str) -> InputProblems:
    return InputProblems([Problem(str(path), line, message)])
