"""The tempo value type: four phases in seconds, written ``eccentric-bottom-concentric-top``.

>>> t = Tempo.parse("4-0-1-2")
>>> t.eccentric, t.bottom, t.concentric, t.top
(4.0, 0.0, 1.0, 2.0)
>>> str(t), t.rep_seconds
('4-0-1-2', 7.0)
>>> Tempo.parse("3-1-X-1").concentric  # X: explosive, counted as its own short duration
0.5
>>> Tempo.parse("3-0-X-1").explosive
('concentric',)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final, Literal

from mindmuscle.errors import TempoError

__all__ = ["EXPLOSIVE_SECONDS", "PHASES", "Phase", "Tempo"]

Phase = Literal["eccentric", "bottom", "concentric", "top"]
PHASES: Final[tuple[Phase, ...]] = ("eccentric", "bottom", "concentric", "top")

#: An ``X`` (explosive) phase is as fast as the lifter can move with control;
#: for timing it counts as this many seconds.
EXPLOSIVE_SECONDS: Final = 0.5

_MAX_PHASE_S: Final = 60.0
_SEPARATORS = re.compile(r"\s*[-/:,\s]\s*")


def _format_seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, slots=True)
class Tempo:
    """Prescribed or measured durations of the four phases of one rep, in seconds.

    ``eccentric`` lowers (the muscle lengthens under load), ``bottom`` is the pause
    in the stretched position, ``concentric`` lifts, ``top`` is the hold in the
    shortened (contracted) position.
    """

    eccentric: float
    bottom: float
    concentric: float
    top: float
    explosive: tuple[Phase, ...] = ()

    def __post_init__(self) -> None:
        for phase in PHASES:
            value = getattr(self, phase)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TempoError(f"Tempo {phase} must be a number of seconds, got {value!r}.")
            if not 0 <= value <= _MAX_PHASE_S:
                raise TempoError(
                    f"Tempo {phase} of {value!r} s is out of range; "
                    f"expected 0 to {_MAX_PHASE_S:g} s."
                )
            object.__setattr__(self, phase, float(value))
        if self.eccentric + self.concentric <= 0:
            raise TempoError("A tempo needs a moving phase: eccentric and concentric are both 0.")

    @classmethod
    def parse(cls, text: str) -> Tempo:
        """Parse ``"4-0-1-2"`` (also ``4/0/1/2``, ``4 0 1 2``, ``4012``; ``X`` = explosive)."""
        raw = text.strip()
        if not raw:
            raise TempoError("Tempo is empty; expected four phases like 4-0-1-2.")
        parts = _SEPARATORS.split(raw)
        if len(parts) == 1 and len(raw) == 4 and raw.isalnum():
            parts = list(raw)
        if "" in parts:
            raise TempoError(
                f"Tempo {text!r} has an empty phase; expected four numbers like 4-0-1-2."
            )
        if len(parts) != 4:
            raise TempoError(
                f"Tempo {text!r} has {len(parts)} phase(s); expected four: "
                "eccentric-bottom-concentric-top, e.g. 4-0-1-2."
            )
        values: list[float] = []
        explosive: list[Phase] = []
        for phase, part in zip(PHASES, parts, strict=True):
            if part.upper() == "X":
                values.append(EXPLOSIVE_SECONDS)
                explosive.append(phase)
                continue
            try:
                values.append(float(part))
            except ValueError:
                raise TempoError(
                    f"Tempo {text!r}: the {phase} phase {part!r} is not a number of seconds or X."
                ) from None
        ecc, bottom, con, top = values
        return cls(ecc, bottom, con, top, explosive=tuple(explosive))

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, where: str = "tempo") -> Tempo:
        """Build from ``{"eccentric": 4, "bottom": 0, "concentric": 1, "top": 2}``."""
        missing = [p for p in PHASES if p not in data]
        if missing:
            raise TempoError(f"{where} lacks the phase(s) {', '.join(missing)}.")
        values = [data[p] for p in PHASES]
        for phase, value in zip(PHASES, values, strict=True):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TempoError(f"{where}.{phase} must be a number of seconds, got {value!r}.")
        return cls(*(float(v) for v in values))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, float | int]:
        """The JSON form of the contract: whole seconds as ints, others as floats."""
        return {
            p: int(v) if v.is_integer() else v
            for p, v in ((p, float(getattr(self, p))) for p in PHASES)
        }

    def __str__(self) -> str:
        return "-".join(
            "X" if p in self.explosive else _format_seconds(getattr(self, p)) for p in PHASES
        )

    def phase(self, name: Phase) -> float:
        """Duration of one phase by name."""
        value: float = getattr(self, name)
        return value

    @property
    def rep_seconds(self) -> float:
        """Time under tension of one rep."""
        return self.eccentric + self.bottom + self.concentric + self.top

    def set_seconds(self, reps: int) -> float:
        """Time under tension of a set of ``reps`` reps."""
        if reps < 0:
            raise TempoError(f"A set cannot have {reps} reps.")
        return self.rep_seconds * reps

    def with_phase(self, name: Phase, seconds: float) -> Tempo:
        """A copy with one phase changed (explosive marking of that phase dropped)."""
        kept = tuple(p for p in self.explosive if p != name)
        return replace(self, **{name: float(seconds)}, explosive=kept)
