"""One training session: a primer block for each focus group, then a working block, fitted to time.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> cat = builtin_catalog()
>>> plan = plan_session(cat, PlanRequest.parse(cat, focus="back", level="novice", minutes=45))
>>> [b.kind for b in plan.blocks]
['primer', 'working']
>>> plan.estimated_seconds <= 45 * 60
True
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Final

from mindmuscle.errors import PlanningError
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import GROUPS, LEVELS, EmphasisOption, Exercise, GroupName, Role
from mindmuscle.method.rules import Prescription, RuleContext, apply_rules, base_prescription
from mindmuscle.planning.request import Focus, PlanRequest

__all__ = ["SWITCH_S", "Block", "SessionPlan", "item_seconds", "plan_session"]

#: Seconds of setting up and walking to the next station, per exercise.
SETUP_S: Final = 60
#: Seconds of conscious activation before each working set.
ACTIVATION_S: Final = 10
#: Seconds between the parts of a set (one side, then the other; one movement of a tri-set,
#: then the next): the time to change hands or movement, not a rest.
SWITCH_S: Final = 3.0
#: Working exercises per group when no time budget is given, by number of focus groups.
_DEFAULT_PER_GROUP: Final = {1: 4, 2: 3, 3: 2, 4: 2, 5: 1}
_MAX_PER_GROUP: Final = 6
_TRICEPS: Final = frozenset({"triceps_overhead", "triceps_pushdown", "triceps_extension", "dip"})


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the session: ``primer`` (warm-up with holds) or ``working``."""

    kind: Role
    items: tuple[Prescription, ...]


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """A planned session with the request it answers and notes for the lifter."""

    request: PlanRequest
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()

    @property
    def items(self) -> Iterator[Prescription]:
        return (item for block in self.blocks for item in block.items)

    @property
    def estimated_seconds(self) -> int:
        return sum(item_seconds(p) for p in self.items)


def _parts_per_set(p: Prescription) -> tuple[int, int]:
    """How many times a set's reps are done (each movement of a tri-set, each side of a
    one-sided exercise) and how many switches between them (none when sides alternate)."""
    if p.exercise.components:
        return len(p.exercise.components), len(p.exercise.components) - 1
    if p.exercise.unilateral:
        return 2, 0 if p.exercise.alternating else 1
    return 1, 0


def item_seconds(p: Prescription) -> int:
    """Real duration of an item: reps x tempo (per side or movement, with the switches),
    activation, rests between sets, set-up."""
    low, high = p.reps
    parts, switches = _parts_per_set(p)
    work = (low + high) / 2 * parts * p.tempo.rep_seconds + switches * SWITCH_S
    activation = ACTIVATION_S if p.block == "working" else 0
    return round(p.sets * (work + activation) + (p.sets - 1) * p.rest_s + SETUP_S)


def _usable(ex: Exercise, req: PlanRequest) -> bool:
    return LEVELS.index(ex.min_level) <= LEVELS.index(req.level) and not ex.needs(req.equipment)


def _available(
    catalog: Catalog, wanted: Iterable[Exercise], req: PlanRequest, role: Role, taken: set[str]
) -> Iterator[tuple[Exercise, str | None]]:
    """Each wanted exercise if usable, else its first usable substitute with a reason."""
    for ex in wanted:
        if ex.id in taken:
            continue
        if _usable(ex, req):
            yield ex, None
            continue
        for sub_id in ex.substitutes:
            sub = catalog.exercises[sub_id]
            fits = sub.group == ex.group and role in sub.roles and sub.id not in taken
            if fits and _usable(sub, req):
                missing = ", ".join(sorted(ex.needs(req.equipment))) or "a higher level"
                yield sub, f"{sub.name} stands in for {ex.name}, which needs {missing}."
                break


def _shuffled(items: list[Exercise], rng: random.Random | None, turn: int) -> list[Exercise]:
    if rng is not None:
        rng.shuffle(items)
    elif items:
        turn %= len(items)
        items = items[turn:] + items[:turn]
    return items


def _primers(
    catalog: Catalog, focus: Focus, req: PlanRequest, rng: random.Random | None
) -> list[tuple[Exercise, str | None]]:
    group = catalog.groups[focus.group]
    method = [
        e for e in (catalog.exercises[i] for i in group.primers)
        if focus.covers(e.target) and _usable(e, req)
    ]  # fmt: skip
    fallback = [catalog.exercises[i] for i in group.fallback_primers]
    others = [e for e in catalog.in_group(focus.group) if "primer" in e.roles]
    pool = [
        e for e in _shuffled(method, rng, req.week - 1) + fallback + others
        if focus.covers(e.target)
    ]  # fmt: skip
    found = list(dict.fromkeys(_available(catalog, pool, req, "primer", set())))
    if not found:
        return []
    if focus.group != "arms":
        return found[:1]
    curls = [f for f in found if f[0].pattern == "curl"][:1]
    triceps = [f for f in found if f[0].pattern in _TRICEPS][:1]
    return (curls + triceps) or found[:1]


