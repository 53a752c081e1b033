"""Reps, activation, target share (from raw-unit values, never peak-normalised), MVC,
co-activation, condition comparison, the report, and the real PLUX biceps recording."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.errors import InputError
from mindmuscle.signals.emg import EmgSettings
from mindmuscle.signals.emg_analysis import analyze_emg
from mindmuscle.signals.emg_compare import compare_conditions, hedges_g, paired_dz
from mindmuscle.signals.emg_io import Gap, Recording, read_recording
from mindmuscle.signals.emg_map import ChannelMap
from mindmuscle.signals.emg_reps import (
    coactivation,
    rep_activation,
    segment_bursts,
    segment_motion,
)

REAL = Path(__file__).resolve().parents[3] / "shared/data/plux-biceps-emg/emg_bursts.csv"
FS = 1000.0


def bursts(
    gains: list[float], n_reps: int = 6, seed: int = 0, burst_s: float = 1.5, period_s: float = 4.0
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Noise on every channel, ``n_reps`` bursts (x10) at the same times, channel gains."""
    n = int((n_reps * period_s + 2) * FS)
    t = np.arange(n) / FS
    x = np.random.default_rng(seed).standard_normal((len(gains), n)).astype(np.float32)
    times = [(1 + k * period_s, 1 + k * period_s + burst_s) for k in range(n_reps)]
    active = np.zeros(n, dtype=bool)
    for a, b in times:
        active |= (t >= a) & (t < b)
    x *= np.where(active, 10.0, 1.0).astype(np.float32)
    x *= np.asarray(gains, dtype=np.float32)[:, None]
    return x, times


def recording(x: np.ndarray, names: tuple[str, ...], units: str = "mV") -> Recording:
    return Recording("synthetic.csv", FS, names, (units,) * len(names), x)


def test_bursts_are_found_where_they_are() -> None:
    x, times = bursts([1.0])
    env = np.sqrt(np.convolve(x[0].astype(float) ** 2, np.ones(100) / 100, mode="same"))
    reps = segment_bursts(env, fs=FS)
    assert len(reps) == len(times)
    for (a, b), (ta, tb) in zip(reps / FS, times, strict=True):
        assert a == pytest.approx(ta, abs=0.1) and b == pytest.approx(tb, abs=0.1)


def test_rest_only_gives_no_reps() -> None:
    x = np.random.default_rng(1).standard_normal(20_000)
    env = np.sqrt(np.convolve(x**2, np.ones(100) / 100, mode="same"))
    assert len(segment_bursts(env, fs=FS)) == 0


def test_short_blips_and_short_pauses() -> None:
    env = np.full(10_000, 0.1)
    env[1000:1100] = 5.0  # 0.1 s blip: too short to be a rep
    env[3000:4000] = 5.0
    env[4100:5000] = 5.0  # a 0.1 s dip inside one contraction: merged
    reps = segment_bursts(env, fs=FS)
    assert reps.tolist() == [[3000, 5000]]


def test_motion_channel_segmentation() -> None:
    t = np.arange(int(30 * FS)) / FS
    angle = np.where((t % 5) < 3, np.sin(np.pi * (t % 5) / 3), 0.0) * 120 + 10  # 6 curls
    reps = segment_motion(angle, fs=FS)
    assert len(reps) == 6


