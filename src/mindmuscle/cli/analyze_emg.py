"""``mindmuscle analyze emg FILE`` and ``mindmuscle analyze emg compare A B ...``.

``emg`` is a small group whose default command is ``measure``: ``analyze emg FILE ...``
is read as ``analyze emg measure FILE ...`` unless the first word is a command name.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from mindmuscle.cli._common import Format, print_json
from mindmuscle.cli.analyze_commands import analyze_app
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from mindmuscle.signals.emg import EmgSettings
    from mindmuscle.signals.emg_analysis import EmgAnalysis
    from mindmuscle.signals.emg_map import ChannelMap
    from mindmuscle.signals.emg_reps import Segmentation

__all__ = ["emg_app"]

_LONG_S = 300.0  # recordings longer than this show a progress bar on a terminal


class _DefaultMeasure(TyperGroup):
    """A group that runs ``measure`` when the first argument is not one of its commands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click or typer's vendored click
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["measure", *args]
        return super().parse_args(ctx, args)


emg_app = typer.Typer(
    cls=_DefaultMeasure,
    no_args_is_help=True,
    help="Activation of the target and accessory muscles per rep, from surface EMG. "
    "`analyze emg FILE --target CH --accessory CH,CH` measures one recording.",
)
analyze_app.add_typer(emg_app, name="emg")

