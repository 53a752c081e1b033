"""Lossless JSON forms of the value types the store keeps (tempo, time stamps).

A tempo is ``{"eccentric": 4, "bottom": 0, "concentric": 1, "top": 2}`` as in the plan
contract, plus ``"explosive": ["concentric"]`` when a phase was written ``X``. Whole seconds
are ints, others floats (JSON floats round-trip exactly).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from mindmuscle.errors import TempoError
from mindmuscle.method.tempo import PHASES, Phase, Tempo

__all__ = ["tempo_from_json", "tempo_to_json", "utc"]


def tempo_to_json(tempo: Tempo | None) -> dict[str, object] | None:
    if tempo is None:
        return None
    out: dict[str, object] = dict(tempo.to_dict())
    if tempo.explosive:
        out["explosive"] = list(tempo.explosive)
    return out


def tempo_from_json(data: object, *, where: str = "tempo") -> Tempo | None:
    """Inverse of :func:`tempo_to_json`; raises :class:`TempoError` naming ``where``."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise TempoError(f"{where} must be an object with eccentric, bottom, concentric, top.")
    explosive_raw = data.get("explosive", [])
    extra = set(data) - {*PHASES, "explosive"}
    if extra:
        raise TempoError(f"{where} has the unknown key {sorted(extra)[0]!r}.")
    if not isinstance(explosive_raw, list) or any(p not in PHASES for p in explosive_raw):
        raise TempoError(f"{where}.explosive must be a list of phase names.")
    base = Tempo.from_mapping(data, where=where)
    explosive: tuple[Phase, ...] = tuple(p for p in PHASES if p in explosive_raw)
    return Tempo(base.eccentric, base.bottom, base.concentric, base.top, explosive=explosive)


def utc(moment: datetime) -> datetime:
    """An aware time stamp in UTC (naive ones are taken as UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
