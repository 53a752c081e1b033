"""The method's prescription rules: small pure functions, each with an id and a reason.

A :class:`Prescription` starts from the pattern's defaults (:func:`base_prescription`)
and passes through :data:`RULES` in order. A rule that changes the prescription adds
its one-line reason to ``why``, so every number in a plan can be traced to the rule
that set it. The table of METHOD.md section 2 maps onto the rules like this:

================================  =================================================
METHOD.md                         rule id
================================  =================================================
eccentric >= 3 s, first month     ``first_month_eccentric``
3-5 s eccentric by default        ``slow_eccentric``
4-6 s on overhand/neutral curls   ``other_flexors_eccentric``
>= 1 s top hold on every curl     ``curl_top_hold``
3 s squeeze on rows / back work   ``back_squeeze``
3-5 s isometric hold in primers   ``primer_hold``
no lockout (presses, knees)       ``no_lockout_press``, ``no_lockout_knees``
loaded stretch, no bounce         ``calf_stretch``
activate / visualise / flex       ``activate_before``, ``visualise_during``,
                                  ``flex_between``
fail in range with the tempo      ``failure_with_tempo``; ``ego_check`` (month 1)
================================  =================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import EmphasisOption, Exercise, Level, Role
from mindmuscle.method.tempo import Tempo

__all__ = [
    "BACK_PATTERNS",
    "KNEE_PATTERNS",
    "RULES",
    "Prescription",
    "Rule",
    "RuleContext",
    "apply_rules",
    "base_prescription",
]

#: Back work, where every rep ends in a hard squeeze (METHOD.md: rows and back work in general).
BACK_PATTERNS: Final = frozenset({"row", "vertical_pull", "pullover", "shrug", "back_extension"})
#: Leg work on the feet or a plate, where the knees must never lock out.
KNEE_PATTERNS: Final = frozenset({"squat", "leg_press", "lunge", "hinge"})
_SLOW_ECCENTRIC_PATTERNS: Final = frozenset(
    {"horizontal_press", "incline_press", "vertical_press", "push_up", "dip", "fly", "raise",
     "rear_delt", "squat", "leg_press", "lunge", "hinge"} | BACK_PATTERNS
)  # fmt: skip
_ISOLATION_TOP: Final = frozenset(
    {"fly", "raise", "rear_delt", "leg_extension", "leg_curl", "calf_raise", "hip_thrust",
     "triceps_pushdown", "triceps_extension", "triceps_overhead", "curl"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the rules may look at besides the exercise: who trains, when, in which block."""

    catalog: Catalog
    level: Level
    week: int
    block: Role
    emphasis: EmphasisOption | None = None

    @property
    def first_month(self) -> bool:
        """Weeks 1-4 of training with the method."""
        return self.week <= 4


@dataclass(frozen=True, slots=True)
class Prescription:
    """Everything prescribed for one exercise in one block of a session."""

    exercise: Exercise
    block: Role
    sets: int
    reps: tuple[int, int]
    tempo: Tempo
    rest_s: int
    cues: tuple[str, ...] = ()
    activation: tuple[str, ...] = ()
    between_sets: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    emphasis: EmphasisOption | None = None

    def with_cue(self, *texts: str) -> Prescription:
        return replace(self, cues=_merge(self.cues, texts))

    def because(self, reason: str) -> Prescription:
        return replace(self, why=_merge(self.why, (reason,)))


