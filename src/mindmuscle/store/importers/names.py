"""Mapping other apps' exercise names ("Bench Press (Barbell)") onto the catalog.

In order: (1) the table :data:`APP_NAMES` of common Strong/Hevy names to catalog candidates
(ids or names; the first the catalog knows wins); (2) the catalog's own id/name/alias lookup on
the name and on "equipment + name" ("barbell bench press"); (3) close fuzzy matches of that
normalised form, accepted only when the exercise uses the equipment in the parentheses. A name
nothing matches is reported, never invented.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from mindmuscle.errors import UnknownNameError
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import Exercise

__all__ = ["APP_NAMES", "NameMapper", "normalise"]

#: Common names in Strong and Hevy (lower case) -> catalog candidates, best first.
APP_NAMES: Final[Mapping[str, tuple[str, ...]]] = {
    "bench press (barbell)": ("barbell_bench_press", "barbell bench press", "bench press"),
    "bench press (dumbbell)": ("dumbbell_bench_press", "dumbbell bench press"),
    "incline bench press (barbell)": ("incline_barbell_press", "incline barbell bench press"),
    "incline bench press (dumbbell)": ("incline_dumbbell_press", "incline dumbbell press"),
    "chest fly (dumbbell)": ("dumbbell_fly", "dumbbell fly"),
    "chest fly (machine)": ("pec_deck",),
    "butterfly (pec deck)": ("pec_deck",),
    "cable crossover": ("cable_fly", "cable crossover"),
    "cable fly crossovers": ("cable_fly", "cable crossover"),
    "push up": ("push_up",),
    "chest dip": ("dip", "chest dip"),
    "bent over row (barbell)": ("barbell_row", "bent over row"),
    "bent over one arm row (dumbbell)": ("one_arm_dumbbell_row", "dumbbell row"),
    "dumbbell row": ("one_arm_dumbbell_row", "dumbbell row"),
    "seated row (cable)": ("seated_cable_row", "seated cable row"),
    "seated cable row - v grip (cable)": ("seated_cable_row", "seated cable row"),
    "lat pulldown (cable)": ("lat_pulldown", "lat pulldown"),
    "lat pulldown (machine)": ("lat_pulldown", "lat pulldown"),
    "pull up": ("pull_up", "pull-up"),
    "chin up": ("chin_up", "chin-up"),
    "pullover (dumbbell)": ("dumbbell_pullover", "lat pullover"),
    "straight arm pulldown (cable)": ("straight_arm_pulldown", "cable pullover"),
    "face pull (cable)": ("face_pull",),
    "overhead press (barbell)": ("overhead_press", "military press", "barbell overhead press"),
    "strict military press (barbell)": ("military_press", "overhead_press"),
    "shoulder press (dumbbell)": ("dumbbell_shoulder_press", "seated dumbbell press"),
    "seated overhead press (dumbbell)": ("dumbbell_shoulder_press", "seated dumbbell press"),
    "lateral raise (dumbbell)": ("lateral_raise", "dumbbell lateral raise"),
    "lateral raise (cable)": ("cable_lateral_raise", "cable lateral raise"),
    "front raise (dumbbell)": ("front_raise", "dumbbell front raise"),
    "reverse fly (dumbbell)": ("rear_delt_fly", "reverse fly"),
    "rear delt reverse fly (dumbbell)": ("rear_delt_fly", "reverse fly"),
    "bicep curl (barbell)": ("barbell_curl", "barbell curl"),
    "bicep curl (dumbbell)": ("dumbbell_curl", "dumbbell curl"),
    "bicep curl (cable)": ("cable_curl", "cable curl"),
    "hammer curl (dumbbell)": ("hammer_curl", "hammer curl"),
    "preacher curl (machine)": ("machine_preacher_curl",),
    "incline curl (dumbbell)": ("incline_dumbbell_curl", "incline curl"),
    "triceps pushdown (cable - straight bar)": ("triceps_pushdown", "cable pushdown"),
    "triceps pushdown": ("triceps_pushdown", "cable pushdown"),
    "triceps rope pushdown": ("rope_pushdown", "triceps_pushdown"),
    "triceps extension (dumbbell)": ("overhead_triceps_extension", "overhead extension"),
    "overhead triceps extension (cable)": ("cable_overhead_triceps_extension",),
    "skullcrusher (barbell)": ("skull_crusher", "lying triceps extension"),
    "squat (barbell)": ("back_squat", "barbell squat", "squat"),
    "front squat (barbell)": ("front_squat",),
    "leg press": ("leg_press",),
    "leg press (machine)": ("leg_press",),
    "leg extension (machine)": ("leg_extension",),
    "lying leg curl (machine)": ("lying_leg_curl", "leg_curl"),
    "seated leg curl (machine)": ("seated_leg_curl", "leg_curl"),
    "romanian deadlift (barbell)": ("romanian_deadlift",),
    "romanian deadlift (dumbbell)": ("dumbbell_romanian_deadlift", "romanian_deadlift"),
    "stiff leg deadlift (barbell)": ("stiff_legged_deadlift", "romanian_deadlift"),
    "deadlift (barbell)": ("deadlift", "conventional deadlift"),
    "hip thrust (barbell)": ("hip_thrust", "barbell hip thrust"),
    "lunge (dumbbell)": ("dumbbell_lunge", "lunge"),
    "walking lunge (dumbbell)": ("walking_lunge", "lunge"),
    "bulgarian split squat": ("bulgarian_split_squat", "split squat"),
    "standing calf raise (machine)": ("standing_calf_raise", "calf raise"),
    "seated calf raise (machine)": ("seated_calf_raise", "seated calf raise"),
    "calf raise": ("standing_calf_raise", "calf raise"),
}

#: Words in an app's parentheses -> catalog equipment ids.
_EQUIPMENT: Final[Mapping[str, str]] = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "cable": "cable",
    "machine": "machine",
    "smith machine": "smith_machine",
    "kettlebell": "kettlebell",
    "band": "bands",
    "bands": "bands",
    "ez bar": "ez_bar",
    "bodyweight": "bodyweight",
    "weighted": "bodyweight",
}
_SYNONYMS: Final = (("bicep ", "biceps "), ("tricep ", "triceps "))
_PAREN = re.compile(r"\(([^)]*)\)")


def normalise(name: str) -> str:
    """Lower case, separators as spaces, single spaces, "bicep" -> "biceps"."""
    text = " ".join(re.sub(r"[_\-/,.]", " ", name.lower()).split())
    text = f"{text} "
    for old, new in _SYNONYMS:
        text = text.replace(old, new)
    return text.strip()


def _split(name: str) -> tuple[str, str | None]:
    """``"Bench Press (Barbell)"`` -> ``("bench press", "barbell")``."""
    match = _PAREN.search(name)
    base = normalise(_PAREN.sub(" ", name))
    if match is None:
        return base, None
    inside = normalise(match.group(1).split("-")[0])
    return base, _EQUIPMENT.get(inside)


@dataclass
class NameMapper:
    """Resolves app names to catalog ids, remembering answers (one import = one mapper)."""

    catalog: Catalog
    cutoff: float = 0.88
    _cache: dict[str, str | None] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for x in self.catalog.exercises.values():
            for key in (x.id, x.name, *x.aliases):
                self._index.setdefault(normalise(key), x.id)

    def map(self, app_name: str) -> str | None:
        """The catalog id for ``app_name``, or ``None`` when nothing fits."""
        if app_name not in self._cache:
            self._cache[app_name] = self._resolve(app_name)
        return self._cache[app_name]

    def _lookup(self, name: str) -> str | None:
        try:
            return self.catalog.exercise(name).id
        except UnknownNameError:
            return self._index.get(normalise(name))

    def _resolve(self, app_name: str) -> str | None:
        for candidate in APP_NAMES.get(" ".join(app_name.lower().split()), ()):
            found = self._lookup(candidate)
            if found is not None:
                return found
        base, equipment = _split(app_name)
        forms = [f"{equipment.replace('_', ' ')} {base}", base] if equipment else [base]
        if " - " in app_name:  # "Seated Cable Row - Bar Grip": the variant after the dash
            forms.append(_split(app_name.split(" - ")[0])[0])
        for form in forms:
            found = self._lookup(form)
            if found is not None and self._uses(found, equipment):
                return found
        for form in forms:
            for close in difflib.get_close_matches(form, self._index, n=3, cutoff=self.cutoff):
                found = self._index[close]
                if self._uses(found, equipment):
                    return found
        return None

    def _uses(self, exercise_id: str, equipment: str | None) -> bool:
        if equipment is None:
            return True
        exercise: Exercise = self.catalog.exercises[exercise_id]
        return equipment in exercise.equipment or (
            equipment == "bodyweight" and not exercise.equipment
        )
