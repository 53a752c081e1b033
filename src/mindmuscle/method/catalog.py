"""The method's catalog: built from TOML files, validated with errors that name file, entry, field.

The built-in files live in ``mindmuscle/method/data/``:

- ``muscles.toml``   ``[muscles.<id>]`` name, group, part_of, aliases, feel
- ``cues.toml``      ``[cues.<id>]`` text, moment (before | during | between)
- ``groups.toml``    ``[groups.<id>]`` name, key_cues, activation, between_sets, primers,
  fallback_primers, note
- ``exercises.toml`` ``[exercises.<id>]`` name, group, pattern, equipment, target, accessory,
  grip, roles, cues, components, substitutes, aliases, compound, unilateral, alternating,
  min_level, note, tags, and ``[[exercises.<id>.emphasis]]`` key, variable, setup, cue, targets

A user file (same layout; any of the four tables) adds entries or overrides whole
entries by id. Reading files is the caller's business: :func:`load_catalog` takes
``(name, text)`` pairs so the core stays free of I/O; :func:`builtin_sources`
reads the package data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from mindmuscle.errors import CatalogError, UnknownNameError
from mindmuscle.method._fields import Entry
from mindmuscle.method.model import (
    CUE_MOMENTS,
    EQUIPMENT,
    GRIPS,
    GROUPS,
    LEVELS,
    MUSCLE_GROUPS,
    PATTERNS,
    ROLES,
    Cue,
    EmphasisOption,
    Exercise,
    Group,
    GroupName,
    Muscle,
)

__all__ = [
    "BUILTIN_FILES",
    "Catalog",
    "builtin_catalog",
    "builtin_sources",
    "exercise_to_dict",
    "load_catalog",
]

BUILTIN_FILES: Final = ("muscles.toml", "cues.toml", "groups.toml", "exercises.toml")
_TABLES: Final = ("muscles", "cues", "groups", "exercises")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class Catalog:
    """Muscles, cues, groups and exercises, cross-checked; lookups by id, name or alias."""

    muscles: Mapping[str, Muscle]
    cues: Mapping[str, Cue]
    groups: Mapping[GroupName, Group]
    exercises: Mapping[str, Exercise]
    _exercise_names: dict[str, str] = field(init=False, repr=False, compare=False)
    _muscle_names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_exercise_names", _index(self.exercises.values()))
        object.__setattr__(self, "_muscle_names", _index(self.muscles.values()))

    def exercise(self, name: str) -> Exercise:
        """An exercise by id, name or alias (case and separators ignored)."""
        found = self._exercise_index().get(_norm(name))
        if found is None:
            raise UnknownNameError(self._unknown("exercise", name, self._exercise_index()))
        return self.exercises[found]

    def muscle(self, name: str) -> Muscle:
        """A muscle by id, name or alias."""
        found = self._muscle_index().get(_norm(name))
        if found is None:
            raise UnknownNameError(self._unknown("muscle", name, self._muscle_index()))
        return self.muscles[found]

    def cue_text(self, cue_id: str) -> str:
        return self.cues[cue_id].text

    def in_group(self, group: str) -> list[Exercise]:
        """The group's exercises in catalog order."""
        return [e for e in self.exercises.values() if e.group == group]

    def muscle_and_parts(self, muscle_id: str) -> frozenset[str]:
        """A muscle id with the ids of all its parts (``quadriceps`` -> the vasti...)."""
        out = {muscle_id}
        grew = True
        while grew:
            more = {m.id for m in self.muscles.values() if m.part_of in out} - out
            out |= more
            grew = bool(more)
        return frozenset(out)

    def suggest(self, name: str, choices: Iterable[str]) -> list[str]:
        import difflib

        return difflib.get_close_matches(_norm(name), list(choices), n=3, cutoff=0.6)

    def _unknown(self, kind: str, name: str, index: Mapping[str, str]) -> str:
        ids = list(dict.fromkeys(index[c] for c in self.suggest(name, index)))
        hint = f" Did you mean {' or '.join(map(repr, ids))}?" if ids else ""
        return f"Unknown {kind} {name!r}.{hint}"

    def _exercise_index(self) -> dict[str, str]:
        return self._exercise_names

    def _muscle_index(self) -> dict[str, str]:
        return self._muscle_names


def _index(items: Iterable[Muscle | Exercise]) -> dict[str, str]:
    index: dict[str, str] = {}
    for item in items:
        for key in (item.id, item.name, *item.aliases):
            index.setdefault(_norm(key), item.id)
    return index


