"""Picking a coached session up again: the plan from its stored JSON, and which sets are done.

The store keeps the plan as the ``mindmuscle plan --format json`` document and each set as a
:class:`LoggedSet`. A set coached from the plan carries its ``set_number``, so a skipped set
leaves a gap and the sets after it keep their places; a set without one (logged by hand, or
stored before sets had numbers) takes the place after the last one taken for its exercise
and block, in the order performed.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> from mindmuscle.planning.request import PlanRequest
>>> from mindmuscle.planning.render import session_to_dict
>>> from mindmuscle.planning.session import plan_session
>>> cat = builtin_catalog()
>>> plan = plan_session(cat, PlanRequest.parse(cat, focus="back", minutes=30))
>>> plan_from_dict(cat, session_to_dict(cat, plan)).blocks == plan.blocks
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from mindmuscle.errors import DataError, MindMuscleError
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import LEVELS, EmphasisOption, Exercise
from mindmuscle.method.rules import Prescription
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.planning.request import Focus, PlanRequest
from mindmuscle.planning.session import Block, SessionPlan

__all__ = ["completed_sets", "plan_from_dict", "set_slots"]


def _texts(item: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"Stored plan item {item.get('exercise')!r}: {key} is not a list of texts.")
    return tuple(value)


def _emphasis(ex: Exercise, key: object) -> EmphasisOption | None:
    return next((o for o in ex.emphasis if o.key == key), None)


def _item(catalog: Catalog, kind: str, item: Mapping[str, Any]) -> Prescription:
    ex_id = item.get("exercise")
    if ex_id not in catalog.exercises:
        raise DataError(f"Stored plan names exercise {ex_id!r}, which the catalog lacks.")
    ex = catalog.exercises[str(ex_id)]
    text = item.get("tempo_text")
    tempo = Tempo.parse(text) if isinstance(text, str) else Tempo.from_mapping(item["tempo"])
    low, high = item["reps"]
    return Prescription(
        exercise=ex,
        block="primer" if kind == "primer" else "working",
        sets=int(item["sets"]),
        reps=(int(low), int(high)),
        tempo=tempo,
        rest_s=int(item["rest_s"]),
        cues=_texts(item, "cues"),
        activation=_texts(item, "before"),
        between_sets=_texts(item, "between_sets"),
        why=_texts(item, "why"),
        emphasis=_emphasis(ex, item.get("emphasis")),
    )


def _focus(token: str) -> Focus:
    group, _, muscles = token.partition(":")
    chosen = frozenset(m for m in muscles.split(",") if m) or None
    return Focus(group, chosen)  # type: ignore[arg-type]


def _request(catalog: Catalog, data: Mapping[str, Any]) -> PlanRequest:
    focus = tuple(_focus(str(f)) for f in data.get("focus", []))
    groups = [f.group for f in focus] or ["chest"]
    level = data.get("level", "novice")
    request = PlanRequest.parse(
        catalog,
        focus=groups,
        level=level if level in LEVELS else "novice",
        week=int(data.get("week", 1)),
        equipment=list(data.get("equipment") or []) or None,
        minutes=data.get("minutes"),
        emphasis=list(data.get("emphasis") or []) or None,
    )
    return replace(request, focus=focus) if focus else request


def plan_from_dict(catalog: Catalog, data: Mapping[str, Any]) -> SessionPlan:
    """The session plan of a stored ``plan --format json`` document, or DataError."""
    try:
        blocks = tuple(
            Block(
                kind="primer" if b["kind"] == "primer" else "working",
                items=tuple(_item(catalog, b["kind"], i) for i in b["items"]),
            )
            for b in data["blocks"]
        )
        notes = _texts(data, "notes")
        return SessionPlan(request=_request(catalog, data), blocks=blocks, notes=notes)
    except DataError:
        raise
    except (KeyError, TypeError, ValueError, MindMuscleError) as exc:
        raise DataError(f"The stored plan cannot be coached: {exc}.") from None


def set_slots(sets: Iterable[LoggedSet]) -> list[tuple[str, str, int]]:
    """``(exercise, block, set index)`` (0-based) of each of one session's ``sets``, in the
    order performed: a set's own ``set_number`` when it has one, else the place after the
    last one taken for its exercise and block.

    >>> from datetime import UTC, datetime
    >>> at = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
    >>> done = [LoggedSet(str(n), "pec_deck", at, 10, set_number=n) for n in (1, 3)]
    >>> set_slots([*done, LoggedSet("x", "pec_deck", at, 10)])
    [('pec_deck', 'working', 0), ('pec_deck', 'working', 2), ('pec_deck', 'working', 3)]
    """
    after: dict[tuple[str, str], int] = {}
    out: list[tuple[str, str, int]] = []
    for s in sorted(sets, key=lambda s: (s.performed_at, s.id)):
        key = (s.exercise, s.block)
        index = after.get(key, 0) if s.set_number is None else s.set_number - 1
        after[key] = max(after.get(key, 0), index + 1)
        out.append((s.exercise, s.block, index))
    return out


def completed_sets(plan: SessionPlan, sets: Iterable[LoggedSet]) -> list[tuple[str, str, int]]:
    """``(exercise, block, set index)`` of the plan's sets found among ``sets`` (one session's),
    placed by :func:`set_slots`; sets beyond the plan or outside it are left out."""
    planned: dict[tuple[str, str], int] = {(p.exercise.id, p.block): p.sets for p in plan.items}
    return [
        (exercise, block, index)
        for exercise, block, index in set_slots(sets)
        if index < planned.get((exercise, block), 0)
    ]
