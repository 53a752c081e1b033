"""What a lifter asks for, parsed from plain words into catalog terms.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> req = PlanRequest.parse(builtin_catalog(), focus="chest", level="novice", week=1)
>>> req.focus[0].group, req.first_month
('chest', True)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from mindmuscle.errors import InputError, UnknownNameError
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import (
    EQUIPMENT,
    GROUPS,
    LEVELS,
    EmphasisOption,
    GroupName,
    Level,
    Muscle,
)

__all__ = [
    "EQUIPMENT_PRESETS",
    "Focus",
    "PlanRequest",
    "parse_equipment",
    "parse_focus",
    "parse_level",
    "split_list",
]

#: Named equipment sets a lifter can give instead of listing every item.
EQUIPMENT_PRESETS: Final[dict[str, frozenset[str]]] = {
    "gym": frozenset(EQUIPMENT),
    "full_gym": frozenset(EQUIPMENT),
    "home": frozenset({"bodyweight", "dumbbell", "bands"}),
    "none": frozenset({"bodyweight"}),
}
_GROUP_ALIASES: Final[dict[str, GroupName]] = {
    "pecs": "chest", "upper_back": "back", "shoulder": "shoulders", "delts": "shoulders",
    "arm": "arms", "leg": "legs", "lower_body": "legs",
}  # fmt: skip


def split_list(text: str | Sequence[str] | None) -> list[str]:
    """``"chest, back"`` or ``["chest", "back,arms"]`` -> ``["chest", "back", "arms"]``."""
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    return [p.strip() for part in parts for p in part.split(",") if p.strip()]


def _slug(text: str) -> str:
    return "_".join(text.lower().replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class Focus:
    """A group to train, optionally narrowed to some of its muscles (``None``: the whole group)."""

    group: GroupName
    muscles: frozenset[str] | None = None

    def covers(self, targets: Iterable[str]) -> bool:
        return self.muscles is None or bool(self.muscles & set(targets))


def parse_focus(catalog: Catalog, tokens: Sequence[str]) -> tuple[Focus, ...]:
    """Groups or muscles -> one :class:`Focus` per group, in the order first named."""
    if not tokens:
        raise InputError(f"--focus is empty; expected groups ({', '.join(GROUPS)}) or muscles.")
    merged: dict[GroupName, frozenset[str] | None] = {}
    for token in tokens:
        slug = _slug(token)
        group = slug if slug in GROUPS else _GROUP_ALIASES.get(slug)
        if group is not None:
            merged[group] = None
            continue
        muscle = _focus_muscle(catalog, token)
        whole = catalog.muscle_and_parts(muscle.id)
        grp: GroupName = muscle.group  # type: ignore[assignment]
        if grp in merged and merged[grp] is None:
            continue
        merged[grp] = (merged.get(grp) or frozenset()) | whole
    return tuple(Focus(g, m) for g, m in merged.items())


def _focus_muscle(catalog: Catalog, token: str) -> Muscle:
    try:
        muscle = catalog.muscle(token)
    except UnknownNameError:
        names = [*GROUPS, *catalog.muscles]
        close = difflib.get_close_matches(_slug(token), names, n=2, cutoff=0.6)
        hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
        raise UnknownNameError(
            f"Unknown focus {token!r}; expected a group ({', '.join(GROUPS)}) or a muscle "
            f"such as biceps or hamstrings.{hint}"
        ) from None
    if muscle.group not in GROUPS:
        raise InputError(
            f"Focus {token!r} is a {muscle.group} muscle; sessions focus on "
            f"{', '.join(GROUPS)} or their muscles."
        )
    return muscle


def parse_level(text: str) -> Level:
    slug = _slug(text)
    if slug not in LEVELS:
        raise InputError(f"Unknown level {text!r}; expected one of {', '.join(LEVELS)}.")
    return slug


def parse_equipment(tokens: Sequence[str]) -> frozenset[str]:
    """Equipment ids and presets (gym, home, none); plurals accepted. Empty: a full gym."""
    if not tokens:
        return EQUIPMENT_PRESETS["gym"]
    out = {"bodyweight"}
    for token in tokens:
        slug = _slug(token)
        for candidate in (slug, slug.removesuffix("s"), slug.removesuffix("es")):
            if candidate in EQUIPMENT_PRESETS:
                out |= EQUIPMENT_PRESETS[candidate]
                break
            if candidate in EQUIPMENT:
                out.add(candidate)
                break
        else:
            known = [*EQUIPMENT_PRESETS, *EQUIPMENT]
            close = difflib.get_close_matches(slug, known, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise UnknownNameError(
                f"Unknown equipment {token!r}; expected presets {', '.join(EQUIPMENT_PRESETS)} "
                f"or items {', '.join(EQUIPMENT)}.{hint}"
            )
    return frozenset(out)


def _parse_emphasis(catalog: Catalog, tokens: Sequence[str]) -> tuple[EmphasisOption, ...]:
    options: dict[str, EmphasisOption] = {}
    for ex in catalog.exercises.values():
        for opt in ex.emphasis:
            options.setdefault(opt.key, opt)
    chosen = []
    for token in tokens:
        key = _slug(token.replace(":", " : ")).replace("_:_", ":")
        if key not in options:
            close = difflib.get_close_matches(key, list(options), n=2)
            hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise UnknownNameError(
                f"Unknown emphasis {token!r}; expected muscle:part such as "
                f"{', '.join(sorted(options)[:4])}.{hint}"
            )
        chosen.append(options[key])
    return tuple(chosen)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """A validated request for one session."""

    focus: tuple[Focus, ...]
    level: Level = "novice"
    week: int = 1
    equipment: frozenset[str] = field(default_factory=lambda: EQUIPMENT_PRESETS["gym"])
    minutes: int | None = None
    emphasis: tuple[EmphasisOption, ...] = ()
    seed: int | None = None

    @property
    def first_month(self) -> bool:
        return self.week <= 4

    @classmethod
    def parse(
        cls,
        catalog: Catalog,
        *,
        focus: str | Sequence[str],
        level: str = "novice",
        week: int = 1,
        equipment: str | Sequence[str] | None = None,
        minutes: int | None = None,
        emphasis: str | Sequence[str] | None = None,
        seed: int | None = None,
    ) -> PlanRequest:
        """Parse plain words (CLI options, form fields) into a request, or raise InputError."""
        if week < 1:
            raise InputError(f"--week {week} is not a week of training; expected 1 or more.")
        if minutes is not None and not 10 <= minutes <= 240:
            raise InputError(f"--minutes {minutes} is out of range; expected 10 to 240.")
        return cls(
            focus=parse_focus(catalog, split_list(focus)),
            level=parse_level(level),
            week=week,
            equipment=parse_equipment(split_list(equipment)),
            minutes=minutes,
            emphasis=_parse_emphasis(catalog, split_list(emphasis)),
            seed=seed,
        )