TargetOpt = Annotated[str | None, typer.Option("--target", help="Channel of the target muscle.")]
AccessoryOpt = Annotated[
    str | None, typer.Option("--accessory", help="Channels of accessory muscles, comma-separated.")
]
MapOpt = Annotated[
    Path | None, typer.Option("--map", help="TOML channel map: target, accessory, [channels].")
]
MotionOpt = Annotated[
    str | None, typer.Option("--motion", help="A motion channel to find reps from (optional).")
]
FsOpt = Annotated[
    float | None, typer.Option("--fs", help="Sampling rate in Hz, for CSVs without a time column.")
]
MvcOpt = Annotated[
    list[str] | None,
    typer.Option("--mvc", help="MVC recording (FILE, or CH=FILE); repeat for several."),
]
NotchOpt = Annotated[int | None, typer.Option("--notch", help="Mains notch: 50 or 60 Hz.")]
LowOpt = Annotated[float, typer.Option("--low", help="Band-pass low cut, Hz.")]
HighOpt = Annotated[float, typer.Option("--high", help="Band-pass high cut, Hz.")]
EnvelopeOpt = Annotated[
    str, typer.Option("--envelope", help="rms (moving RMS) or linear (rectify + low-pass).")
]
WindowOpt = Annotated[float, typer.Option("--window", help="Moving-RMS window, seconds.")]
MinBurstOpt = Annotated[float, typer.Option("--min-burst", help="Shortest rep, seconds.")]
MinGapOpt = Annotated[float, typer.Option("--min-gap", help="Shortest pause between reps, s.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="text (a table) or json.")]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="Write a report: out.html or out.png.")
]


def _settings(
    notch: int | None, low: float, high: float, envelope: str, window: float
) -> EmgSettings:
    from mindmuscle.signals.emg import EmgSettings

    if notch not in (None, 50, 60):
        raise InputError(f"--notch must be 50 or 60 (Hz), got {notch}.")
    if envelope not in ("rms", "linear"):
        raise InputError(f"--envelope must be rms or linear, got {envelope!r}.")
    if not window > 0:
        raise InputError(f"--window must be a positive number of seconds, got {window:g}.")
    kind: Literal["rms", "linear"] = "rms" if envelope == "rms" else "linear"
    mains: Literal[50, 60] | None = 50 if notch == 50 else 60 if notch == 60 else None
    return EmgSettings(low_hz=low, high_hz=high, notch_hz=mains, envelope=kind, window_s=window)


def _segmentation(min_burst: float, min_gap: float) -> Segmentation:
    from mindmuscle.signals.emg_reps import Segmentation

    if not (min_burst > 0 and min_gap >= 0):
        raise InputError("--min-burst must be above 0 s and --min-gap at least 0 s.")
    return Segmentation(min_burst_s=min_burst, min_gap_s=min_gap)


def _mvc(
    specs: list[str] | None, cmap: ChannelMap, settings: EmgSettings, fs: float | None
) -> dict[str, float] | None:
    from mindmuscle.signals.emg_analysis import mvc_from_files

    if not specs:
        return None
    pairs: list[tuple[str | None, Path]] = []
    for spec in specs:
        name, sep, rest = spec.partition("=")
        if sep and name.strip() in cmap.muscles:
            pairs.append((name.strip(), Path(rest)))
        else:
            pairs.append((None, Path(spec)))
    return mvc_from_files(pairs, cmap, settings=settings, fs=fs)


def _progress(seconds: float) -> Any:
    from rich.console import Console

    console = Console(stderr=True)
    if seconds < _LONG_S or not console.is_terminal:
        return nullcontext(None)
    from rich.progress import Progress

    return Progress(console=console, transient=True)


def _run(
    file: Path,
    cmap: ChannelMap,
    settings: EmgSettings,
    seg: Segmentation,
    mvc: dict[str, float] | None,
    fs: float | None,
) -> EmgAnalysis:
    from mindmuscle.signals.emg_analysis import analyze_emg
    from mindmuscle.signals.emg_io import read_recording

    channels = [cmap.channel(m) for m in cmap.muscles]
    if cmap.motion:
        channels.append(cmap.channel(cmap.motion))
    rec = read_recording(file, fs=fs, channels=channels)
    with _progress(rec.duration) as bar:
        update: Callable[[int, int], None] | None = None
        if bar is not None:
            task = bar.add_task(f"Processing {file.name}", total=rec.data[: len(cmap.muscles)].size)

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

        try:
            return analyze_emg(
                rec, cmap, settings=settings, segmentation=seg, mvc=mvc, progress=update
            )
        except ValueError as exc:  # a filter that cannot be built at this rate
            if isinstance(exc, InputError):
                raise
            raise InputError(f"{file}: {exc}") from None


def _write_report(path: Path, analysis: EmgAnalysis) -> None:
    from mindmuscle.signals.emg_report import render_report

    kind = path.suffix.lower().lstrip(".")
    if kind not in ("html", "htm", "png"):
        raise InputError(f"--report {path}: expected a file name ending in .html or .png.")
    data = render_report(analysis, "png" if kind == "png" else "html")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"--report {path}: cannot be written ({exc.strerror}).") from None


def _cells(values: Iterator[Any]) -> list[str]:
    return ["" if v is None else f"{v:g}" if isinstance(v, float) else str(v) for v in values]


