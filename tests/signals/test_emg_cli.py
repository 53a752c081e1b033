"""``mindmuscle analyze emg`` end to end: the JSON contract, errors as one line, reports,
condition comparison."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.cli import main
from support.clirun import cli

REAL = Path(__file__).resolve().parents[3] / "shared/data/plux-biceps-emg/emg_bursts.csv"


def csv_file(
    tmp_path: Path, gains: tuple[float, ...] = (1.0, 0.5, 0.3), seed: int = 0, name: str = "rec.csv"
) -> Path:
    fs, n = 1000, 20_000
    t = np.arange(n) / fs
    x = np.random.default_rng(seed).standard_normal((len(gains), n)) * 0.01
    x *= np.where((t % 4) < 1.5, 10.0, 1.0) * np.asarray(gains)[:, None]
    names = ["biceps", "brachioradialis", "deltoid"][: len(gains)]
    table = np.column_stack([t, x.T])
    path = tmp_path / name
    np.savetxt(
        path,
        table,
        fmt="%.6f",
        delimiter=",",
        header="time," + ",".join(f"{m} (mV)" for m in names),
        comments="",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.skipif(not REAL.is_file(), reason="shared PLUX recording not present")
def test_contract_command_on_the_real_recording() -> None:
    proc = cli("analyze", "emg", str(REAL), "--target", "emg_mV", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["rep_count"] == len(doc["reps"]) == 9
    assert doc["units"] == "mV"


def test_contract_command_with_accessories(tmp_path: Path) -> None:
    path = csv_file(tmp_path)
    proc = cli(
        "analyze", "emg", str(path), "--target", "biceps",
        "--accessory", "brachioradialis,deltoid", "--format", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert len(doc["reps"]) == 5
    rep = doc["reps"][0]
    assert set(rep["accessory"]) == {"brachioradialis", "deltoid"}
    assert rep["target_share"] == pytest.approx(1 / 1.8, abs=0.03)
    assert doc["summary"]["target_share"] == pytest.approx(1 / 1.8, abs=0.03)


def test_wrong_channel_is_one_line_exit_2(tmp_path: Path) -> None:
    path = csv_file(tmp_path)
    proc = cli("analyze", "emg", str(path), "--target", "triceps", "--format", "json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "no channel 'triceps'; channels present: 'biceps', 'brachioradialis'" in proc.stderr


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--target", "biceps", "--notch", "55"], "--notch must be 50 or 60"),
        (["--target", "biceps", "--low", "300", "--high", "200"], "low=300 Hz and high=200 Hz"),
        (["--target", "biceps", "--report", "out.pdf"], "ending in .html or .png"),
        (["--accessory", "deltoid"], "--target CH"),
        (["--target", "biceps", "--mvc", "missing.csv"], "no such file"),
    ],
)
def test_bad_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], match: str
) -> None:
    code, _out, err = run(capsys, "analyze", "emg", str(csv_file(tmp_path)), *args)
    assert code == 2 and match in err and err.count("\n") == 1


def test_non_numeric_cell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("time,biceps\n0,1\n0.001,2\n0.002,x\n")
    code, _, err = run(capsys, "analyze", "emg", str(path), "--target", "biceps")
    assert code == 2 and "line 4, column 'biceps': expected a number" in err


def test_text_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "analyze",
        "emg",
        str(csv_file(tmp_path)),
        "--target",
        "biceps",
        "--accessory",
        "deltoid",
    )
    assert code == 0
    assert "biceps (target)" in out and "target share" in out and "mean" in out
    assert "Normalisation: none" in out


@pytest.mark.parametrize("suffix", ["png", "html"])
def test_report_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    out_file = tmp_path / f"report.{suffix}"
    code, _, err = run(
        capsys,
        "analyze",
        "emg",
        str(csv_file(tmp_path)),
        "--target",
        "biceps",
        "--accessory",
        "deltoid",
        "--format",
        "json",
        "--report",
        str(out_file),
    )
    assert code == 0, err
    assert out_file.stat().st_size > 1000


def test_map_file_and_mvc(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rec = csv_file(tmp_path)
    mvc = csv_file(tmp_path, gains=(3.0, 3.0, 3.0), seed=9, name="mvc.csv")
    cmap = tmp_path / "map.toml"
    cmap.write_text(
        'target = "arm"\naccessory = ["shoulder"]\n[channels]\narm = "biceps"\n'
        'shoulder = "deltoid"\n'
    )
    code, out, err = run(
        capsys,
        "analyze",
        "emg",
        str(rec),
        "--map",
        str(cmap),
        "--mvc",
        str(mvc),
        "--format",
        "json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["units"] == "MVC" and set(doc["mvc"]) == {"arm", "shoulder"}
    assert 0 < doc["summary"]["target"] < 1
    assert set(doc["reps"][0]["accessory"]) == {"shoulder"}


def test_compare(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    neutral = csv_file(tmp_path, (1.0, 1.0), seed=1, name="neutral.csv")
    focus = csv_file(tmp_path, (1.6, 0.6), seed=2, name="focus.csv")
    common = ["--target", "biceps", "--accessory", "brachioradialis"]
    code, out, err = run(
        capsys, "analyze", "emg", "compare", str(neutral), str(focus), *common, "--format", "json"
    )
    assert code == 0, err
    comp = json.loads(out)["comparisons"][0]
    assert comp["condition"] == "focus" and comp["paired"]
    assert "went up" in comp["sentence"] and "all went down" in comp["sentence"]
    code, out, _ = run(capsys, "analyze", "emg", "compare", str(neutral), str(focus), *common)
    assert code == 0 and "paired d_z" in out and "focus vs neutral" in out


def test_compare_needs_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "analyze", "emg", "compare", str(csv_file(tmp_path)), "--target", "biceps"
    )
    assert code == 2 and "at least two" in err
