"""``mindmuscle analyze motion FILE``: reps and tempo phases from an IMU, keypoints or video."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mindmuscle.cli.analyze_commands import analyze_app

if TYPE_CHECKING:
    from mindmuscle.method.model import Exercise
    from mindmuscle.method.tempo import Tempo
    from mindmuscle.signals.motion import Direction, MotionAnalysis
    from mindmuscle.signals.video import VideoPose

__all__ = ["motion"]

_POSE_SUFFIXES = {".json", ".npy", ".npz"}
_VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"}


class Kind(StrEnum):
    """What the file holds."""

    auto = "auto"
    imu = "imu"
    pose = "pose"
    video = "video"


class MotionFormat(StrEnum):
    """Output formats of ``analyze motion``."""

    text = "text"
    json = "json"


def _kind(path: Path, kind: Kind) -> Kind:
    if kind is not Kind.auto:
        return kind
    suffix = path.suffix.lower()
    if suffix in _VIDEO_SUFFIXES:
        return Kind.video
    if suffix in _POSE_SUFFIXES:
        return Kind.pose
    if suffix == ".csv" and path.is_file():
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = fh.readline().lower()
        if "_x" in head and ("wrist" in head or "kp" in head or "nose" in head):
            return Kind.pose
    return Kind.imu


def _exercise(name: str | None) -> Exercise | None:
    if name is None:
        return None
    from mindmuscle.cli._common import catalog

    return catalog().exercise(name)


def _direction(exercise: str | None) -> Direction | None:
    from mindmuscle.signals.motion import eccentric_for_pattern

    known = _exercise(exercise)
    return None if known is None else eccentric_for_pattern(known.pattern)


def analyze_file(
    path: Path,
    *,
    kind: Kind,
    fs: float | None,
    exercise: str | None,
    tempo: Tempo | None = None,
) -> MotionAnalysis:
    """Read ``path`` and segment it (the core call behind the command); ``tempo`` is the
    prescription (an IMU set of one rep takes its closing hold from it)."""
    from mindmuscle.errors import DataError

    if not path.exists():
        raise DataError(f"{path}: no such file.")
    direction = _direction(exercise)
    chosen = _kind(path, kind)
    if chosen is Kind.video:
        return analyze_video(path, fs=fs, exercise=exercise, tempo=tempo)[0]
    if chosen is Kind.pose:
        from mindmuscle.signals.pose import analyze_pose, read_pose

        return analyze_pose(
            read_pose(path, fs=fs), eccentric=direction, exercise=_exercise(exercise), tempo=tempo
        )
    from mindmuscle.signals.imu_readers import read_imu
    from mindmuscle.signals.motion import analyze_imu

    rec = read_imu(path, fs=fs)
    return analyze_imu(
        rec.acc, fs=rec.fs, eccentric=direction, gaps=rec.gaps, gyro=rec.gyro, tempo=tempo
    )


def _read_video(path: Path, fs: float | None) -> VideoPose:
    """Pose of each frame, with a progress bar on a terminal (it takes seconds)."""
    from rich.console import Console

    from mindmuscle.signals.video import read_video

    console = Console(stderr=True)
    if not console.is_terminal:
        return read_video(path, fps=fs)
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"Finding the pose in {path.name}", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, done) if total else None)

        return read_video(path, fps=fs, progress=update)


def analyze_video(
    path: Path, *, fs: float | None, exercise: str | None, tempo: Tempo | None = None
) -> tuple[MotionAnalysis, VideoPose]:
    """Pose estimation on a video, then the keypoint analysis; with how the video was read."""
    from mindmuscle.errors import DataError
    from mindmuscle.signals.pose import analyze_pose

    if not path.exists():
        raise DataError(f"{path}: no such file.")
    direction = _direction(exercise)
    video = _read_video(path, fs)
    result = analyze_pose(
        video.track, eccentric=direction, exercise=_exercise(exercise), tempo=tempo
    )
    return result, video


def _print_video(video: VideoPose) -> None:
    from rich.console import Console

    from mindmuscle.signals.video import MODEL_NAMES

    w, h = video.source_size
    pw, ph = video.size
    pace = "faster than" if video.realtime >= 1 else "slower than"
    console = Console()
    used = ""
    if video.step > 1:
        used = f" (1 in {video.step} of its {video.track.fs * video.step:.3g} fps)"
    console.print(
        f"Video: {w}x{h}, {video.frames} frames at {video.track.fs:.3g} fps{used}; "
        f"a person in {video.found} of them."
    )
    console.print(
        f"Pose estimation (MediaPipe BlazePose {MODEL_NAMES[video.model_complexity]}, "
        f"at {pw}x{ph}) ran at {video.speed:.1f} frames/s, {video.realtime:.2f}x real time "
        f"({pace} the video plays)."
    )
    for t in video.switches:
        console.print(f"At {t:.2f} s the tracking jumped to another person (a gap above).")


def _print_table(result: MotionAnalysis, data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from mindmuscle.method.tempo import PHASES

    table = Table(
        title=f"{result.rep_count} reps ({result.source}, {result.axis}, "
        f"eccentric {result.eccentric or 'unknown'})"
    )
    for col in ("rep", "start", "end", *PHASES, "range"):
        table.add_column(col, justify="right")
    tempo = {r["rep"]: r for r in data.get("tempo", {}).get("reps", [])}
    if tempo:
        table.add_column("score", justify="right")
    # A rep spanning a gap in detection counts (the lifter did it; the camera or sensor lost
    # them for a moment) but its boundaries and phases are interpolated: flag it.
    in_gap = sum(bool(rep.get("in_gap")) for rep in data["reps"])
    if in_gap:
        table.add_column("note")
    for i, rep in enumerate(data["reps"], start=1):
        cells = [str(i), f"{rep['start']:.2f}", f"{rep['end']:.2f}"]
        for p in PHASES:
            guessed = p in rep.get("estimated", ())
            off = f" ({tempo[i]['off'][p]:+.1f})" if tempo and not guessed else ""
            cells.append(f"{'~' if guessed else ''}{rep['phases'][p]:.1f}{off}")
        cells.append(f"{rep['range']:.2f}{' partial' if rep['partial'] else ''}")
        if tempo:
            cells.append(f"{tempo[i]['score']:.0f}")
        if in_gap:
            cells.append("in gap *" if rep.get("in_gap") else "")
        table.add_row(*cells)
    console = Console()
    console.print(table)
    if in_gap:
        n = len(data["reps"])
        console.print(
            f"* {in_gap} of the {n} reps {'spans' if in_gap == 1 else 'span'} a gap in "
            "detection: counted, but start, end and phase times are interpolated across it."
        )
    if any(rep.get("estimated") for rep in data["reps"]):
        console.print(
            "~ estimated, not measured: the hold after the last rep runs into the rest after "
            "the set; it is the other reps' typical hold, or with one rep the --tempo one."
        )
    if "keypoint" in data:
        console.print(f"Keypoint: {data['keypoint']['why']}")
    if "tempo" in data:
        console.print(
            f"Tempo {data['tempo']['prescribed']}: adherence {data['tempo']['score']:.0f}/100"
        )
    for gap in data["gaps"]:
        console.print(f"Gap in the recording: {gap['start']:.2f}-{gap['end']:.2f} s")


def _save_plot(result: MotionAnalysis, path: Path) -> None:
    from mindmuscle.errors import InputError
    from mindmuscle.signals.motion_plot import motion_figure, motion_svg

    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        svg = motion_svg(result)
        path.write_text(
            f"<!doctype html><meta charset='utf-8'><title>Motion</title>\n{svg}\n", encoding="utf-8"
        )
    elif suffix in (".png", ".svg", ".pdf"):
        motion_figure(result).savefig(path, dpi=100)
    else:
        raise InputError(
            f"--plot {path}: unknown plot type {suffix!r}; expected .png, .svg, .pdf or .html."
        )


@analyze_app.command()
def motion(
    file: Annotated[
        Path,
        typer.Argument(
            help="IMU CSV (generic or an app export), keypoint "
            "track (.csv/.json/.npy/.npz) or video."
        ),
    ],
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", "-x", help="Catalog id or name: which way the eccentric goes."),
    ] = None,
    tempo: Annotated[
        str | None,
        typer.Option(
            "--tempo", help="Prescribed tempo, e.g. 4-0-1-2: adds seconds off and a 0-100 score."
        ),
    ] = None,
    fmt: Annotated[
        MotionFormat, typer.Option("--format", help="text or json.")
    ] = MotionFormat.text,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Write a plot of the phases (.png, .svg, .pdf or .html)."),
    ] = None,
    fs: Annotated[
        float | None,
        typer.Option("--fs", help="Sampling rate (Hz) for files without a time column."),
    ] = None,
    kind: Annotated[
        Kind, typer.Option("--kind", help="imu, pose or video (default: auto).")
    ] = Kind.auto,
) -> None:
    """Count reps and time their phases (eccentric, bottom, concentric, top) in a recording."""
    from mindmuscle.cli._common import print_json

    prescribed: Tempo | None = None
    if tempo is not None:
        from mindmuscle.method.tempo import Tempo

        prescribed = Tempo.parse(tempo)
    video: VideoPose | None = None
    if _kind(file, kind) is Kind.video:
        result, video = analyze_video(file, fs=fs, exercise=exercise, tempo=prescribed)
    else:
        result = analyze_file(file, kind=kind, fs=fs, exercise=exercise, tempo=prescribed)
    data = result.to_dict(prescribed)
    if video is not None:
        data["video"] = video.to_dict()
    if plot is not None:
        _save_plot(result, plot)
    if fmt is MotionFormat.json:
        print_json(data)
    else:
        _print_table(result, data)
        if video is not None:
            _print_video(video)
