"""``POST /api/sets/{set_id}/recordings``: upload a motion (IMU CSV) or EMG (CSV/EDF/BDF/C3D)
recording of a logged set; it is analysed and its summary attached to the set (the file is
not kept). A file that cannot be read is a 4xx ``{"error": {"message", "field": "file"}}``
and writes nothing."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path as FilePath
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile

from mindmuscle.store.records import Recording
from mindmuscle.web.errors import ApiError, blame
from mindmuscle.web.runtime import Runtime, runtime

__all__ = ["recording_to_dict", "router"]

router = APIRouter(prefix="/api", tags=["training"])
Rt = Annotated[Runtime, Depends(runtime)]
PathId = Annotated[str, Path(min_length=1, max_length=80)]
MAX_BYTES: Final = 512 * 1024 * 1024
_SUFFIXES: Final = {".csv", ".txt", ".tsv", ".edf", ".bdf", ".c3d"}


def recording_to_dict(r: Recording) -> dict[str, Any]:
    return {
        "id": r.id,
        "set_id": r.set_id,
        "kind": r.kind,
        "filename": r.filename,
        "created_at": r.created_at,
        "summary": r.summary,
    }


def _analyse(
    rt: Runtime, path: FilePath, name: str, set_id: str, form: dict[str, Any]
) -> Recording:
    from mindmuscle.store.recording_files import emg_recording, motion_recording

    logged = rt.repo.get_set(set_id)
    if logged is None:
        raise ApiError(404, f"No set with id {set_id!r} is logged.", "set_id")
    common: dict[str, Any] = {
        "recording_id": str(uuid.uuid4()),
        "set_id": set_id,
        "created_at": rt.now(),
        "filename": name,
    }
    if form["kind"] == "motion":
        known = rt.catalog.exercises.get(logged.exercise)
        with blame("file"):
            return motion_recording(
                path, pattern=known.pattern if known else None, tempo=logged.tempo, **common
            )
    if not form["target"]:
        raise ApiError(
            422, "Name the target muscle's EMG channel (a column of the file).", "target"
        )
    with blame("file"):
        return emg_recording(path, target=form["target"], accessory=form["accessory"], **common)


@router.post(
    "/sets/{set_id}/recordings", status_code=201, summary="Attach a motion or EMG recording"
)
async def upload_recording(
    set_id: PathId,
    rt: Rt,
    file: Annotated[UploadFile, File(description="IMU CSV, or EMG CSV/EDF/BDF/C3D")],
    kind: Annotated[Literal["motion", "emg"], Form()] = "motion",
    target: Annotated[str | None, Form(max_length=200)] = None,
    accessory: Annotated[str | None, Form(max_length=1000)] = None,
) -> dict[str, Any]:
    """Analyse the file and attach it; the same file again returns the stored recording.
    A motion recording sets the set's measured tempo."""
    from starlette.concurrency import run_in_threadpool

    name = FilePath(file.filename or "recording.csv").name[:255]
    suffix = FilePath(name).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ApiError(422, f"{name}: expected a .csv, .txt, .edf, .bdf or .c3d file.", "file")
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApiError(413, f"{name} is larger than {MAX_BYTES >> 20} MB.", "file")
    form = {"kind": kind, "target": (target or "").strip(), "accessory": accessory}
    with tempfile.TemporaryDirectory() as tmp:
        path = FilePath(tmp) / name  # errors then name the file the user chose
        path.write_bytes(data)
        try:
            recording = await run_in_threadpool(_analyse, rt, path, name, set_id, form)
        except ApiError as exc:  # name the user's file, not the temporary copy
            raise ApiError(exc.status, exc.message.replace(str(path), name), exc.field) from None
    with rt.writing():
        stored, result = rt.repo.attach_recording(recording)
    return {**recording_to_dict(stored), "result": result}


@router.get("/sets/{set_id}/recordings", summary="The recordings attached to a set")
def list_recordings(set_id: PathId, rt: Rt) -> list[dict[str, Any]]:
    return [recording_to_dict(r) for r in rt.repo.recordings(set_id)]
