"""The one exception tree of Mind-Muscle.

Every error a user can cause is a :class:`MindMuscleError` whose message is one
clear sentence: what was wrong, where, and what was expected. The shells (CLI,
web) turn these into an exit code or a 4xx JSON body; nothing else does.

    MindMuscleError
    ├── InputError            bad input from a person: an option, a value, a name
    │   ├── TempoError        a tempo string that is not four phases
    │   ├── UnknownNameError  a focus, muscle or exercise that is not in the catalog
    │   └── ConflictError     a record id already stored with different content
    ├── CatalogError          a catalog TOML file (built-in or the user's) that fails validation
    ├── PlanningError         a request that cannot be planned (e.g. no exercise fits the equipment)
    ├── DataError             a recording or import file that cannot be read
    └── StorageError          the database cannot be opened, upgraded or written
"""

from __future__ import annotations

__all__ = [
    "CatalogError",
    "ConflictError",
    "DataError",
    "InputError",
    "MindMuscleError",
    "PlanningError",
    "StorageError",
    "TempoError",
    "UnknownNameError",
]


class MindMuscleError(Exception):
    """Base of every error the product reports to a user as one sentence."""


class InputError(MindMuscleError, ValueError):
    """A value given by a person (option, argument, form field) is not acceptable."""


class TempoError(InputError):
    """A tempo string could not be parsed."""


class UnknownNameError(InputError):
    """A name (group, muscle, exercise) is not known; the message suggests close matches."""


class ConflictError(InputError):
    """A record (set, session, ...) with this id is already stored with different content."""


class CatalogError(MindMuscleError):
    """A catalog data file failed validation; the message names file, entry and field."""


class PlanningError(MindMuscleError):
    """The request is valid but no session can be built for it."""


class DataError(MindMuscleError):
    """A data file (recording, import) cannot be read; the message names file, row and column."""


class StorageError(MindMuscleError):
    """The database cannot be opened, upgraded or written; the message names the database."""