def _print_table(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    acc = doc["accessory"]
    share = ["target share"] if acc else []  # no accessories, no share
    table = Table(title=f"{Path(doc['file']).name}: {doc['rep_count']} reps ({doc['units']})")
    for head in ["rep", "start s", "end s", f"{doc['target']} (target)", *acc, *share]:
        table.add_column(head, justify="right")
    for i, rep in enumerate(doc["reps"], start=1):
        values = [rep["target"], *[rep["accessory"][m] for m in acc]]
        values += [rep["target_share"]] if acc else []
        table.add_row(str(i), *_cells(iter([rep["start"], rep["end"], *values])))
    s = doc["summary"]
    values = [s["target"], *[s["accessory"][m] for m in acc]]
    values += [s["target_share"]] if acc else []
    table.add_row("mean", "", "", *_cells(iter(values)), style="bold")
    console = Console()
    console.print(table)
    console.print(f"Normalisation: {doc['normalisation']}.")
    for w in doc["warnings"]:
        console.print(f"[yellow]Warning:[/yellow] {w}", highlight=False)


@emg_app.command("measure")
def measure(
    file: Annotated[Path, typer.Argument(help="EMG recording: CSV, EDF/BDF or C3D.")],
    target: TargetOpt = None,
    accessory: AccessoryOpt = None,
    map_file: MapOpt = None,
    motion: MotionOpt = None,
    fs: FsOpt = None,
    mvc: MvcOpt = None,
    notch: NotchOpt = None,
    low: LowOpt = 20.0,
    high: HighOpt = 450.0,
    envelope: EnvelopeOpt = "rms",
    window: WindowOpt = 0.1,
    min_burst: MinBurstOpt = 0.4,
    min_gap: MinGapOpt = 0.3,
    fmt: FormatOpt = Format.text,
    report: ReportOpt = None,
) -> None:
    """Measure one recording: per rep, target and accessory activation and the target share."""
    from mindmuscle.signals.emg_map import build_map

    cmap = build_map(target, accessory, motion, map_file)
    settings = _settings(notch, low, high, envelope, window)
    analysis = _run(
        file, cmap, settings, _segmentation(min_burst, min_gap), _mvc(mvc, cmap, settings, fs), fs
    )
    if report is not None:
        _write_report(report, analysis)
    doc = analysis.to_json()
    print_json(doc) if fmt is Format.json else _print_table(doc)


@emg_app.command("compare")
def compare(
    files: Annotated[list[Path], typer.Argument(help="Recordings, baseline first.")],
    target: TargetOpt = None,
    accessory: AccessoryOpt = None,
    map_file: MapOpt = None,
    motion: MotionOpt = None,
    fs: FsOpt = None,
    labels: Annotated[
        str | None, typer.Option("--labels", help="Condition names, comma-separated.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    notch: NotchOpt = None,
    envelope: EnvelopeOpt = "rms",
    window: WindowOpt = 0.1,
    min_burst: MinBurstOpt = 0.4,
    min_gap: MinGapOpt = 0.3,
    fmt: FormatOpt = Format.text,
) -> None:
    """Compare conditions (e.g. internal focus vs neutral) with the first recording."""
    from mindmuscle.signals.emg_compare import compare_conditions
    from mindmuscle.signals.emg_map import build_map, split_list

    if len(files) < 2:
        raise InputError("compare needs at least two recordings (baseline first).")
    names = list(split_list(labels)) or [f.stem for f in files]
    if len(names) != len(files):
        raise InputError(f"--labels gives {len(names)} names for {len(files)} recordings.")
    cmap = build_map(target, accessory, motion, map_file)
    settings = _settings(notch, 20.0, 450.0, envelope, window)
    seg = _segmentation(min_burst, min_gap)
    docs = [_run(f, cmap, settings, seg, None, fs).to_json() for f in files]
    result = compare_conditions(docs, names, seed=seed)
    if fmt is Format.json:
        print_json({**result, "recordings": docs})
        return
    _print_comparison(result)


def _print_comparison(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for comp in result["comparisons"]:
        table = Table(title=f"{comp['condition']} vs {result['baseline']} ({result['units']})")
        for head in ["muscle", "baseline", "condition", "difference", "95% CI", "effect"]:
            table.add_column(head, justify="right")
        rows = dict(comp["muscles"])
        if "target_share" in comp:
            rows["target share"] = comp["target_share"]
        for name, r in rows.items():
            lo, hi = r["ci95"]
            table.add_row(
                name,
                *_cells(iter([r["baseline"], r["condition"], r["difference"]])),
                f"{lo:g} to {hi:g}" if lo is not None and hi is not None else "",
                "" if r["effect_size"] is None else f"{r['effect_size']:.2f}",
            )
        console.print(table)
        kind = next(iter(comp["muscles"].values()))["effect_size_kind"]
        console.print(f"Effect size: {kind}.")
        console.print(comp["sentence"], highlight=False)
    sys.stdout.flush()
