"""Reading order-export CSV files the way spreadsheets leave them.

A byte-order mark, `;` or tab separators (European spreadsheets), CRLF line ends
and quoted cells holding newlines are all common. Columns are known by their
header's name, never their position, and each record keeps the line it starts on.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from plugins.api import PluginError


class OrderFileError(PluginError):
    """A file that cannot be read as an order export; `title` names it."""


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


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:4096]:
        raise OrderFileError(
            "is a binary file, not a CSV export; give the order export saved as CSV",
            str(path),
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("windows-1252", errors="replace")


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


@dataclass(frozen=True, slots=True)
class CsvFile:
    path: Path
    header: list[str]
    records: list[CsvRecord]


def read_csv(path: Path) -> CsvFile:
    """The header and every record of the file, with its starting line number."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise OrderFileError(
            "is a folder; give the CSV file itself", str(path)
        ) from None
    except FileNotFoundError:
        raise OrderFileError("no such file", str(path)) from None
    except OSError as exc:
        raise OrderFileError(f"cannot be read ({exc.strerror})", str(path)) from None
    text = _decode(raw, path)
    if not text.strip():
        raise OrderFileError(
            "is empty; give an order export with its header row", str(path)
        )
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_separator(text.split("\n", 1)[0])
    )
    try:
        header = next(reader)
        keys = [column_key(name) for name in header]
        records = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append(CsvRecord(start, dict(zip(keys, row, strict=False))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise OrderFileError(
            f"line {reader.line_num}: {exc}; check the file's quoting", str(path)
        ) from None
    return CsvFile(path, header, records)
