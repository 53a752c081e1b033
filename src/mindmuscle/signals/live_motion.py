"""Live motion measurement: reps and tempo feedback while a set is streamed (issue 6).

The phone streams motion samples in small batches; :class:`LiveMotion` appends each batch to
a growing buffer (amortised O(batch)), re-analyses the last :data:`WINDOW_S` seconds with
:func:`mindmuscle.signals.motion.analyze_imu` - the same algorithm as ``analyze motion``,
timing the holds only, which is quick enough to run every :data:`ANALYSE_EVERY_S` - and
returns a :class:`LiveRep` for every rep completed since the previous batch: the analysis
that reports it runs once more with the model fit, which times the rep's phases, and the
rep carries a feedback line such as ``"eccentric 1.8 s - slower"``.
:meth:`LiveMotion.finish` flushes the last rep when the set ends; :meth:`LiveMotion.analysis`
and :meth:`LiveMotion.csv_text` give the whole stream for storage (the shell attaches it to
the logged set).

A sample is ``[t, ax, ay, az]`` or ``[t, ax, ay, az, gx, gy, gz]``: ``t`` in seconds (any
origin, never going back), acceleration including gravity in m/s^2, rotation rate in rad/s.
The gyroscope, when the phone has one, is passed to the analysis (it adds the turning angle
as a candidate trace).

Pure: no I/O, no clock; a test drives it with a recorded or generated stream
(``tests/signals/test_live_motion.py``)::

    live = LiveMotion(Tempo.parse("3-0-1-1"), eccentric="down")
    for batch in batches:                  # [[t, ax, ay, az, gx, gy, gz], ...]
        for rep in live.add(batch):        # reps completed since the last batch
            print(rep.rep, rep.feedback)   # 1 eccentric 1.8 s - slower
    last = live.finish()                   # the set is over: the last rep
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from mindmuscle.errors import DataError, InputError
from mindmuscle.method.tempo import PHASES, Phase, Tempo

if TYPE_CHECKING:
    from mindmuscle.signals.motion import Direction, MotionAnalysis, Timing

__all__ = [
    "MAX_SAMPLES",
    "SETTLE_S",
    "TOLERANCE_S",
    "WINDOW_S",
    "LiveMotion",
    "LiveRep",
    "SampleBuffer",
    "StreamTooLongError",
    "feedback",
]

Array = NDArray[np.float64]
Analyser = Callable[[Array, "Direction | None"], "MotionAnalysis | None"]
#: A rep found in a window: start and end (s, stream clock) and its phases (PHASES order).
_Timed = tuple[float, float, Array]

#: Seconds of the stream re-analysed after each batch (keeps each batch cheap).
WINDOW_S: Final = 20.0
#: ... or this many prescribed reps, when that is longer (slow tempos need the context).
WINDOW_REPS: Final = 3
#: Stream seconds between two analyses (a phone sending tiny batches does not cost more)
#: and the most analyses one batch gets (a long batch is analysed at points across it).
ANALYSE_EVERY_S: Final = 0.2
MAX_CUTS: Final = 8
#: Shortest rep reported live: a walking stride at the edge of the window looks like a rep
#: (the walking detector needs a few strides); the method's tempos are all slower than this.
MIN_REP_S: Final = 1.5
#: A rep counts as complete when it ended this long before the newest sample.
SETTLE_S: Final = 0.3
#: Phases this close to the prescription (s) are "on tempo".
TOLERANCE_S: Final = 0.5
#: The longest stream one set may send: about an hour at 50 Hz.
MAX_SAMPLES: Final = 200_000
#: Fewest samples and seconds worth analysing.
MIN_SAMPLES: Final = 20
MIN_SPAN_S: Final = 1.0
#: Share of samples that must carry the gyroscope for it to be used (gaps are interpolated).
GYRO_SHARE: Final = 0.9
#: A rep is reported once this many earlier analyses (of the last HISTORY) found it too,
#: with start and end within AGREE_S: a window cut mid-movement can show a rep that is not.
#: The first rep of a set needs one more.
CONFIRMATIONS: Final = 1
HISTORY: Final = 4
AGREE_S: Final = 0.35
#: Columns of a stored sample: time, acceleration, rotation rate (NaN when not sent).
COLUMNS: Final = ("time", "ax", "ay", "az", "gx", "gy", "gz")


class StreamTooLongError(InputError):
    """More samples than one set may stream (:data:`MAX_SAMPLES`)."""


def feedback(phases: Mapping[Phase, float], tempo: Tempo | None, *, top_open: bool = False) -> str:
    """The phase furthest off the prescription, e.g. ``"eccentric 1.8 s - slower"``.

    ``top_open``: the top hold is still running (no next rep yet), so it is not judged.

    >>> feedback({"eccentric": 1.8, "bottom": 0.0, "concentric": 1.0, "top": 1.0},
    ...          Tempo.parse("3-0-1-1"))
    'eccentric 1.8 s - slower'
    >>> feedback({"eccentric": 2.9, "bottom": 0.1, "concentric": 1.2, "top": 0.8},
    ...          Tempo.parse("3-0-1-1"))
    'on tempo'
    """
    if tempo is None:
        return f"eccentric {phases['eccentric']:.1f} s"
    judged = [p for p in PHASES if p not in tempo.explosive and not (top_open and p == "top")]
    off = {p: phases[p] - tempo.phase(p) for p in judged}
    worst: Phase = max(off, key=lambda p: abs(off[p]), default="eccentric")
    if abs(off.get(worst, 0.0)) <= TOLERANCE_S:
        return "on tempo"
    advice = "slower" if off[worst] < 0 else "faster"
    return f"{worst} {phases[worst]:.1f} s - {advice}"


@dataclass(frozen=True, slots=True)
class LiveRep:
    """A rep completed during the stream: its number, times (s, stream clock), phases."""

    rep: int
    start: float
    end: float
    phases: dict[Phase, float]
    feedback: str
    top_open: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "phases": {p: round(self.phases[p], 2) for p in PHASES},
            "feedback": self.feedback,
            "top_open": self.top_open,
        }


class SampleBuffer:
    """An ``(n, 7)`` float array that grows by doubling: appending is amortised O(batch).

    Columns are :data:`COLUMNS`; the gyroscope columns are NaN for samples sent without it.
    Appending more than ``limit`` samples in all raises :class:`StreamTooLongError` and
    leaves the buffer as it was.
    """

    def __init__(self, *, limit: int = MAX_SAMPLES, capacity: int = 1024) -> None:
        self.limit = limit
        self._data: Array = np.empty((max(1, min(capacity, limit)), len(COLUMNS)))
        self._n = 0
        self.reallocations = 0

    def __len__(self) -> int:
        return self._n

    @property
    def capacity(self) -> int:
        return int(self._data.shape[0])

    @property
    def data(self) -> Array:
        """The samples so far (a view: do not keep it across appends)."""
        return self._data[: self._n]

    def append(self, rows: Array) -> None:
        k = rows.shape[0]
        if self._n + k > self.limit:
            raise StreamTooLongError(
                f"The motion stream is longer than {self.limit} samples "
                f"(about {self.limit // 50 // 60} minutes at 50 Hz); end the set and start another."
            )
        if self._n + k > self.capacity:
            size = min(self.limit, max(2 * self.capacity, self._n + k))
            grown: Array = np.empty((size, len(COLUMNS)))
            grown[: self._n] = self._data[: self._n]
            self._data = grown
            self.reallocations += 1
        self._data[self._n : self._n + k] = rows
        self._n += k


def _rows(batch: object, last_t: float) -> Array:
    """A batch from the page as an ``(k, 7)`` array, or an :class:`InputError` sentence."""
    if not isinstance(batch, list):
        raise InputError("'samples' must be a list of [t, ax, ay, az(, gx, gy, gz)] rows.")
    out: Array = np.full((len(batch), len(COLUMNS)), np.nan)
    for i, row in enumerate(batch):
        if (
            not isinstance(row, list)
            or len(row) not in (4, 7)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in row)
        ):
            raise InputError(
                f"Sample {i + 1} of the batch must be [t, ax, ay, az] or "
                "[t, ax, ay, az, gx, gy, gz] (numbers: s, m/s^2, rad/s)."
            )
        out[i, : len(row)] = row
    if not np.isfinite(out[:, :4]).all() or (np.isinf(out[:, 4:])).any():
        raise InputError("Samples must be finite numbers (no NaN or Infinity).")
    times = np.concatenate([[last_t], out[:, 0]])
    if (np.diff(times) < 0).any():
        raise InputError("Sample times must never go back (seconds on one monotonic clock).")
    return out


@dataclass
class LiveMotion:
    """The incremental analysis of one streamed set.

    ``tempo`` is the prescription the feedback compares with (None: phases only);
    ``eccentric`` the way the wrist moves in the eccentric (from the exercise; None: inferred);
    ``analyser`` analyses ``(n, 7)`` samples (default: resampled, then
    :func:`~mindmuscle.signals.motion.analyze_imu` timing the holds only - it runs every
    :data:`ANALYSE_EVERY_S` to find the reps); ``timer`` analyses the window once more when
    a rep is reported, to time its phases (default: the model fit of ``analyze_imu``; with
    a scripted ``analyser`` and no ``timer``, the analyser's own timings).
    """

    tempo: Tempo | None = None
    eccentric: Direction | None = None
    max_samples: int = MAX_SAMPLES
    analyser: Analyser | None = field(default=None, repr=False)
    timer: Analyser | None = field(default=None, repr=False)
    count: int = 0
    last_end: float = -np.inf
    buffer: SampleBuffer = field(init=False)
    failed_windows: int = field(init=False, default=0)
    _whole: tuple[int, MotionAnalysis | None] | None = field(init=False, default=None)
    _analysed_at: float = field(init=False, default=-np.inf)
    _history: list[list[_Timed]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.buffer = SampleBuffer(limit=self.max_samples)

    @property
    def samples(self) -> Array:
        """All samples so far, ``(n, 7)``: see :data:`COLUMNS`."""
        return self.buffer.data

    @property
    def has_gyro(self) -> bool:
        """Whether enough of the stream carries the gyroscope for it to be analysed."""
        return _gyro_share(self.samples) >= GYRO_SHARE

    def add(self, batch: Sequence[Sequence[float]] | object) -> list[LiveRep]:
        """Append a batch of samples; return the reps completed since the last batch."""
        data = self.samples
        rows = _rows(batch, float(data[-1, 0]) if len(data) else -np.inf)
        if rows.shape[0] == 0:
            return []
        self.buffer.append(rows)
        times = self.samples[:, 0]
        now = float(times[-1])
        start = max(self._analysed_at, float(times[0]))
        steps = min(MAX_CUTS, int((now - start) / ANALYSE_EVERY_S))
        # a long batch (a slow network, a replay after reconnecting) is analysed at several
        # points in its stretch of time, as if it had come in small batches
        if steps < 1:
            return []
        events = []
        for cut in np.linspace(now - (steps - 1) * (now - start) / steps, now, steps):
            end = int(np.searchsorted(times, cut, side="right"))
            events += self._new_reps(end, settle=SETTLE_S)
        return events

    def finish(self) -> list[LiveRep]:
        """The reps not reported yet when the set ends (the last one ends at the last sample)."""
        return self._new_reps(len(self.buffer), settle=0.0)

    def analysis(self) -> MotionAnalysis | None:
        """The whole stream analysed (times from its first sample); None under a second;
        :class:`DataError` if the analysis fails."""
        n = len(self.buffer)
        if self._whole is None or self._whole[0] != n:
            if self.analyser is not None:
                whole = self.analyser(self.samples, self.eccentric)
            else:
                whole = _analyse(self.samples, self.eccentric, tempo=self.tempo)
            self._whole = (n, whole)
        return self._whole[1]

    def csv_text(self) -> str:
        """The whole stream as the generic IMU CSV (``time`` from the first sample)."""
        data = self.samples
        gyro = self.has_gyro
        cols = COLUMNS if gyro else COLUMNS[:4]
        table = data[:, : len(cols)].copy()
        if len(table):
            table[:, 0] -= table[0, 0]
        if gyro:
            table[:, 4:] = _filled(table[:, 4:])
        lines = [",".join(cols)]
        lines += [",".join(f"{v:.6g}" for v in row) for row in table.tolist()]
        return "\n".join(lines) + "\n"

    @property
    def window_s(self) -> float:
        """Seconds of the stream each analysis looks at."""
        reps = 0.0 if self.tempo is None else WINDOW_REPS * self.tempo.rep_seconds
        return max(WINDOW_S, reps)

    def _new_reps(self, upto: int, *, settle: float) -> list[LiveRep]:
        """The reps newly complete in the samples before ``upto``."""
        data = self.samples[:upto]
        if len(data) < MIN_SAMPLES:
            return []
        now = float(data[-1, 0])
        self._analysed_at = now
        start = int(np.searchsorted(data[:, 0], now - self.window_s))
        window = data[start:]
        try:
            analysis = (self.analyser or _analyse_fast)(window, self.eccentric)
        except DataError:
            analysis = None  # a window cut at an awkward point: the next batch tries again
            self.failed_windows += 1
        if analysis is None:
            return []
        found = _on_stream_clock(analysis, window)
        timed: list[_Timed] | None = None
        events = []
        for i, (begin, end, phases) in enumerate(found):
            if end > now - settle or begin < self.last_end - TOLERANCE_S or end - begin < MIN_REP_S:
                continue
            agree = [
                ph
                for seen in self._history
                for b, e, ph in seen
                if abs(b - begin) <= AGREE_S and abs(e - end) <= AGREE_S
            ]
            # the first rep needs one more: the start of a set (settling in) fools it most
            if settle > 0 and len(agree) < CONFIRMATIONS + (self.count == 0):
                continue
            if timed is None:
                timed = self._timed(window)
            exact = [
                ph for b, e, ph in timed if abs(b - begin) <= AGREE_S and abs(e - end) <= AGREE_S
            ]
            # the fitted timing of the rep; failing that, the quick timings of every
            # analysis that found it
            best = exact[0] if exact else np.mean([phases, *agree], axis=0)
            self.last_end, self.count = end, self.count + 1
            ph = {p: round(float(v), 2) for p, v in zip(PHASES, best, strict=True)}
            # the newest rep's top hold lasts until the next rep starts: not known yet
            top_open = settle > 0 and i == len(found) - 1
            said = feedback(ph, self.tempo, top_open=top_open)
            events.append(LiveRep(self.count, begin, end, ph, said, top_open))
        self._history.append(found)
        del self._history[:-HISTORY]
        return events

    def _timed(self, window: Array) -> list[_Timed]:
        """The reps of ``window`` timed by the fit (stream clock); none if it fails."""
        timer = self.timer or (None if self.analyser else _analyse)
        if timer is None:  # a scripted analyser alone: its own timings
            return []
        try:
            analysis = timer(window, self.eccentric)
        except DataError:
            return []
        return [] if analysis is None else _on_stream_clock(analysis, window)


def _on_stream_clock(analysis: MotionAnalysis, window: Array) -> list[_Timed]:
    """The reps of the analysis of ``window``, their times moved to the stream's clock."""
    offset = float(window[0, 0])
    return [
        (offset + r.start, offset + r.end, np.array([r.phases[p] for p in PHASES]))
        for r in analysis.reps
    ]


def _gyro_share(data: Array) -> float:
    if not len(data):
        return 0.0
    return float(np.mean(np.isfinite(data[:, 4:]).all(axis=1)))


def _filled(gyro: Array) -> Array:
    """Gyroscope columns with missing samples interpolated from their neighbours."""
    ok = np.isfinite(gyro).all(axis=1)
    if ok.all():
        return gyro
    idx = np.arange(len(gyro))
    return np.stack([np.interp(idx, idx[ok], gyro[ok, j]) for j in range(3)], axis=1)


def _analyse_fast(data: Array, eccentric: Direction | None) -> MotionAnalysis | None:
    """:func:`_analyse` timing the holds only (no model fit): for finding the reps."""
    return _analyse(data, eccentric, timing="holds")


def _analyse(
    data: Array, eccentric: Direction | None, timing: Timing = "fit", tempo: Tempo | None = None
) -> MotionAnalysis | None:
    """Analyse ``(n, 7)`` samples (any spacing); times of the result from ``data[0, 0]``."""
    from mindmuscle.signals.imu_readers import imu_from_arrays
    from mindmuscle.signals.motion import analyze_imu

    if data.shape[0] < MIN_SAMPLES or float(data[-1, 0] - data[0, 0]) < MIN_SPAN_S:
        return None
    gyro = _filled(data[:, 4:]) if _gyro_share(data) >= GYRO_SHARE else None
    try:
        rec = imu_from_arrays(data[:, 1:4], t=data[:, 0], gyro=gyro)
        return analyze_imu(
            rec.acc,
            fs=rec.fs,
            eccentric=eccentric,
            gaps=rec.gaps,
            gyro=rec.gyro,
            tempo=tempo,
            timing=timing,
        )
    except (ValueError, IndexError, ArithmeticError) as exc:
        raise DataError(
            f"The motion stream ({data.shape[0]} samples) could not be analysed: {exc}."
        ) from exc
