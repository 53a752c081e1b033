"""Speed of video pose estimation (``analyze motion VIDEO``) per model and frame size (issue 6).

Usage: .venv-video/bin/python benchmarks/video_pose.py VIDEO [--sizes 480,full]
       [--complexity 0,1,2] [--repeat 1]

Runs the same code as the CLI (OpenCV decoding, resizing, MediaPipe BlazePose in video
mode) over the whole video for each model complexity and frame size, and prints a Markdown
table: frames/s of wall time (decoding included), the ratio to the video's own frame rate
(>= 1 is real time), frames/s inside the estimator alone, CPU seconds per frame and how many
frames had a person. The target is real time (30 fps) at 480p on a 2-core CPU. Wall-clock
numbers depend on what else runs: the load average is printed beside them.

Only ``model_complexity=1`` ships in the mediapipe 0.10.21 wheel; 0 and 2 are measured when
their model file has been put beside it by hand, and reported as not installed otherwise.
Needs the video extra (``make video``); without it, it says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

FULL = 1 << 20  # "full": a short side no video has, so frames are never shrunk


def _sizes(text: str) -> list[int]:
    return [FULL if s.strip() == "full" else int(s) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--sizes", default="480,full", help="short sides, comma-separated")
    parser.add_argument("--complexity", default="0,1,2", help="model complexities to try")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row; the best is kept")
    args = parser.parse_args(argv)

    try:
        import cv2  # noqa: F401
        import mediapipe as mp
    except ImportError:
        from mindmuscle.signals.video import MISSING_EXTRA

        print(f"Skipped: {MISSING_EXTRA}")
        return 0
    from mindmuscle.errors import MindMuscleError
    from mindmuscle.signals.video import MODEL_NAMES, model_available, read_video

    if not args.video.is_file():
        print(f"{args.video}: no such file.", file=sys.stderr)
        return 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"`{args.video.name}`, mediapipe {mp.__version__}, {os.cpu_count()} CPUs, "
        f"load average {load:.1f} at the start\n"
    )
    print(
        "| model_complexity | frame size | wall fps | x real time | estimator fps "
        "| CPU ms/frame | frames with a person |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for c in (int(x) for x in args.complexity.split(",")):
        name = f"{c} ({MODEL_NAMES.get(c, '?')})"
        if c not in MODEL_NAMES or not model_available(mp, c):
            print(f"| {name} | - | not installed (not in the mediapipe wheel) | | | | |")
            continue
        for side in _sizes(args.sizes):
            best = None
            cpu = 0.0
            for _ in range(max(1, args.repeat)):
                c0 = time.process_time()
                try:
                    run = read_video(args.video, model_complexity=c, max_short_side=side)
                except MindMuscleError as exc:
                    print(f"{exc}", file=sys.stderr)
                    return 2
                spent = time.process_time() - c0
                if best is None or run.speed > best.speed:
                    best, cpu = run, spent
            assert best is not None
            w, h = best.size
            print(
                f"| {name} | {w}x{h} | {best.speed:.1f} | {best.realtime:.2f} "
                f"| {best.frames / best.pose_seconds:.1f} | {1000 * cpu / best.frames:.1f} "
                f"| {best.found}/{best.frames} |"
            )
    end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nLoad average {end:.1f} at the end; the video plays at {_video_fps(args.video)} fps.")
    return 0


def _video_fps(path: Path) -> str:
    """The container's frame rate, for the footnote."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        return f"{float(cap.get(cv2.CAP_PROP_FPS)):.3g}"
    finally:
        cap.release()


if __name__ == "__main__":
    sys.exit(main())