def test_rep_activation_by_hand() -> None:
    env = np.array([[0.0, 3.0, 4.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
    mean, peak = rep_activation(env, np.array([[1, 3]]))
    assert mean[0].tolist() == pytest.approx([np.sqrt(12.5), 1.0])
    assert peak[0].tolist() == [4.0, 1.0]
    mean, _ = rep_activation(env, np.array([[1, 3]]), rms=False)
    assert mean[0].tolist() == [3.5, 1.0]


def test_coactivation_index() -> None:
    reps = np.array([[0, 4]])
    same = np.array([1.0, 2.0, 2.0, 1.0])
    assert coactivation(same, same, reps)[0] == pytest.approx(1.0)
    assert coactivation(same, np.zeros(4), reps)[0] == pytest.approx(0.0)
    assert coactivation(same, same / 2, reps)[0] == pytest.approx(2 * 3 / 9)


def test_target_share_comes_from_raw_units_not_from_each_channels_peak() -> None:
    """Same activity pattern, accessory recorded at 4x the gain: raw share 0.2, not 0.5.

    A share from peak-normalised values would be 0.5 whatever the gains: we do not do that.
    """
    x, _ = bursts([1.0, 4.0])
    a = analyze_emg(recording(x, ("biceps", "deltoid")), ChannelMap("biceps", ("deltoid",)))
    doc = a.to_json()
    assert doc["summary"]["target_share"] == pytest.approx(0.2, abs=0.01)
    for rep in doc["reps"]:
        assert rep["target_share"] == pytest.approx(
            rep["target"] / (rep["target"] + rep["accessory"]["deltoid"]), rel=1e-3
        )
    view = doc["peak_normalised"]["reps"][0]
    assert view["target"] == pytest.approx(view["accessory"]["deltoid"], rel=0.1)  # shape only
    assert "target_share" not in view
    x2, _ = bursts([1.0, 1.0])
    same = analyze_emg(recording(x2, ("biceps", "deltoid")), ChannelMap("biceps", ("deltoid",)))
    assert same.to_json()["summary"]["target_share"] == pytest.approx(0.5, abs=0.02)


def test_contract_shape_and_units_without_mvc() -> None:
    x, times = bursts([1.0, 0.5, 0.2])
    doc = analyze_emg(
        recording(x, ("biceps", "brachioradialis", "deltoid")),
        ChannelMap("biceps", ("brachioradialis", "deltoid")),
    ).to_json()
    assert len(doc["reps"]) == len(times)
    rep = doc["reps"][0]
    assert set(rep) >= {"start", "end", "target", "accessory", "target_share"}
    assert set(rep["accessory"]) == {"brachioradialis", "deltoid"}
    assert set(doc["summary"]) >= {"target", "accessory", "target_share"}
    assert doc["units"] == "mV" and doc["normalisation"].startswith("none")
    assert {"fs", "gaps", "clipping", "warnings", "peak_normalised"} <= set(doc)
    assert doc["summary"]["target_share"] == pytest.approx(1 / 1.7, abs=0.02)
    assert rep["start"] == pytest.approx(times[0][0], abs=0.1)


def test_without_accessories_there_is_no_share() -> None:
    x, _ = bursts([1.0])
    doc = analyze_emg(recording(x, ("biceps",)), ChannelMap("biceps")).to_json()
    assert doc["summary"]["target_share"] is None
    assert all(r["target_share"] is None for r in doc["reps"])


def test_mvc_normalisation() -> None:
    x, _ = bursts([1.0, 4.0])
    mvc = {"biceps": 20.0, "deltoid": 40.0}
    raw = analyze_emg(recording(x, ("biceps", "deltoid")), ChannelMap("biceps", ("deltoid",)))
    norm = analyze_emg(
        recording(x, ("biceps", "deltoid")), ChannelMap("biceps", ("deltoid",)), mvc=mvc
    )
    r, n = raw.to_json()["summary"], norm.to_json()
    assert n["units"] == "MVC"
    assert n["summary"]["target"] == pytest.approx(r["target"] / 20, rel=1e-3)
    assert n["summary"]["accessory"]["deltoid"] == pytest.approx(
        r["accessory"]["deltoid"] / 40, rel=1e-3
    )
    with pytest.raises(InputError, match="No MVC reference covers 'deltoid'"):
        analyze_emg(
            recording(x, ("biceps", "deltoid")),
            ChannelMap("biceps", ("deltoid",)),
            mvc={"biceps": 1.0},
        )


def test_gaps_and_clipping_are_reported() -> None:
    x, _ = bursts([1.0, 1.0])
    x[1] = np.clip(x[1], -8, 8)
    x[:, 1500:1600] = np.nan
    rec = Recording("s.csv", FS, ("biceps", "deltoid"), ("mV", "mV"), x, (Gap(1.5, 1.6),))
    doc = analyze_emg(rec, ChannelMap("biceps", ("deltoid",))).to_json()
    assert doc["gaps"] == [{"start": 1.5, "end": 1.6, "channel": None}]
    assert doc["reps_with_gaps"] == [0]
    assert [c["channel"] for c in doc["clipping"]] == ["deltoid", "deltoid"]
    assert any("clips at 8" in w for w in doc["warnings"])
    assert any("missing from 1.500 s" in w for w in doc["warnings"])


def test_low_rate_adapts_the_filter_with_a_warning() -> None:
    x, _ = bursts([1.0])
    rec = Recording("s.csv", 500.0, ("biceps",), ("mV",), x)
    doc = analyze_emg(rec, ChannelMap("biceps")).to_json()
    assert any("lowered to 225 Hz" in w for w in doc["warnings"])


def test_effect_sizes_by_hand() -> None:
    base, other = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 4.0])
    diff = other - base
    assert paired_dz(base, other) == pytest.approx(diff.mean() / diff.std(ddof=1))
    a, b = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 4.0, 5.0])
    pooled = np.sqrt((3 * a.var(ddof=1) + 2 * b.var(ddof=1)) / 5)
    assert hedges_g(a, b) == pytest.approx((b.mean() - a.mean()) / pooled * (1 - 3 / 19))


