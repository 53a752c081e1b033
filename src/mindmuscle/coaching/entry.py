"""The after-set form as data: load, reps, failure and MMC with defaults, edited key by key.

Enter accepts every field as shown; Tab moves to the next field, and the first key typed in
a field replaces its default. The form knows nothing about terminals.

>>> entry = SetEntry(exercise="Barbell curl", unit="kg", values=("30", "12", "y", ""))
>>> entry = entry.key("\\t").key("\\t").key("\\t").key("8")
>>> entry.fields["mmc"]
'8'
>>> entry.key("\\r").result
LogSet(load=30.0, unit='kg', mmc=8, failure=True, rir=None, pump=None, notes='', reps=12)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

from mindmuscle.coaching.events import LogSet, SetDraft
from mindmuscle.planning.history import Unit

__all__ = ["FIELDS", "FieldName", "SetEntry"]

FieldName = Literal["load", "reps", "failure", "mmc"]
FIELDS: Final[tuple[FieldName, ...]] = ("load", "reps", "failure", "mmc")
_LABELS: Final[dict[FieldName, str]] = {
    "load": "Load",
    "reps": "Reps",
    "failure": "Failure (y/n)",
    "mmc": "MMC 1-10",
}
_ENTER: Final = ("\r", "\n")
_BACKSPACE: Final = ("\x7f", "\b")
_NEXT: Final = "\t"
_PREVIOUS: Final = "\x1b[Z"


def _fmt_load(load: float | None) -> str:
    return "" if load is None else f"{load:g}"


@dataclass(frozen=True, slots=True)
class SetEntry:
    """The form's state; ``result`` is set once Enter was pressed on valid values."""

    exercise: str
    unit: Unit
    values: tuple[str, str, str, str]
    focus: int = 0
    touched: bool = False
    error: str = ""
    result: LogSet | None = None

    @classmethod
    def for_draft(
        cls,
        draft: SetDraft,
        exercise: str,
        *,
        load: float | None,
        unit: Unit,
        mmc: int | None = None,
    ) -> SetEntry:
        """Defaults: ``load`` (recommended or last entered), the coach's rep count, failure
        as the set ended, ``mmc`` (the last rating of this exercise, if any)."""
        failure = "y" if draft.failure else "n"
        mmc_text = "" if mmc is None else str(mmc)
        values = (_fmt_load(load), str(draft.reps), failure, mmc_text)
        return cls(exercise=exercise, unit=unit, values=values)

    @property
    def fields(self) -> dict[FieldName, str]:
        return dict(zip(FIELDS, self.values, strict=True))

    @staticmethod
    def label(name: FieldName) -> str:
        return _LABELS[name]

    def key(self, key: str) -> SetEntry:
        """The form after one key (or escape sequence) from the terminal."""
        if self.result is not None:
            return self
        if key in _ENTER:
            return self._submit()
        if key == _NEXT:
            return replace(self, focus=(self.focus + 1) % len(FIELDS), touched=False, error="")
        if key == _PREVIOUS:
            return replace(self, focus=(self.focus - 1) % len(FIELDS), touched=False, error="")
        if key in _BACKSPACE:
            return self._set(self.values[self.focus][:-1])
        if len(key) != 1 or not key.isprintable():
            return self
        if FIELDS[self.focus] == "failure":
            if key.lower() in "yn":
                return self._set(key.lower())
            return replace(self, error="Failure: y or n.")
        current = self.values[self.focus] if self.touched else ""
        return self._set(current + key)

    def _set(self, text: str) -> SetEntry:
        values = list(self.values)
        values[self.focus] = text
        return replace(self, values=(values[0], values[1], values[2], values[3]), touched=True)

    def _submit(self) -> SetEntry:
        try:
            result = self._parse()
        except _FieldError as exc:
            return replace(self, focus=FIELDS.index(exc.name), touched=False, error=str(exc))
        return replace(self, result=result, error="")

    def _parse(self) -> LogSet:
        f = self.fields
        load_text = f["load"].strip().lower().replace(",", ".")
        load: float | None = None
        if load_text not in ("", "bw"):
            try:
                load = float(load_text)
            except ValueError:
                message = f"Load {f['load']!r}: a number, or blank for bodyweight."
                raise _FieldError("load", message) from None
            if not 0 <= load < 1e4:
                raise _FieldError("load", f"Load {load:g} is out of range; expected 0 or more.")
        reps_text = f["reps"].strip()
        if not reps_text.isdigit() or int(reps_text) > 1000:
            raise _FieldError("reps", f"Reps {reps_text!r}: a whole number from 0 to 1000.")
        mmc_text = f["mmc"].strip()
        mmc = None
        if mmc_text:
            if not mmc_text.isdigit() or not 1 <= int(mmc_text) <= 10:
                raise _FieldError("mmc", f"MMC {mmc_text!r}: a whole number from 1 to 10.")
            mmc = int(mmc_text)
        return LogSet(
            load=load,
            unit=self.unit,
            mmc=mmc,
            failure=f["failure"].strip().lower() == "y",
            reps=int(reps_text),
        )


class _FieldError(Exception):
    def __init__(self, name: FieldName, message: str) -> None:
        super().__init__(message)
        self.name: FieldName = name
