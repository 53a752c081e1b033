"""``mindmuscle attach SET_ID FILE --kind motion|emg``: analyse a motion or EMG recording and
attach it to a logged set; also the helpers behind ``mindmuscle log --motion/--emg``.

The file is analysed before anything is written, so a bad file leaves the database as it
was. A motion recording's mean phases become the set's measured tempo (which the
progression rules use); an EMG recording's target share is shown by ``history``.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, now, repository
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from mindmuscle.method.tempo import Tempo
    from mindmuscle.store import Repository, WriteResult
    from mindmuscle.store.records import Recording

__all__ = ["RecordingKindChoice", "attach", "describe", "read_recording", "register"]


class RecordingKindChoice(StrEnum):
    """What an attached file holds."""

    motion = "motion"
    emg = "emg"


def read_recording(
    path: Path,
    *,
    kind: str,
    set_id: str,
    exercise: str,
    target: str | None = None,
    accessory: str | None = None,
    fs: float | None = None,
    tempo: Tempo | None = None,
) -> Recording:
    """Analyse ``path`` (a ``motion`` IMU CSV or an ``emg`` recording) for the set ``set_id``
    of ``exercise`` (a catalog id: which way its eccentric goes) prescribed ``tempo``."""
    from mindmuscle.store.recording_files import emg_recording, motion_recording

    common = {"recording_id": str(uuid.uuid4()), "set_id": set_id, "created_at": now(), "fs": fs}
    if kind == "motion":
        if target or accessory:
            raise InputError("--target and --accessory name EMG channels; use them with emg.")
        known = cli_catalog().exercises.get(exercise)
        pattern = None if known is None else known.pattern
        return motion_recording(path, pattern=pattern, tempo=tempo, **common)  # type: ignore[arg-type]
    if not target:
        raise InputError(
            f"{path.name}: name the target muscle's EMG channel with --target CH "
            "(a column of the file)."
        )
    return emg_recording(path, target=target, accessory=accessory, **common)  # type: ignore[arg-type]


def describe(recording: Recording, result: WriteResult) -> str:
    """One line about an attached recording: reps and measured tempo, or the target share."""
    s = recording.summary
    if result == "unchanged":
        return f"{recording.filename} was already attached to set {recording.set_id}."
    if recording.kind == "motion":
        tempo = s.get("measured_tempo")
        measured = (
            "no reps found"
            if not tempo
            else "measured tempo "
            + "-".join(f"{tempo[p]:g}" for p in ("eccentric", "bottom", "concentric", "top"))
        )
        return f"Attached {recording.filename}: {s.get('rep_count', 0)} reps, {measured}."
    share = s.get("target_share")
    shown = "no accessory channel, so no target share" if share is None else f"{share:.0%}"
    return f"Attached {recording.filename}: target share {shown} ({s.get('units', '')})."


def store_recording(repo: Repository, recording: Recording) -> str:
    """Attach an analysed recording; the line to print."""
    stored, result = repo.attach_recording(recording)
    return describe(stored, result)


def attach(
    set_id: Annotated[str, typer.Argument(help="The id of a logged set (see 'log' output).")],
    file: Annotated[Path, typer.Argument(help="Motion IMU CSV, or EMG CSV/EDF/BDF/C3D.")],
    kind: Annotated[
        RecordingKindChoice, typer.Option("--kind", help="motion or emg.")
    ] = RecordingKindChoice.motion,
    target: Annotated[
        str | None, typer.Option("--target", help="EMG: the target muscle's channel.")
    ] = None,
    accessory: Annotated[
        str | None, typer.Option("--accessory", help="EMG: accessory channels, CH,CH.")
    ] = None,
    fs: Annotated[
        float | None, typer.Option("--fs", help="Sampling rate (Hz) for files without time.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Analyse a motion or EMG recording and attach it to a set already logged."""
    with repository(db) as repo:
        logged = repo.get_set(set_id)
        if logged is None:
            raise InputError(f"No set with id {set_id!r} is logged; see 'mindmuscle history'.")
        recording = read_recording(
            file,
            kind=kind.value,
            set_id=set_id,
            exercise=logged.exercise,
            target=target,
            accessory=accessory,
            fs=fs,
            tempo=logged.tempo,
        )
        typer.echo(store_recording(repo, recording))


def register(app: typer.Typer) -> None:
    app.command("attach")(attach)
