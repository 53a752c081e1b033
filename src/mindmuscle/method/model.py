"""The catalog's value types: muscles, cues, groups, exercises and emphasis options.

All are frozen dataclasses with slug ids; they are built by :mod:`.catalog` from
TOML files and never touch I/O themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = [
    "CUE_MOMENTS",
    "EQUIPMENT",
    "GRIPS",
    "GROUPS",
    "LEVELS",
    "MUSCLE_GROUPS",
    "PATTERNS",
    "ROLES",
    "Cue",
    "CueMoment",
    "EmphasisOption",
    "Exercise",
    "Grip",
    "Group",
    "GroupName",
    "Level",
    "Muscle",
    "Role",
]

GroupName = Literal["chest", "back", "shoulders", "arms", "legs"]
#: The five training groups a session can focus on, in the method's order.
GROUPS: Final[tuple[GroupName, ...]] = ("chest", "back", "shoulders", "arms", "legs")
#: Groups a muscle can belong to: the training groups plus the core (abs, obliques).
MUSCLE_GROUPS: Final[tuple[str, ...]] = (*GROUPS, "core")

Level = Literal["novice", "intermediate", "advanced"]
LEVELS: Final[tuple[Level, ...]] = ("novice", "intermediate", "advanced")

Grip = Literal["overhand", "underhand", "neutral"]
GRIPS: Final[tuple[Grip, ...]] = ("overhand", "underhand", "neutral")

Role = Literal["primer", "working"]
ROLES: Final[tuple[Role, ...]] = ("primer", "working")

CueMoment = Literal["before", "during", "between"]
CUE_MOMENTS: Final[tuple[CueMoment, ...]] = ("before", "during", "between")

#: Equipment ids an exercise may require. ``bodyweight`` is always available.
EQUIPMENT: Final[tuple[str, ...]] = (
    "bodyweight",
    "barbell",
    "ez_bar",
    "dumbbell",
    "kettlebell",
    "cable",
    "machine",
    "smith_machine",
    "bench",
    "incline_bench",
    "pullup_bar",
    "dip_station",
    "bands",
    "plates",
)

#: Movement patterns; prescription rules key on these.
PATTERNS: Final[tuple[str, ...]] = (
    "horizontal_press",
    "incline_press",
    "vertical_press",
    "fly",
    "push_up",
    "dip",
    "row",
    "vertical_pull",
    "pullover",
    "shrug",
    "back_extension",
    "raise",
    "rear_delt",
    "curl",
    "triceps_overhead",
    "triceps_pushdown",
    "triceps_extension",
    "squat",
    "leg_press",
    "lunge",
    "hinge",
    "leg_extension",
    "leg_curl",
    "hip_thrust",
    "calf_raise",
    "core",
)


@dataclass(frozen=True, slots=True)
class Muscle:
    """A muscle or a part of one that the method distinguishes (e.g. vastus lateralis)."""

    id: str
    name: str
    group: str
    part_of: str | None = None
    aliases: tuple[str, ...] = ()
    feel: str = ""


@dataclass(frozen=True, slots=True)
class Cue:
    """One coaching instruction in the team's own words, with the moment it is given."""

    id: str
    text: str
    moment: CueMoment = "during"


@dataclass(frozen=True, slots=True)
class Group:
    """A training group with its key cues, set prompts and the method's primers."""

    id: GroupName
    name: str
    key_cues: tuple[str, ...]
    activation: tuple[str, ...]
    between_sets: tuple[str, ...]
    primers: tuple[str, ...]
    fallback_primers: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class EmphasisOption:
    """A way to shift an exercise's load onto part of a muscle (``hamstrings:inner``)."""

    key: str
    setup: str
    cue: str
    variable: str
    targets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Exercise:
    """A catalog exercise with everything the planner and the coach need."""

    id: str
    name: str
    group: GroupName
    pattern: str
    equipment: tuple[str, ...]
    target: tuple[str, ...]
    accessory: tuple[str, ...] = ()
    grip: Grip | None = None
    roles: tuple[Role, ...] = ("working",)
    cues: tuple[str, ...] = ()
    emphasis: tuple[EmphasisOption, ...] = ()
    components: tuple[str, ...] = ()
    substitutes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    compound: bool = False
    unilateral: bool = False
    min_level: Level = "novice"
    note: str = ""
    tags: tuple[str, ...] = field(default=())
    #: One-sided reps that alternate sides (left, right, left, ...) in one run, instead of
    #: all reps of one side and then the other; only with ``unilateral``.
    alternating: bool = False

    def needs(self, available: frozenset[str]) -> frozenset[str]:
        """The equipment this exercise needs that is not in ``available``."""
        return frozenset(self.equipment) - available - {"bodyweight"}
