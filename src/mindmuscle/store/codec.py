"""Lossless JSON forms of the value types the store keeps (tempo, time stamps).

A tempo is ``{"eccentric": 4, "bottom": 0, "concentric": 1, "top": 2}`` as in the plan
contract, plus ``"explosive": ["concentric"]`` when a phase was written ``X``. Whole seconds
are ints, others floats (JSON floats round-trip exactly).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache

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
    """Inverse of :func:`tempo_to_json`; raises :class:`TempoError` naming ``where``.

    Tempos repeat (a few prescriptions over thousands of stored sets), so a plain JSON
    object decodes once and later reads of an equal one reuse the (immutable) result. Only
    successes are cached: input that fails is decoded again, uncached, for the error naming
    ``where``."""
    if data is None:
        return None
    key = _plain_key(data)
    if key is not None:
        try:
            return _decode_plain(key)
        except TempoError:  # decoded again below, for the same error naming ``where``
            pass
    return _decode(data, where)


# One item per key of a tempo object: the key, the value's repr (which tells apart every
# value of the exact types admitted, e.g. 1, 1.0, True, -0.0 and 0.0) and the value, a list
# as a tuple.
_Item = tuple[str, str, object]


def _plain_key(data: object) -> tuple[_Item, ...] | None:
    """A hashable form of a JSON tempo object of plain values, equal only for objects that
    decode alike; ``None`` for anything else (decoded uncached)."""
    if type(data) is not dict or len(data) > len(PHASES) + 1:
        return None
    items: list[_Item] = []
    for k, v in data.items():
        if type(k) is not str:
            return None
        if type(v) is list:
            if len(v) > len(PHASES) or any(type(p) is not str for p in v):
                return None
            items.append((k, repr(v), tuple(v)))
        elif v is None or type(v) in (int, float, bool, str):
            items.append((k, repr(v), v))
        else:
            return None
    return tuple(sorted(items))


@lru_cache(maxsize=1024)
def _decode_plain(key: tuple[_Item, ...]) -> Tempo:
    return _decode({k: list(v) if isinstance(v, tuple) else v for k, _, v in key}, "tempo")


def _decode(data: object, where: str) -> Tempo:
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
