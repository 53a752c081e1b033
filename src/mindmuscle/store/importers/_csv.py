"""Reading another app's CSV export strictly: delimiter detection (``,`` or ``;``), the header
checked against the app's real columns, every row complete; errors name file, row and column.

Rows are numbered like a spreadsheet: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import NoReturn

from mindmuscle.errors import DataError

__all__ = ["CsvRow", "read_table", "row_id"]


@dataclass(frozen=True, slots=True)
class CsvRow:
    source: str
    number: int
    values: dict[str, str]
    decimal_comma: bool = False
    raw: tuple[str, ...] = field(default=())

    def fail(self, column: str, problem: str) -> NoReturn:
        raise DataError(f"{self.source}, row {self.number}, column {column!r}: {problem}.")

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def number_or_none(self, column: str) -> float | None:
        text = self.text(column)
        if not text:
            return None
        if self.decimal_comma:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self.fail(column, f"{text!r} is not a number")
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(column, f"{text!r} is not a finite number")
        return value

    def whole_or_none(self, column: str) -> int | None:
        value = self.number_or_none(column)
        if value is None:
            return None
        if not value.is_integer():
            self.fail(column, f"{self.text(column)!r} is not a whole number")
        return int(value)

    def time(self, column: str, formats: Sequence[str], tz: tzinfo | None) -> datetime:
        """A zone-less time read in ``tz`` (``None``: the system's local zone, with DST)."""
        text = " ".join(self.text(column).replace("\u202f", " ").replace("\xa0", " ").split())
        for fmt in formats:
            try:
                moment = datetime.strptime(text, fmt)
            except ValueError:
                continue
            return _aware(moment, tz)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(column, f"{text!r} is not a date and time like {formats[0]!r}")
        return _aware(moment, tz)


def _aware(moment: datetime, tz: tzinfo | None) -> datetime:
    if moment.tzinfo is not None:
        return moment
    return moment.astimezone() if tz is None else moment.replace(tzinfo=tz)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{source}: not UTF-8 text at byte {exc.start}; expected a CSV export."
        ) from None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_table(
    data: bytes, *, source: str, app: str, required: Sequence[str], other_app: dict[str, str]
) -> tuple[list[str], Iterator[CsvRow]]:
    """Check the header and return it with an iterator over the data rows.

    ``other_app`` maps a column typical of another format to that format's import command,
    so a wrong file gets "this looks like a Hevy export" instead of a bare missing column.
    """
    text = _decode(data, source)
    if "\x00" in text:
        raise DataError(f"{source}: contains NUL bytes; expected a {app} CSV export.")
    first_line = next(iter(io.StringIO(text, newline="")), "")
    if not first_line.strip():
        raise DataError(f"{source}: is empty; expected a {app} CSV export with a header row.")
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header = [h.strip() for h in _next(reader, source, 1) or []]
    missing = [c for c in required if c not in header]
    if missing:
        guess = next((v for k, v in other_app.items() if k in header), None)
        if guess is not None:
            raise DataError(
                f"{source}, row 1: column {missing[0]!r} is missing; this looks like {guess}, "
                f"not a {app} CSV export."
            )
        raise DataError(
            f"{source}, row 1: column {missing[0]!r} is missing; expected a {app} CSV export "
            f"with the columns {', '.join(required)}."
        )
    return header, _rows(reader, header, source, decimal_comma=delimiter == ";")


def _next(reader: Iterator[list[str]], source: str, number: int) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise DataError(f"{source}, row {number}: malformed CSV ({exc}).") from None


def _rows(
    reader: Iterator[list[str]], header: list[str], source: str, *, decimal_comma: bool
) -> Iterator[CsvRow]:
    number = 1
    while True:
        number += 1
        fields = _next(reader, source, number)
        if fields is None:
            return
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise DataError(
                f"{source}, row {number}: has {len(fields)} fields, expected {len(header)} "
                "as in the header (a truncated or malformed line)."
            )
        values = dict(zip(header, fields, strict=True))
        yield CsvRow(source, number, values, decimal_comma, tuple(fields))


def row_id(app: str, *parts: object) -> str:
    """A deterministic id from a row's content: re-importing a file adds nothing twice."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{app}-{digest[:32]}"