def _working_pool(
    catalog: Catalog, focus: Focus, req: PlanRequest, taken: set[str], rng: random.Random | None
) -> list[tuple[Exercise, str | None]]:
    """Working candidates for a focus in the order they should be added."""
    keys = {o.key for o in req.emphasis}
    fits = [
        e for e in catalog.in_group(focus.group)
        if "working" in e.roles and focus.covers(e.target) and e.id not in taken
    ]  # fmt: skip
    fits.sort(key=lambda e: _makeshift(e, req))  # band and bodyweight stand-ins go last
    turn = req.week - 1 if focus.group == "arms" else 0  # vary arm programming week to week
    emphasised = [e for e in fits if keys & {o.key for o in e.emphasis}]
    compound = _shuffled([e for e in fits if e.compound and e not in emphasised], rng, turn)
    isolation = _shuffled([e for e in fits if not e.compound and e not in emphasised], rng, turn)
    if focus.group == "arms":  # small muscles: isolation first, biceps and triceps in turn
        isolation.sort(key=lambda e: not _usable(e, req))  # stand-ins only after the rest
        curls = _by_grip([e for e in isolation if e.pattern == "curl"])
        others = [e for e in isolation if e.pattern != "curl"]
        isolation = [e for pair in zip_longest(curls, others) for e in pair if e is not None]
        compound, isolation = isolation, compound
    ordered = emphasised + compound + isolation
    found = list(_available(catalog, ordered, req, "working", taken))
    if focus.group == "arms":  # arms already alternate biceps and triceps
        return _unique(found)
    return _unique(_spread(catalog, found))


def _by_grip(curls: list[Exercise]) -> list[Exercise]:
    """One curl of each grip first, so the arms get underhand, neutral and overhand work."""
    first: dict[str | None, Exercise] = {}
    for e in curls:
        first.setdefault(e.grip, e)
    return [*first.values(), *(e for e in curls if e not in first.values())]


def _makeshift(ex: Exercise, req: PlanRequest) -> int:
    """1 for band or bodyweight stand-ins when the lifter has real equipment, else 0."""
    basic = {"bands", "bodyweight"}
    return int(set(ex.equipment) <= basic and not req.equipment <= basic)


Found = list[tuple[Exercise, str | None]]


def _root(catalog: Catalog, muscle: str) -> str:
    """The whole muscle a part belongs to (``soleus`` -> ``calves``)."""
    seen = {muscle}
    while (parent := catalog.muscles[muscle].part_of) is not None and parent not in seen:
        seen.add(parent)
        muscle = parent
    return muscle


def _spread(catalog: Catalog, found: Found) -> Found:
    """Cover new target muscles first, then new movement patterns, then the rest."""
    covered: set[str] = set()
    patterns: set[str] = set()
    first: Found = []
    for ex, note in found:
        roots = {_root(catalog, m) for m in ex.target}
        if roots - covered:
            covered |= roots
            patterns.add(ex.pattern)
            first.append((ex, note))
    second: Found = []
    for ex, note in found:
        if (ex, note) not in first and ex.pattern not in patterns:
            patterns.add(ex.pattern)
            second.append((ex, note))
    return first + second + [f for f in found if f not in first and f not in second]


def _unique(found: Found) -> Found:
    unique: dict[str, tuple[Exercise, str | None]] = {}
    for ex, note in found:
        unique.setdefault(ex.id, (ex, note))
    return list(unique.values())


def _prescribe(
    catalog: Catalog, ex: Exercise, note: str | None, req: PlanRequest, block: Role
) -> Prescription:
    emphasis = _emphasis_for(ex, req.emphasis)
    ctx = RuleContext(catalog, req.level, req.week, block, emphasis)
    p = apply_rules(base_prescription(ex, ctx), ctx)
    return p.because(note) if note else p


def _emphasis_for(ex: Exercise, wanted: tuple[EmphasisOption, ...]) -> EmphasisOption | None:
    keys = {o.key for o in wanted}
    return next((o for o in ex.emphasis if o.key in keys), None)


