"""Picking a coached session up again: the plan from its stored JSON, and which sets are done.

The store keeps the plan as the ``mindmuscle plan --format json`` document and each set as a
:class:`LoggedSet` without a set index, so the index of a stored set is its position among
the session's sets of the same exercise and block, in the order they were performed.

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

__all__ = ["completed_sets", "plan_from_dict"]


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


def completed_sets(plan: SessionPlan, sets: Iterable[LoggedSet]) -> list[tuple[str, str, int]]:
    """``(exercise, block, set index)`` of the plan's sets found among ``sets`` (one session's),
    numbered in the order performed; sets beyond the plan or outside it are left out."""
    planned = {(p.exercise.id, p.block): p.sets for p in plan.items}
    seen: dict[tuple[str, str], int] = {}
    done: list[tuple[str, str, int]] = []
    for s in sorted(sets, key=lambda s: (s.performed_at, s.id)):
        key = (s.exercise, s.block)
        index = seen.get(key, 0)
        seen[key] = index + 1
        if key in planned and index < planned[key]:
            done.append((s.exercise, s.block, index))
    return done
