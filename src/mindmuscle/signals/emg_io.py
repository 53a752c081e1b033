"""Reading EMG recordings: CSV exports, EDF/EDF+/BDF and C3D analog channels.

Every reader returns a :class:`Recording`: channels x samples in float32 at one rate,
with the channel names and units, the gaps found (missing samples are NaN) and notes.
A file that cannot be read raises :class:`~mindmuscle.errors.DataError` with one
sentence naming the file, the line and column where that applies, and what was expected.

CSV exports tolerated: metadata lines before the header row; ``,`` ``;`` or tab
separators (a decimal comma with ``;``); units in headers (``Biceps (mV)``, ``X[s]``,
``emg_mV``); Delsys/Trigno-style repeated ``X[s]`` time columns (the first is used);
trailing separators; a time column in seconds (or ms when so labelled), or ``--fs``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mindmuscle.errors import DataError

__all__ = [
    "Gap",
    "Recording",
    "find_clipping",
    "read_csv",
    "read_recording",
    "resolve_channels",
    "split_unit",
]

_HEAD_LINES = 80
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_TIME_NAMES = frozenset(
    {"time", "t", "x", "times", "timestamp", "seconds", "sec", "s", "ms", "zeit", "tiempo"}
)
_UNIT_SUFFIX = re.compile(r"^(?P<base>.+?)_(?P<unit>mV|uV|µV|V)$")
_UNIT_BRACKET = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]*)[\)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Gap:
    """Missing samples from ``start`` to ``end`` seconds; ``channel`` None means every channel."""

    start: float
    end: float
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Recording:
    """Channels x samples (float32) at ``fs`` Hz; times are seconds from the first sample."""

    source: str
    fs: float
    names: tuple[str, ...]
    units: tuple[str | None, ...]
    data: npt.NDArray[np.float32]
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def duration(self) -> float:
        return float(self.data.shape[-1] / self.fs)

    def select(self, names: Sequence[str]) -> Recording:
        """The recording with only ``names`` (resolved like :func:`resolve_channels`)."""
        idx = resolve_channels(names, self.names, self.source)
        chosen = {self.names[i] for i in idx}
        return replace(
            self,
            names=tuple(self.names[i] for i in idx),
            units=tuple(self.units[i] for i in idx),
            data=self.data[idx],
            gaps=tuple(g for g in self.gaps if g.channel is None or g.channel in chosen),
        )


def split_unit(header: str) -> tuple[str, str | None]:
    """``"Biceps (mV)"`` -> ``("Biceps", "mV")``; ``"emg_mV"`` keeps its name, unit mV.

    >>> split_unit("X[s]"), split_unit("emg_mV"), split_unit("EMG 1")
    (('X', 's'), ('emg_mV', 'mV'), ('EMG 1', None))
    """
    text = header.strip().strip('"').strip()
    bracket = _UNIT_BRACKET.match(text)
    if bracket and bracket["name"]:
        return bracket["name"].strip(), bracket["unit"].strip() or None
    suffix = _UNIT_SUFFIX.match(text)
    return text, suffix["unit"] if suffix else None


def resolve_channels(wanted: Sequence[str], present: Sequence[str], source: str) -> list[int]:
    """Indices of ``wanted`` among ``present``: exact, then case-insensitive, then the part
    before a ``:`` (Delsys ``"R BICEPS: EMG 1"``); unknown names raise DataError."""
    out = []
    for name in wanted:
        idx = _find_channel(name, present)
        if idx is None:
            listing = ", ".join(repr(p) for p in present) or "none"
            raise DataError(f"{source} has no channel {name!r}; channels present: {listing}.")
        out.append(idx)
    return out


def _find_channel(name: str, present: Sequence[str]) -> int | None:
    keys: list[Callable[[str], str]] = [
        lambda s: s,
        lambda s: s.casefold().strip(),
        lambda s: split_unit(s)[0].casefold(),
        lambda s: s.split(":")[0].casefold().strip(),
    ]
    for key in keys:
        hits = [i for i, p in enumerate(present) if key(p) == key(name)]
        if len(hits) == 1:
            return hits[0]
    return None


def read_recording(
    path: Path, *, fs: float | None = None, channels: Sequence[str] | None = None
) -> Recording:
    """Read ``path`` by its suffix (.csv/.txt/.tsv, .edf/.bdf, .c3d); keep ``channels`` only."""
    from mindmuscle.signals.emg_formats import read_c3d, read_edf

    suffix = path.suffix.lower()
    if not path.is_file():
        raise DataError(f"{path}: no such file.")
    if suffix in (".edf", ".bdf", ".rec"):
        return read_edf(path, channels=channels)
    if suffix == ".c3d":
        return read_c3d(path, channels=channels)
    rec = read_csv(path, fs=fs)
    return rec.select(channels) if channels is not None else rec


# --- CSV ---------------------------------------------------------------------------------


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _split(line: str, sep: str | None) -> list[str]:
    if sep is None:
        return [line.strip()]
    return [c.strip().strip('"').strip() for c in next(csv.reader([line], delimiter=sep))]


def _sniff(lines: list[str]) -> tuple[str | None, bool]:
    """The separator and whether numbers use a decimal comma, from the last head lines.

    The separator is the one found the same number of times (at least once) on most of
    those lines, so that one ragged row does not hide it.
    """
    tail = [ln for ln in lines[-10:] if ln.strip()]
    for sep in ("\t", ";", ","):
        counts = [ln.count(sep) for ln in tail]
        common = max(set(counts), key=counts.count) if counts else 0
        if common > 0 and counts.count(common) * 2 > len(counts):
            comma = sep != "," and any(re.search(r"\d,\d", ln) for ln in tail)
            return sep, comma
    return None, False


def _numeric_row(cells: list[str], comma: bool) -> bool:
    filled = [c.replace(",", ".") if comma else c for c in cells if c]
    return bool(filled) and all(_is_number(c) for c in filled)


def _find_header(lines: list[str], sep: str | None, comma: bool, source: str) -> int:
    """Index of the header row: the last non-numeric line before the numeric block."""
    first_data = next(
        (i for i, ln in enumerate(lines) if ln.strip() and _numeric_row(_split(ln, sep), comma)),
        None,
    )
    if first_data is None:
        raise DataError(f"{source}: found no rows of numbers in the first {len(lines)} lines.")
    header = next((i for i in range(first_data - 1, -1, -1) if lines[i].strip()), None)
    if header is None:
        raise DataError(
            f"{source}, line 1: expected a header row naming the channels (e.g. time,biceps)."
        )
    return header


@dataclass(frozen=True, slots=True)
class _Layout:
    sep: str | None
    comma: bool
    header_line: int
    names: list[str]
    units: list[str | None]
    time_col: int | None
    keep: list[int]
    notes: list[str]


def _layout(path: Path, text_head: list[str]) -> _Layout:
    source = str(path)
    sep, comma = _sniff(text_head)
    header_line = _find_header(text_head, sep, comma, source)
    cells = _split(text_head[header_line], sep)
    while cells and not cells[-1]:
        cells.pop()
    pairs = [split_unit(c) for c in cells]
    is_time = [n.casefold() in _TIME_NAMES or n.casefold().startswith("time") for n, _ in pairs]
    time_cols = [i for i, t in enumerate(is_time) if t]
    notes = []
    if len(time_cols) > 1:
        notes.append(f"{len(time_cols) - 1} further time column(s) were ignored.")
    keep = [i for i, t in enumerate(is_time) if not t]
    names = [pairs[i][0] or f"column {i + 1}" for i in range(len(pairs))]
    return _Layout(
        sep,
        comma,
        header_line,
        names,
        [u for _, u in pairs],
        time_cols[0] if time_cols else None,
        keep,
        notes,
    )


def _parse_body(path: Path, lay: _Layout) -> npt.NDArray[np.float64]:
    """Rows x header columns; empty cells are NaN; a bad cell raises with line and column."""
    ncols = len(lay.names)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        for _ in range(lay.header_line + 1):
            f.readline()
        body = f.read()
    if lay.comma:
        body = body.replace(",", ".")
    try:
        arr = np.loadtxt(
            io.StringIO(body),
            delimiter=lay.sep,
            usecols=range(ncols),
            dtype=np.float64,
            ndmin=2,
            comments=None,
        )
    except ValueError:
        arr = _parse_slowly(body, lay, str(path))
    if (np.abs(arr) > _FLOAT32_MAX).any():  # inf or beyond float32: find the line exactly
        arr = _parse_slowly(body, lay, str(path))
    if arr.shape[0] == 0:
        raise DataError(f"{path}: the header at line {lay.header_line + 1} has no rows below it.")
    return arr


def _parse_slowly(body: str, lay: _Layout, source: str) -> npt.NDArray[np.float64]:
    ncols = len(lay.names)
    rows: list[list[float]] = []
    first = lay.header_line + 2
    for lineno, line in enumerate(body.splitlines(), start=first):
        if not line.strip():
            continue
        cells = _split(line, lay.sep)
        extra = [c for c in cells[ncols:] if c]
        if len(cells) < ncols or extra:
            raise DataError(
                f"{source}, line {lineno}: found {len(cells)} fields; the header names {ncols} "
                "columns."
            )
        rows.append([_cell(c, lineno, lay.names[j], source) for j, c in enumerate(cells[:ncols])])
    return np.asarray(rows, dtype=np.float64).reshape(-1, ncols)


def _cell(text: str, lineno: int, column: str, source: str) -> float:
    if not text:
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        raise DataError(
            f"{source}, line {lineno}, column {column!r}: expected a number, found {text[:40]!r}."
        ) from None
    if np.isinf(value) or abs(value) > _FLOAT32_MAX:
        raise DataError(
            f"{source}, line {lineno}, column {column!r}: {text[:40]!r} is out of range "
            "(expected a finite sample value)."
        )
    return value


def read_csv(path: Path, *, fs: float | None = None) -> Recording:
    """Read a CSV/TSV export (see the module docstring for the variants tolerated)."""
    source = str(path)
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
            head = [f.readline() for _ in range(_HEAD_LINES)]
    except OSError as exc:
        raise DataError(f"{source}: cannot be read ({exc.strerror}).") from None
    head = [ln.rstrip("\r\n") for ln in head if ln]
    lay = _layout(path, head)
    if not lay.keep:
        raise DataError(f"{source}, line {lay.header_line + 1}: the header names no EMG channel.")
    arr = _parse_body(path, lay)
    first_line = lay.header_line + 2
    notes = list(lay.notes)
    if fs is not None:
        if fs <= 0:
            raise DataError(f"{source}: the sampling rate must be positive, got {fs:g} Hz.")
        rate, positions, gaps = float(fs), None, list[Gap]()
        if lay.time_col is not None:
            notes.append(f"The time column was ignored: --fs {fs:g} Hz was given.")
    elif lay.time_col is None:
        raise DataError(
            f"{source}, line {lay.header_line + 1}: no time column (expected 'time' in seconds); "
            "give the sampling rate with --fs."
        )
    else:
        t = arr[:, lay.time_col]
        if lay.units[lay.time_col] == "ms" or lay.names[lay.time_col].casefold() == "ms":
            t = t / 1000.0
        rate, positions, gaps = time_axis(t, source=source, first_line=first_line)
    data = _place(arr[:, lay.keep].T.astype(np.float32), positions)
    names = tuple(lay.names[i] for i in lay.keep)
    gaps += nan_gaps(data, names, fs=rate)
    return Recording(
        source, rate, names, tuple(lay.units[i] for i in lay.keep), data, tuple(gaps), tuple(notes)
    )


def _place(
    data: npt.NDArray[np.float32], positions: npt.NDArray[np.int64] | None
) -> npt.NDArray[np.float32]:
    if positions is None or positions[-1] == len(positions) - 1:
        return np.ascontiguousarray(data)
    full = np.full((data.shape[0], int(positions[-1]) + 1), np.nan, dtype=np.float32)
    full[:, positions] = data
    return full


def time_axis(
    t: npt.NDArray[np.float64], *, source: str, first_line: int = 1
) -> tuple[float, npt.NDArray[np.int64] | None, list[Gap]]:
    """Sampling rate, sample positions (None when there is no gap) and gaps from times.

    Jitter up to a quarter of a sample step is tolerated; missing samples (a step of a
    whole number of periods) become gaps; anything else is uneven sampling: DataError.
    """
    if len(t) < 2:
        raise DataError(f"{source}: needs at least two rows of samples, found {len(t)}.")
    if not np.isfinite(t).all():
        row = int(np.flatnonzero(~np.isfinite(t))[0])
        raise DataError(f"{source}, line {first_line + row}, time column: expected a number.")
    steps = np.diff(t)
    if (steps <= 0).any():
        row = int(np.flatnonzero(steps <= 0)[0]) + 1
        raise DataError(
            f"{source}, line {first_line + row}, time column: time {t[row]:g} s does not "
            f"increase (previous {t[row - 1]:g} s)."
        )
    dt = float(np.median(steps))
    k = np.rint((t - t[0]) / dt).astype(np.int64)
    dt = (t[-1] - t[0]) / k[-1] if k[-1] else dt
    k = np.rint((t - t[0]) / dt).astype(np.int64)
    resid = np.abs(t - t[0] - k * dt)
    bad = np.flatnonzero((resid > 0.25 * dt) | (np.diff(k, prepend=-1) < 1))
    if bad.size:
        row = int(bad[0])
        raise DataError(
            f"{source}, line {first_line + row}, time column: uneven sampling ({t[row]:g} s is "
            f"off the {1 / dt:g} Hz grid); resample to a fixed rate or give --fs."
        )
    fs = 1.0 / dt
    fs = float(round(fs)) if abs(fs - round(fs)) < 1e-4 * fs else fs
    jumps = np.flatnonzero(np.diff(k) > 1)
    gaps = [Gap(float((k[j] + 1) / fs), float(k[j + 1] / fs)) for j in jumps]
    return fs, (k if jumps.size else None), gaps


def nan_gaps(data: npt.NDArray[np.floating], names: Sequence[str], *, fs: float) -> list[Gap]:
    """Runs of NaN in each channel, as gaps (runs spanning every channel are reported once)."""
    gaps: list[Gap] = []
    seen: set[tuple[int, int]] = set()
    missing = np.isnan(data)
    if not missing.any():
        return gaps
    all_missing = missing.all(axis=0)
    for a, b in _runs(all_missing):
        seen.add((a, b))
        gaps.append(Gap(a / fs, b / fs))
    for c, name in enumerate(names):
        for a, b in _runs(missing[c] & ~all_missing):
            gaps.append(Gap(a / fs, b / fs, name))
    return gaps


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def find_clipping(
    data: npt.NDArray[np.floating], names: Sequence[str], *, fs: float, min_run: int = 4
) -> list[dict[str, object]]:
    """Channels that sit at their extreme value for ``min_run`` samples or more in a row.

    Returns one entry per clipped channel: samples at the rail, their fraction, the rail
    value and the first time it was reached. A constant channel is reported as flat.
    """
    found: list[dict[str, object]] = []
    for c, name in enumerate(names):
        x = data[c]
        if not np.isfinite(x).any():
            continue
        lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
        for level in (hi, lo) if hi > lo else (hi,):
            at_rail = x == level
            if np.count_nonzero(at_rail) < min_run:
                continue
            runs = [(a, b) for a, b in _runs(at_rail) if b - a >= min_run]
            if not runs:
                continue
            count = sum(b - a for a, b in runs)
            found.append(
                {
                    "channel": name,
                    "level": level,
                    "samples": count,
                    "fraction": round(count / x.size, 6),
                    "first": round(runs[0][0] / fs, 4),
                    "flat": hi == lo,
                }
            )
    return found