def test_compare_conditions_says_target_up_accessories_down() -> None:
    names = ("biceps", "deltoid")
    cmap = ChannelMap("biceps", ("deltoid",))
    neutral = analyze_emg(recording(bursts([1.0, 1.0], seed=1)[0], names), cmap).to_json()
    focus = analyze_emg(recording(bursts([1.5, 0.6], seed=2)[0], names), cmap).to_json()
    out = compare_conditions([neutral, focus], ["neutral", "focus"], seed=3)
    comp = out["comparisons"][0]
    assert comp["paired"] and "paired d_z" in comp["muscles"]["biceps"]["effect_size_kind"]
    assert comp["muscles"]["biceps"]["direction"] == "up"
    assert comp["muscles"]["deltoid"]["direction"] == "down"
    assert comp["target_share"]["direction"] == "up"
    assert "the target biceps went up" in comp["sentence"]
    assert "the accessories all went down" in comp["sentence"]
    assert (
        compare_conditions([neutral, focus], ["n", "f"], seed=3)["comparisons"][0]["muscles"][
            "biceps"
        ]["ci95"]
        == comp["muscles"]["biceps"]["ci95"]
    )  # seeded
    fewer = analyze_emg(recording(bursts([1.5, 0.6], n_reps=4)[0], names), cmap).to_json()
    unpaired = compare_conditions([neutral, fewer], ["neutral", "focus"])["comparisons"][0]
    assert not unpaired["paired"]
    assert "Hedges' g" in unpaired["muscles"]["biceps"]["effect_size_kind"]


@pytest.mark.parametrize("kind", ["png", "html"])
def test_report(kind: str) -> None:
    from mindmuscle.signals.emg_report import render_report

    x, _ = bursts([1.0, 0.5])
    a = analyze_emg(recording(x, ("biceps", "deltoid")), ChannelMap("biceps", ("deltoid",)))
    data = render_report(a, "png" if kind == "png" else "html")
    if kind == "png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"data:image/png;base64," in data and b"<table>" in data


@pytest.mark.skipif(not REAL.is_file(), reason="shared PLUX recording not present")
@pytest.mark.parametrize(
    "settings",
    [EmgSettings(), EmgSettings(envelope="linear"), EmgSettings(notch_hz=50, window_s=0.25)],
    ids=["rms", "linear", "notch+long-window"],
)
def test_real_plux_recording_has_nine_contractions(settings: EmgSettings) -> None:
    rec = read_recording(REAL, channels=["emg_mV"])
    assert rec.fs == 1000.0
    doc = analyze_emg(rec, ChannelMap("emg_mV"), settings=settings).to_json()
    assert doc["rep_count"] == 9
    assert doc["units"] == "mV"
    starts = [r["start"] for r in doc["reps"]]
    assert all(b - a > 2.0 for a, b in itertools.pairwise(starts))  # ~3 s apart
    assert all(0.02 < r["target"] < 0.5 for r in doc["reps"])  # mV, sensible sEMG RMS