def exercise_to_dict(catalog: Catalog, ex: Exercise) -> dict[str, Any]:
    """An exercise as plain data, cue ids resolved to their texts (group key cues included)."""
    group = catalog.groups[ex.group]
    return {
        "exercise": ex.id,
        "name": ex.name,
        "group": ex.group,
        "pattern": ex.pattern,
        "equipment": list(ex.equipment),
        "target": list(ex.target),
        "accessory": list(ex.accessory),
        "grip": ex.grip,
        "roles": list(ex.roles),
        "compound": ex.compound,
        "unilateral": ex.unilateral,
        "alternating": ex.alternating,
        "min_level": ex.min_level,
        "aliases": list(ex.aliases),
        "cues": [catalog.cue_text(c) for c in (*ex.cues, *group.key_cues)],
        "emphasis": [
            {
                "key": o.key,
                "variable": o.variable,
                "setup": o.setup,
                "cue": o.cue,
                "targets": list(o.targets),
            }
            for o in ex.emphasis
        ],
        "components": list(ex.components),
        "substitutes": list(ex.substitutes),
        "primers": [p for p in group.primers if p != ex.id],
        "note": ex.note,
    }


def builtin_sources() -> list[tuple[str, str]]:
    """The built-in catalog files as ``(name, text)`` pairs."""
    root = Path(__file__).with_name("data")
    return [(name, (root / name).read_text(encoding="utf-8")) for name in BUILTIN_FILES]


@cache
def builtin_catalog() -> Catalog:
    """The built-in catalog, parsed once per process."""
    return load_catalog(builtin_sources())


def load_catalog(sources: Sequence[tuple[str, str]]) -> Catalog:
    """Parse and cross-check catalog files; later sources add to or replace earlier entries."""
    import tomllib

    raw: dict[str, dict[str, tuple[str, Mapping[str, Any]]]] = {t: {} for t in _TABLES}
    for name, text in sources:
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"{name}: not valid TOML ({exc}).") from None
        unknown = sorted(set(doc) - set(_TABLES))
        if unknown:
            raise CatalogError(
                f"{name}: unknown table {unknown[0]!r}; expected {', '.join(_TABLES)}."
            )
        for table in _TABLES:
            entries = doc.get(table, {})
            if not isinstance(entries, dict):
                raise CatalogError(f"{name}: {table!r} must be a table of entries keyed by id.")
            for entry_id, body in entries.items():
                if not isinstance(body, dict):
                    raise CatalogError(f"{name}: {table}.{entry_id} must be a table.")
                raw[table][entry_id] = (name, body)
    return _build(raw)


def _build(raw: Mapping[str, Mapping[str, tuple[str, Mapping[str, Any]]]]) -> Catalog:
    muscles = {i: _muscle(Entry(f, "muscles", i, b)) for i, (f, b) in raw["muscles"].items()}
    cues = {i: _cue(Entry(f, "cues", i, b)) for i, (f, b) in raw["cues"].items()}
    groups: dict[GroupName, Group] = {}
    for i, (f, b) in raw["groups"].items():
        group = _group(Entry(f, "groups", i, b))
        groups[group.id] = group
    exercises = {
        i: _exercise(Entry(f, "exercises", i, b)) for i, (f, b) in raw["exercises"].items()
    }
    catalog = Catalog(muscles=muscles, cues=cues, groups=groups, exercises=exercises)
    _cross_check(catalog, raw)
    return catalog


def _muscle(e: Entry) -> Muscle:
    e.allow("name", "group", "part_of", "aliases", "feel")
    return Muscle(
        id=e.id,
        name=e.text("name"),
        group=e.choice("group", MUSCLE_GROUPS),
        part_of=e.optional_text("part_of"),
        aliases=e.texts("aliases"),
        feel=e.text("feel", default=""),
    )


def _cue(e: Entry) -> Cue:
    e.allow("text", "moment")
    return Cue(id=e.id, text=e.text("text"), moment=e.choice("moment", CUE_MOMENTS, "during"))  # type: ignore[arg-type]


def _group(e: Entry) -> Group:
    e.allow("name", "key_cues", "activation", "between_sets", "primers", "fallback_primers", "note")
    return Group(
        id=e.key_choice(GROUPS),  # type: ignore[arg-type]
        name=e.text("name"),
        key_cues=e.texts("key_cues"),
        activation=e.texts("activation", required=True),
        between_sets=e.texts("between_sets", required=True),
        primers=e.texts("primers", required=True),
        fallback_primers=e.texts("fallback_primers"),
        note=e.text("note", default=""),
    )


