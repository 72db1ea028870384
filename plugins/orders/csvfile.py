"""Reading order-export CSV files the way spreadsheets leave them, streamed.

A byte-order mark, `;` or tab separators (European spreadsheets), CRLF line ends
and quoted cells holding newlines are all common. Columns are known by their
header's name, never their position, and each record keeps the line it starts
on. Records are read one at a time, so a million-row export costs the memory of
one row: a first pass (bounded, a chunk at a time) only settles the encoding.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from plugins.api import PluginError

_CHUNK = 1 << 20
# The csv module refuses cells over 128 KB by default; notes can be long.
csv.field_size_limit(16 * 1024 * 1024)


class OrderFileError(PluginError):
    """A file that cannot be read as an order export; `title` names it."""


@lru_cache(maxsize=4096)  # asked for every cell a reader looks at
def column_key(name: str) -> str:
    """`Lineitem quantity`, `lineitem_quantity` and ` LineItem Quantity` alike."""
    return re.sub(r"[\s_]+", " ", name.strip().lower())


@dataclass(frozen=True, slots=True)
class CsvRecord:
    line: int
    cells: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty cell among these column names."""
        for name in names:
            value = self.cells.get(column_key(name), "").strip()
            if value:
                return value
        return ""


def _open_error(path: Path, exc: OSError) -> OrderFileError:
    if isinstance(exc, IsADirectoryError):
        return OrderFileError("is a folder; give the CSV file itself", str(path))
    if isinstance(exc, FileNotFoundError):
        return OrderFileError("no such file", str(path))
    return OrderFileError(f"cannot be read ({exc.strerror})", str(path))


def _encoding(path: Path) -> str:
    """UTF-8 (a byte-order mark skipped) if the whole file is, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
            if b"\x00" in head:
                raise OrderFileError(
                    "is a binary file, not a CSV export; give the order export "
                    "saved as CSV",
                    str(path),
                )
            chunk = head
            try:
                while chunk:
                    decoder.decode(chunk)
                    chunk = handle.read(_CHUNK)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "windows-1252"
    except OSError as exc:
        raise _open_error(path, exc) from None
    return "utf-8-sig"


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A file's header; `records()` reads its rows again each time it is called."""

    path: Path
    header: list[str]
    encoding: str
    separator: str

    def records(self) -> Iterator[CsvRecord]:
        """Every non-empty row, with the line it starts on, one at a time."""
        with _open_text(self.path, self.encoding) as handle:
            reader = csv.reader(handle, delimiter=self.separator)
            try:
                header = next(reader, [])
                keys = [column_key(name) for name in header]
                start = reader.line_num + 1
                for row in reader:
                    if any(cell.strip() for cell in row):
                        yield CsvRecord(start, dict(zip(keys, row, strict=False)))
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise OrderFileError(
                    f"line {reader.line_num}: {exc}; check the file's quoting",
                    str(self.path),
                ) from None


def _open_text(path: Path, encoding: str) -> TextIO:
    try:
        return path.open(encoding=encoding, errors="replace", newline="")
    except OSError as exc:
        raise _open_error(path, exc) from None


def read_csv(path: Path) -> CsvFile:
    """The file's header, its encoding and separator; rows come from records()."""
    encoding = _encoding(path)
    with _open_text(path, encoding) as handle:
        first = next((line for line in handle if line.strip()), "")
    if not first:
        raise OrderFileError(
            "is empty; give an order export with its header row", str(path)
        )
    separator = _separator(first)
    with _open_text(path, encoding) as handle:
        header = next(csv.reader(handle, delimiter=separator), [])
    return CsvFile(path, header, encoding, separator)
