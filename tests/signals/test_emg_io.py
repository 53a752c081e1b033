"""Readers: CSV variants, EDF/BDF, C3D, channel maps; broken files give one DataError sentence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmuscle.errors import DataError, InputError
from mindmuscle.signals.emg_io import find_clipping, read_csv, read_recording, split_unit
from mindmuscle.signals.emg_map import build_map, load_map


def write(tmp_path: Path, text: str, name: str = "rec.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(n: int = 50, fs: float = 1000.0) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(n) / fs
    return t, np.random.default_rng(0).standard_normal((2, n)).round(5)


def one_sentence(exc: Exception) -> str:
    text = str(exc)
    assert "\n" not in text and text.endswith(".")
    return text


def test_generic_csv(tmp_path: Path) -> None:
    t, x = rows()
    lines = ["time,biceps,deltoid"] + [f"{a:.3f},{b},{c}" for a, b, c in zip(t, *x, strict=True)]
    rec = read_csv(write(tmp_path, "\n".join(lines)))
    assert rec.fs == 1000.0
    assert rec.names == ("biceps", "deltoid")
    assert rec.data.dtype == np.float32
    assert np.allclose(rec.data, x, atol=1e-6)
    assert rec.gaps == ()


def test_metadata_lines_units_and_trailing_separators(tmp_path: Path) -> None:
    t, x = rows()
    head = [
        "Noraxon MR3 export",
        "Subject: A",
        "Rate: 1000 Hz",
        "",
        "Time (s),Biceps (mV),Delt (mV),",
    ]
    body = [f"{a:.3f},{b},{c}," for a, b, c in zip(t, *x, strict=True)]
    rec = read_recording(write(tmp_path, "\n".join(head + body)), channels=["Delt"])
    assert rec.names == ("Delt",)
    assert rec.units == ("mV",)
    assert np.allclose(rec.data[0], x[1], atol=1e-6)


def test_delsys_trigno_layout_with_repeated_time_columns(tmp_path: Path) -> None:
    t, x = rows(fs=2000)
    head = "X[s],R BICEPS BRACHII: EMG 1,X[s],R DELTOID: EMG 2"
    body = [f"{a:.4f},{b},{a:.4f},{c}" for a, b, c in zip(t, *x, strict=True)]
    rec = read_recording(write(tmp_path, "\n".join([head, *body])), channels=["R DELTOID"])
    assert rec.fs == 2000.0
    assert rec.names == ("R DELTOID: EMG 2",)
    assert any("time column" in note for note in rec.notes)


def test_semicolons_with_decimal_commas(tmp_path: Path) -> None:
    t, x = rows()
    body = [f"{a:.3f};{b};{c}".replace(".", ",") for a, b, c in zip(t, *x, strict=True)]
    rec = read_csv(write(tmp_path, "\n".join(["Zeit[s];EMG1[uV];EMG2[uV]", *body])))
    assert rec.fs == 1000.0
    assert rec.units == ("uV", "uV")
    assert np.allclose(rec.data[-1], x[1], atol=1e-6)


def test_tabs_and_time_in_milliseconds(tmp_path: Path) -> None:
    t, x = rows()
    body = [f"{a * 1000:.1f}\t{b}\t{c}" for a, b, c in zip(t, *x, strict=True)]
    rec = read_csv(write(tmp_path, "\n".join(["time (ms)\tA\tB", *body])))
    assert rec.fs == 1000.0
    assert rec.names == ("A", "B")


def test_fs_option_without_time_column(tmp_path: Path) -> None:
    _, x = rows()
    body = [f"{b},{c}" for b, c in zip(*x, strict=True)]
    path = write(tmp_path, "\n".join(["biceps,deltoid", *body]))
    assert read_csv(path, fs=2000).fs == 2000.0
    with pytest.raises(DataError, match=r"no time column .* --fs") as err:
        read_csv(path)
    one_sentence(err.value)


def test_missing_channel_names_the_channels_present(tmp_path: Path) -> None:
    t, x = rows()
    lines = ["time,biceps,deltoid"] + [f"{a:.3f},{b},{c}" for a, b, c in zip(t, *x, strict=True)]
    with pytest.raises(DataError) as err:
        read_recording(write(tmp_path, "\n".join(lines)), channels=["triceps"])
    assert "no channel 'triceps'; channels present: 'biceps', 'deltoid'" in one_sentence(err.value)


def test_non_numeric_value_names_line_and_column(tmp_path: Path) -> None:
    text = "time,biceps,deltoid\n0.000,1,2\n0.001,1,2\n0.002,oops,2\n0.003,1,2\n"
    with pytest.raises(DataError) as err:
        read_csv(write(tmp_path, text))
    assert "line 4, column 'biceps': expected a number, found 'oops'" in one_sentence(err.value)


def test_ragged_row_is_reported(tmp_path: Path) -> None:
    text = "time,biceps,deltoid\n0.000,1,2\n0.001,1\n0.002,1,2\n"
    with pytest.raises(DataError, match=r"line 3: found 2 fields; the header names 3"):
        read_csv(write(tmp_path, text))


def test_uneven_sampling_is_refused(tmp_path: Path) -> None:
    times = [0.0, 0.001, 0.002, 0.0034, 0.004, 0.005, 0.006]
    text = "time,a\n" + "".join(f"{t},{i}\n" for i, t in enumerate(times))
    with pytest.raises(DataError, match=r"line 5, time column: uneven sampling"):
        read_csv(write(tmp_path, text))


def test_time_going_backwards_is_refused(tmp_path: Path) -> None:
    text = "time,a\n0,1\n0.001,1\n0.0005,1\n"
    with pytest.raises(DataError, match=r"line 4, time column: time 0.0005 s does not increase"):
        read_csv(write(tmp_path, text))


def test_missing_samples_and_empty_cells_are_gaps(tmp_path: Path) -> None:
    times = [i / 1000 for i in range(20) if not 5 <= i < 8]
    lines = ["time,a,b"] + [f"{t:.3f},1,{'' if i == 12 else 2}" for i, t in enumerate(times)]
    rec = read_csv(write(tmp_path, "\n".join(lines)))
    assert rec.data.shape == (2, 20)
    assert np.isnan(rec.data[:, 5:8]).all()
    gaps = {(g.start, g.end, g.channel) for g in rec.gaps}
    assert (0.005, 0.008, None) in gaps
    assert any(g.channel == "b" for g in rec.gaps)


def test_clipping_is_found_and_clean_noise_is_not() -> None:
    x = np.random.default_rng(1).standard_normal((2, 5000)).astype(np.float32)
    x[1] = np.clip(x[1] * 3, -2.5, 2.5)
    found = find_clipping(x, ["clean", "clipped"], fs=1000)
    assert [c["channel"] for c in found] == ["clipped", "clipped"]
    assert {c["level"] for c in found} == {2.5, -2.5}


def test_split_unit_variants() -> None:
    assert split_unit("Biceps (mV)") == ("Biceps", "mV")
    assert split_unit("X[s]") == ("X", "s")
    assert split_unit("emg_mV") == ("emg_mV", "mV")
    assert split_unit('"EMG 1"') == ("EMG 1", None)


def write_edf(
    path: Path, data: np.ndarray, fs: float, labels: list[str], bdf: bool = False
) -> None:
    import pyedflib

    kind = pyedflib.FILETYPE_BDFPLUS if bdf else pyedflib.FILETYPE_EDFPLUS
    with pyedflib.EdfWriter(str(path), len(labels), file_type=kind) as w:
        w.setSignalHeaders(
            [
                {
                    "label": lab,
                    "dimension": "mV",
                    "sample_frequency": fs,
                    "physical_max": 5.0,
                    "physical_min": -5.0,
                    "digital_max": 8388607 if bdf else 32767,
                    "digital_min": -8388608 if bdf else -32768,
                }
                for lab in labels
            ]
        )
        w.writeSamples(list(data.astype(np.float64)))


@pytest.mark.parametrize("bdf", [False, True], ids=["edf", "bdf"])
def test_edf_and_bdf(tmp_path: Path, bdf: bool) -> None:
    x = np.random.default_rng(2).standard_normal((3, 4000)).clip(-4.9, 4.9)
    path = tmp_path / ("rec.bdf" if bdf else "rec.edf")
    write_edf(path, x, 1000.0, ["biceps", "brachioradialis", "deltoid"], bdf=bdf)
    rec = read_recording(path, channels=["deltoid", "biceps"])
    assert rec.names == ("deltoid", "biceps")
    assert rec.fs == 1000.0 and rec.units == ("mV", "mV")
    assert np.allclose(rec.data, x[[2, 0]], atol=2e-4)
    with pytest.raises(DataError, match=r"no channel 'triceps'; channels present: 'biceps'"):
        read_recording(path, channels=["triceps"])


def test_c3d_analogs(tmp_path: Path) -> None:
    import ezc3d

    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [100]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = ("marker",)
    c3d["data"]["points"] = np.zeros((4, 1, 40))
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [1000]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = ("biceps", "deltoid")
    c3d["parameters"]["ANALOG"]["UNITS"]["value"] = ("V", "V")
    analogs = np.random.default_rng(3).standard_normal((1, 2, 400))
    c3d["data"]["analogs"] = analogs
    path = tmp_path / "rec.c3d"
    c3d.write(str(path))
    rec = read_recording(path, channels=["deltoid"])
    assert rec.fs == 1000.0 and rec.units == ("V",)
    assert np.allclose(rec.data[0], analogs[0, 1], atol=1e-6)


@pytest.mark.parametrize("name", ["bad.edf", "bad.bdf", "bad.c3d", "bad.csv", "empty.csv"])
def test_broken_files_give_one_sentence(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if name == "empty.csv" else b"\x00\x01garbage\xff" * 20)
    with pytest.raises(DataError) as err:
        read_recording(path)
    assert str(path) in one_sentence(err.value)


def test_absent_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_recording(tmp_path / "nope.csv")


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789.,;-e \tabtime\nXs[]()nan")), max_size=300
    )
)
def test_garbage_csv_only_ever_raises_data_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, "garbage.csv")
    try:
        rec = read_recording(path)
    except DataError as exc:
        one_sentence(exc)
    else:
        assert rec.data.ndim == 2 and rec.fs > 0


def test_map_file_with_renames(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'target = "biceps"\naccessory = ["brachioradialis", "deltoid"]\n'
        '[channels]\nbiceps = "EMG 1"\ndeltoid = "Sensor 3: EMG 3"\n',
        "map.toml",
    )
    cmap = build_map(None, None, None, path)
    assert cmap.muscles == ("biceps", "brachioradialis", "deltoid")
    assert (
        cmap.channel("biceps") == "EMG 1" and cmap.channel("brachioradialis") == "brachioradialis"
    )
    assert build_map("deltoid", "biceps", None, path).muscles == ("deltoid", "biceps")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("target = 3\n", "target must be a channel name"),
        ("targte = 'a'\n", "unknown key 'targte'"),
        ("target = \n", "not valid TOML"),
        ("accessory = [1]\n", "accessory must be a list"),
    ],
)
def test_bad_map_files(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        load_map(write(tmp_path, text, "map.toml"))


def test_target_is_required_and_muscles_unique() -> None:
    with pytest.raises(InputError, match="--target"):
        build_map(None, "a,b")
    with pytest.raises(InputError, match="more than once"):
        build_map("a", "b,a")


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=4),
    cells=st.lists(
        st.lists(
            st.one_of(st.floats(allow_nan=True), st.text(max_size=5), st.just("")),
            min_size=0,
            max_size=5,
        ),
        max_size=12,
    ),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_csv_shaped_garbage_only_ever_raises_data_error(
    tmp_path: Path, header: list[str], cells: list[list[object]], sep: str
) -> None:
    lines = [sep.join(header)] + [sep.join(str(c) for c in row) for row in cells]
    path = write(tmp_path, "\n".join(lines), "shaped.csv")
    try:
        rec = read_recording(path, fs=None if header[0] == "time" else 100.0)
    except DataError as exc:
        one_sentence(exc)
    else:
        assert rec.data.shape[0] >= 1