def _emphasis(e: Entry, index: int, body: object) -> EmphasisOption:
    sub = e.sub(f"emphasis[{index}]", body)
    sub.allow("key", "variable", "setup", "cue", "targets")
    key = sub.text("key")
    if key.count(":") != 1:
        sub.fail("key", f"{key!r} is not of the form muscle:part, e.g. hamstrings:inner")
    return EmphasisOption(
        key=key,
        variable=sub.text("variable"),
        setup=sub.text("setup"),
        cue=sub.text("cue"),
        targets=sub.texts("targets"),
    )


def _exercise(e: Entry) -> Exercise:
    e.allow(
        "name", "group", "pattern", "equipment", "target", "accessory", "grip", "roles", "cues",
        "emphasis", "components", "substitutes", "aliases", "compound", "unilateral", "alternating",
        "min_level", "note", "tags",
    )  # fmt: skip
    emphasis_raw = e.body.get("emphasis", [])
    if not isinstance(emphasis_raw, list):
        e.fail("emphasis", "expected an array of tables ([[exercises.ID.emphasis]])")
    if e.flag("alternating") and not e.flag("unilateral"):
        e.fail("alternating", "is only for one-sided exercises; expected unilateral = true too")
    return Exercise(
        id=e.id,
        name=e.text("name"),
        group=e.choice("group", GROUPS),  # type: ignore[arg-type]
        pattern=e.choice("pattern", PATTERNS),
        equipment=e.choices("equipment", EQUIPMENT, required=True),
        target=e.texts("target", required=True),
        accessory=e.texts("accessory"),
        grip=e.optional_choice("grip", GRIPS),  # type: ignore[arg-type]
        roles=e.choices("roles", ROLES, default=("working",)),  # type: ignore[arg-type]
        cues=e.texts("cues"),
        emphasis=tuple(_emphasis(e, i, b) for i, b in enumerate(emphasis_raw)),
        components=e.texts("components"),
        substitutes=e.texts("substitutes"),
        aliases=e.texts("aliases"),
        compound=e.flag("compound"),
        unilateral=e.flag("unilateral"),
        alternating=e.flag("alternating"),
        min_level=e.choice("min_level", LEVELS, "novice"),  # type: ignore[arg-type]
        note=e.text("note", default=""),
        tags=e.texts("tags"),
    )


def _cross_check(
    cat: Catalog, raw: Mapping[str, Mapping[str, tuple[str, Mapping[str, Any]]]]
) -> None:
    def where(table: str, entry_id: str) -> Entry:
        source, body = raw[table][entry_id]
        return Entry(source, table, entry_id, body)

    for m in cat.muscles.values():
        if m.part_of is not None and m.part_of not in cat.muscles:
            where("muscles", m.id).unknown("part_of", m.part_of, "muscle", cat.muscles)
    missing = [g for g in GROUPS if g not in cat.groups]
    if missing:
        raise CatalogError(f"The catalog has no entry for group {missing[0]!r} in groups.toml.")
    for g in cat.groups.values():
        e = where("groups", g.id)
        for cue in g.key_cues:
            if cue not in cat.cues:
                e.unknown("key_cues", cue, "cue", cat.cues)
        for fld in ("primers", "fallback_primers"):
            for primer in getattr(g, fld):
                if primer not in cat.exercises:
                    e.unknown(fld, primer, "exercise", cat.exercises)
                elif "primer" not in cat.exercises[primer].roles:
                    e.fail(fld, f"exercise {primer!r} does not have the role 'primer'")
    for x in cat.exercises.values():
        _check_exercise(cat, x, where("exercises", x.id))


def _check_exercise(cat: Catalog, x: Exercise, e: Entry) -> None:
    for fld in ("target", "accessory"):
        for muscle in getattr(x, fld):
            if muscle not in cat.muscles:
                e.unknown(fld, muscle, "muscle", cat.muscles)
    for cue in x.cues:
        if cue not in cat.cues:
            e.unknown("cues", cue, "cue", cat.cues)
    for fld in ("components", "substitutes"):
        for other in getattr(x, fld):
            if other not in cat.exercises:
                e.unknown(fld, other, "exercise", cat.exercises)
            elif other == x.id:
                e.fail(fld, "an exercise cannot name itself")
    for opt in x.emphasis:
        for muscle in opt.targets:
            if muscle not in cat.muscles:
                e.unknown("emphasis.targets", muscle, "muscle", cat.muscles)