def _merge(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return old + tuple(t for t in new if t not in old)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule: ``apply`` returns the new prescription, or ``None`` if it does not apply."""

    id: str
    reason: str
    apply: Callable[[Prescription, RuleContext], Prescription | None]


def base_prescription(exercise: Exercise, ctx: RuleContext) -> Prescription:
    """The pattern's starting point before the method's rules shape it."""
    ex = exercise
    if ctx.block == "primer":
        return Prescription(ex, "primer", sets=1, reps=(8, 12), tempo=Tempo(2, 0, 1, 1), rest_s=45)
    top = 1.0 if ex.pattern in _ISOLATION_TOP else 0.0
    if ex.pattern == "calf_raise":
        reps = (12, 20)
    elif ex.compound:
        reps = (6, 10) if ctx.level == "advanced" else (8, 12)
    else:
        reps = (10, 15)
    sets = {"novice": 2, "intermediate": 3, "advanced": 3}[ctx.level]
    rest = (150 if ctx.level == "advanced" else 120) if ex.compound else 75
    return Prescription(ex, "working", sets, reps, Tempo(2, 0, 1, top), rest)


def _cue(ctx: RuleContext, cue_id: str) -> str:
    return ctx.catalog.cue_text(cue_id)


def _tempo(p: Prescription, **phases: float) -> Prescription | None:
    tempo = p.tempo
    for name, seconds in phases.items():
        tempo = tempo.with_phase(name, seconds)  # type: ignore[arg-type]
    return None if tempo == p.tempo else replace(p, tempo=tempo)


def _is_curl(p: Prescription) -> bool:
    return p.exercise.pattern == "curl"


def _slow_eccentric(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.block != "working" or p.exercise.pattern not in _SLOW_ECCENTRIC_PATTERNS:
        return None
    seconds = 3.0 if ctx.level == "novice" else 4.0
    return _tempo(p, eccentric=max(p.tempo.eccentric, seconds))


def _other_flexors(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if not _is_curl(p) or p.exercise.grip not in ("overhand", "neutral"):
        return None
    return _tempo(p, eccentric=min(max(p.tempo.eccentric, 5.0), 6.0))


def _curl_top_hold(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if not _is_curl(p) or p.block != "working":
        return None
    changed = _tempo(p, top=max(p.tempo.top, 1.0)) or p
    return changed.with_cue(_cue(ctx, "rule.curl_top_hold"))


def _back_squeeze(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.block != "working" or p.exercise.pattern not in BACK_PATTERNS:
        return None
    changed = _tempo(p, top=max(p.tempo.top, 3.0)) or p
    return changed.with_cue(_cue(ctx, "rule.row_squeeze"))


def _primer_hold(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.block != "primer":
        return None
    hold = 5.0 if p.exercise.group == "arms" else 4.0
    return (_tempo(p, top=hold) or p).with_cue(_cue(ctx, "rule.primer_hold"))


def _first_month(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if not ctx.first_month:
        return None
    return _tempo(p, eccentric=max(p.tempo.eccentric, 3.0)) or p


def _no_lockout_press(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.exercise.pattern != "vertical_press":
        return None
    return p.with_cue(_cue(ctx, "rule.no_lockout_press"))


def _no_lockout_knees(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.exercise.pattern not in KNEE_PATTERNS:
        return None
    return p.with_cue(_cue(ctx, "rule.no_lockout_knees"))


def _calf_stretch(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if p.exercise.pattern != "calf_raise":
        return None
    changed = _tempo(p, bottom=max(p.tempo.bottom, 2.0), eccentric=max(p.tempo.eccentric, 3.0))
    return (changed or p).with_cue(_cue(ctx, "rule.calf_stretch"))


def _catalog_cues(p: Prescription, ctx: RuleContext) -> Prescription | None:
    group = ctx.catalog.groups[p.exercise.group]
    ids = (*p.exercise.cues, *group.key_cues)
    return p.with_cue(*(_cue(ctx, i) for i in ids)) if ids else None


def _emphasis(p: Prescription, ctx: RuleContext) -> Prescription | None:
    opt = ctx.emphasis
    if opt is None or opt not in p.exercise.emphasis or p.block != "working":
        return None
    setup = replace(p, emphasis=opt).with_cue(opt.setup, opt.cue)
    return setup.because(f"Emphasis {opt.key}: {opt.setup}")


def _activate(p: Prescription, ctx: RuleContext) -> Prescription | None:
    group = ctx.catalog.groups[p.exercise.group]
    return replace(
        p, activation=_merge(p.activation, (_cue(ctx, "rule.activate"), *group.activation))
    )


def _visualise(p: Prescription, ctx: RuleContext) -> Prescription | None:
    return p.with_cue(_cue(ctx, "rule.visualise")) if p.block == "working" else None


def _flex_between(p: Prescription, ctx: RuleContext) -> Prescription | None:
    group = ctx.catalog.groups[p.exercise.group]
    prompts = (_cue(ctx, "rule.flex_between"), *group.between_sets)
    return replace(p, between_sets=_merge(p.between_sets, prompts))


def _failure_with_tempo(p: Prescription, ctx: RuleContext) -> Prescription | None:
    return p if p.block == "working" else None


def _ego_check(p: Prescription, ctx: RuleContext) -> Prescription | None:
    if not ctx.first_month or p.block != "working":
        return None
    return replace(p, activation=_merge(p.activation, (_cue(ctx, "rule.ego_check"),)))


#: The rules in the order they are applied. Tempo rules that set a floor come after the
#: defaults they raise; the first-month floor comes last among tempo rules so that it holds.
RULES: Final[tuple[Rule, ...]] = (
    Rule("slow_eccentric", "Slow eccentrics (3-5 s) are the method's main tool on this lift.",
         _slow_eccentric),
    Rule("other_flexors_eccentric",
         "Overhand and neutral grips bring in brachialis and brachioradialis: 4-6 s eccentrics.",
         _other_flexors),
    Rule("curl_top_hold", "Every biceps curl holds the top for at least 1 s.", _curl_top_hold),
    Rule("back_squeeze", "Back work ends each rep in a hard 3 s squeeze.", _back_squeeze),
    Rule("primer_hold",
         "Primer: light reps with a 3-5 s isometric hold in the shortened position to switch "
         "the nervous system on.", _primer_hold),
    Rule("first_month_eccentric",
         "First month with the method: at least 3 s eccentric on every lift.", _first_month),
    Rule("calf_stretch", "Calves: loaded stretch at the bottom, deliberate reps, no bouncing.",
         _calf_stretch),
    Rule("no_lockout_press",
         "Shoulder press: stay in the active range; lockout hands the load to the triceps.",
         _no_lockout_press),
    Rule("no_lockout_knees", "Leg work: never lock the knees; keep the load on the muscles.",
         _no_lockout_knees),
    Rule("cues", "", _catalog_cues),
    Rule("emphasis", "", _emphasis),
    Rule("activate_before", "", _activate),
    Rule("visualise_during", "", _visualise),
    Rule("flex_between", "", _flex_between),
    Rule("failure_with_tempo",
         "Take each set to failure inside the rep range while keeping the tempo and form.",
         _failure_with_tempo),
    Rule("ego_check",
         "First month: expect clearly lighter loads than usual; no records while learning "
         "the tempo.", _ego_check),
)  # fmt: skip


def apply_rules(p: Prescription, ctx: RuleContext) -> Prescription:
    """Run every rule in order; reasons of rules that changed something go to ``why``."""
    for rule in RULES:
        changed = rule.apply(p, ctx)
        if changed is None:
            continue
        p = changed.because(rule.reason) if rule.reason else changed
    return p