def _check_emphasis(catalog: Catalog, req: PlanRequest) -> None:
    groups = {f.group for f in req.focus}
    for opt in req.emphasis:
        owners = {e.group for e in catalog.exercises.values() if opt in e.emphasis}
        if not owners & groups:
            raise PlanningError(
                f"Emphasis {opt.key!r} applies to {', '.join(sorted(owners))}, which is not in "
                f"the focus ({', '.join(g for g in GROUPS if g in groups)})."
            )


def plan_session(catalog: Catalog, req: PlanRequest) -> SessionPlan:
    """Build the session for ``req``: primers, working items, fitted to ``req.minutes``."""
    _check_emphasis(catalog, req)
    rng = random.Random(req.seed) if req.seed is not None else None
    primer_items: list[Prescription] = []
    pools: dict[GroupName, list[tuple[Exercise, str | None]]] = {}
    for focus in req.focus:
        chosen = _primers(catalog, focus, req, rng)
        primer_items += [_prescribe(catalog, ex, note, req, "primer") for ex, note in chosen]
        taken = {ex.id for ex, _ in chosen}
        pools[focus.group] = _working_pool(catalog, focus, req, taken, rng)
        if not pools[focus.group]:
            raise PlanningError(_nothing_fits(focus, req))
    working = _fit(catalog, req, pools, primer_items)
    blocks: tuple[Block, ...] = (
        Block("primer", tuple(primer_items)),
        Block("working", tuple(working)),
    )
    if not primer_items:
        blocks = blocks[1:]
    return SessionPlan(req, blocks, _notes(catalog, req, blocks))


def _nothing_fits(focus: Focus, req: PlanRequest) -> str:
    what = focus.group if focus.muscles is None else ", ".join(sorted(focus.muscles))
    have = ", ".join(sorted(req.equipment))
    return f"No {req.level} exercise for {what} can be done with {have}; add equipment."


def _fit(
    catalog: Catalog,
    req: PlanRequest,
    pools: dict[GroupName, list[tuple[Exercise, str | None]]],
    primers: list[Prescription],
) -> list[Prescription]:
    """Add working items round-robin over the groups while the time budget allows."""
    made = {
        g: [_prescribe(catalog, ex, note, req, "working") for ex, note in pool[:_MAX_PER_GROUP]]
        for g, pool in pools.items()
    }
    counts = dict.fromkeys(made, 1)
    if req.minutes is None:
        per = _DEFAULT_PER_GROUP.get(len(made), 1)
        counts = {g: min(per, len(items)) for g, items in made.items()}
    else:
        budget = req.minutes * 60 - sum(item_seconds(p) for p in primers)
        used = sum(item_seconds(items[0]) for items in made.values())
        grew = True
        while grew:
            grew = False
            for g, items in made.items():
                if counts[g] < len(items) and used + item_seconds(items[counts[g]]) <= budget:
                    used += item_seconds(items[counts[g]])
                    counts[g] += 1
                    grew = True
    chosen = [p for g, items in made.items() for p in items[: counts[g]]]
    return _trim_sets(chosen, req, primers)


def _trim_sets(
    items: list[Prescription], req: PlanRequest, primers: list[Prescription]
) -> list[Prescription]:
    """When even one exercise per group runs over the budget, take sets off (never below 1)."""
    if req.minutes is None:
        return items
    budget = req.minutes * 60 - sum(item_seconds(p) for p in primers)
    while sum(item_seconds(p) for p in items) > budget:
        i = max(range(len(items)), key=lambda k: items[k].sets)
        if items[i].sets <= 1:
            break
        items[i] = replace(items[i], sets=items[i].sets - 1).because(
            f"One set fewer to fit {req.minutes} minutes."
        )
    return items


def _notes(catalog: Catalog, req: PlanRequest, blocks: tuple[Block, ...]) -> tuple[str, ...]:
    notes = [
        "Before each working set, contract the target on purpose; between sets, flex it and "
        "picture the next set. The mental side counts as much as the physical one.",
    ]
    if req.first_month:
        notes.append(
            f"Week {req.week} of 4 of the introduction: tempo first. Loads will be clearly "
            "lower than you are used to; that is the point, not a setback. No records now: "
            "the strength you gain in these weeks is mostly your nervous system learning "
            "the movement."
        )
    for focus in req.focus:
        note = catalog.groups[focus.group].note
        if note:
            notes.append(note)
    minutes = round(sum(item_seconds(p) for b in blocks for p in b.items) / 60)
    if req.minutes is not None and minutes > req.minutes:
        notes.append(
            f"Even trimmed, this session takes about {minutes} minutes, more than the "
            f"{req.minutes} you have: focus on fewer groups or allow more time."
        )
    return tuple(notes)
