"""Each processing step against an independent computation and on signals with known answers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from mindmuscle.signals.emg import (
    EmgSettings,
    bandpass,
    design_filters,
    emg_envelope,
    envelope_peak,
    linear_envelope,
    moving_rms,
    notch,
    rectify,
    remove_dc,
    transient_samples,
    window_samples,
)


def naive_rms(x: np.ndarray, width: int) -> np.ndarray:
    """Centred moving RMS written as a plain loop (windows cut short at the ends)."""
    n, left = len(x), width // 2
    out = np.empty(n)
    for i in range(n):
        a, b = max(0, i - left), min(n, i - left + width)
        out[i] = np.sqrt(np.mean(np.asarray(x[a:b], dtype=np.float64) ** 2))
    return out


def noise(n: int, seed: int = 0, channels: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((channels, n)).astype(np.float32)


def test_remove_dc_matches_mean_subtraction() -> None:
    x = noise(1000)[0] + 5.0
    assert np.allclose(remove_dc(x), x - x.mean(), atol=1e-5)
    assert abs(float(remove_dc(x).mean())) < 1e-5


def test_remove_dc_ignores_gaps() -> None:
    x = np.array([1.0, np.nan, 3.0])
    assert remove_dc(x)[[0, 2]].tolist() == [-1.0, 1.0]


def test_bandpass_equals_scipy_directly() -> None:
    x = noise(5000)[0].astype(np.float64)
    sos = signal.butter(4, [20, 450], btype="bandpass", output="sos", fs=2000)
    assert np.allclose(bandpass(x, fs=2000), signal.sosfiltfilt(sos, x), atol=1e-12)


def test_bandpass_adapts_high_cut_to_the_rate_with_a_note() -> None:
    design = design_filters(EmgSettings(), fs=500)
    assert design.high_hz == pytest.approx(225.0)
    assert "lowered to 225 Hz" in design.notes[0]
    assert design_filters(EmgSettings(), fs=2000).notes == ()


def test_bandpass_refuses_low_above_high_naming_the_values() -> None:
    with pytest.raises(ValueError, match=r"low=300 Hz and high=200 Hz"):
        bandpass(noise(100)[0], fs=1000, low_hz=300, high_hz=200)
    with pytest.raises(ValueError, match=r"low=20 Hz and high=18 Hz"):
        design_filters(EmgSettings(), fs=40)  # 0.45 * 40 Hz is below the 20 Hz low cut


def test_notch_removes_50_hz_hum_and_keeps_other_frequencies() -> None:
    fs = 2000
    t = np.arange(10 * fs) / fs
    hum = np.sin(2 * np.pi * 50 * t) + 0.5 * np.sin(2 * np.pi * 150 * t)
    tone = np.sin(2 * np.pi * 80 * t)
    out = notch(hum + tone, fs=fs, freq_hz=50)
    middle = slice(2 * fs, 8 * fs)  # away from the edges
    assert np.sqrt(np.mean((out - tone)[middle] ** 2)) < 0.02


def test_notch_is_part_of_the_pipeline_when_asked() -> None:
    fs = 2000
    t = np.arange(20 * fs) / fs
    x = (np.sin(2 * np.pi * 60 * t) + 0.01 * noise(t.size)[0]).astype(np.float32)
    plain, _ = emg_envelope(x, fs=fs)
    notched, _ = emg_envelope(x, fs=fs, settings=EmgSettings(notch_hz=60))
    assert np.median(notched) < 0.05 * np.median(plain)


def test_rectify_is_the_absolute_value() -> None:
    assert rectify(np.array([-2.0, 0.0, 3.0])).tolist() == [2.0, 0.0, 3.0]


@pytest.mark.parametrize(
    ("n", "fs", "window_s"),
    [(1000, 1000, 0.1), (999, 1000, 0.101), (50, 1000, 0.1), (7, 1000, 0.1), (1, 100, 0.1)],
)
def test_moving_rms_matches_a_plain_loop(n: int, fs: float, window_s: float) -> None:
    x = np.random.default_rng(n).standard_normal(n)
    width = min(window_samples(window_s, fs=fs), n)
    assert np.allclose(moving_rms(x, fs=fs, window_s=window_s), naive_rms(x, width))


def test_moving_rms_is_vectorised_over_channels_and_keeps_float32() -> None:
    x = noise(600, channels=3)
    out = moving_rms(x, fs=1000)
    assert out.dtype == np.float32
    assert np.allclose(out[2], naive_rms(x[2], 100), rtol=1e-5)


def test_a_burst_of_known_rms_gives_that_rms() -> None:
    fs = 2000
    x = np.zeros(6 * fs, dtype=np.float32)
    burst = noise(2 * fs, seed=3)[0]
    burst *= 0.3 / np.sqrt(np.mean(burst.astype(np.float64) ** 2))  # RMS exactly 0.3
    x[2 * fs : 4 * fs] = burst
    env = moving_rms(x, fs=fs, window_s=0.1)
    plateau = env[int(2.2 * fs) : int(3.8 * fs)]
    assert np.sqrt(np.mean(plateau.astype(np.float64) ** 2)) == pytest.approx(0.3, rel=0.01)


def test_envelope_window_is_in_seconds_whatever_the_rate() -> None:
    """A 1 s burst at 2 kHz and at 4 kHz: the same envelope at the same times."""
    envs = []
    for fs in (2000, 4000):
        t = np.arange(4 * fs) / fs
        x = np.where((t >= 1) & (t < 2), 1.0, 0.0) * np.sin(2 * np.pi * 100 * t)
        env, _ = emg_envelope(x.astype(np.float32), fs=fs)
        envs.append(np.interp(np.linspace(0.5, 2.5, 201), t, env))
    assert np.allclose(envs[0], envs[1], atol=0.01)
    rise = np.linspace(0.5, 2.5, 201)[np.argmax(envs[0] > 0.5 * envs[0].max())]
    assert rise == pytest.approx(1.0, abs=0.03)  # half-way up at the burst onset, not 50 ms off


def test_linear_envelope_matches_rectify_then_lowpass() -> None:
    x = noise(4000)[0].astype(np.float64)
    sos = signal.butter(2, 6, output="sos", fs=1000)
    assert np.allclose(linear_envelope(x, fs=1000, cutoff_hz=6), signal.sosfiltfilt(sos, np.abs(x)))


def test_pipeline_equals_the_steps_done_by_hand() -> None:
    fs = 1500
    x = noise(3 * fs, channels=2) + 2.0
    env, design = emg_envelope(x, fs=fs, workers=1)
    by_hand = moving_rms(
        signal.sosfiltfilt(design.sos, x.astype(np.float64) - x.mean(axis=1, keepdims=True)),
        fs=fs,
        window_s=0.1,
    )
    assert np.allclose(env, by_hand, rtol=1e-3, atol=1e-4 * float(by_hand.max()))


@pytest.mark.parametrize(
    "settings",
    [EmgSettings(), EmgSettings(notch_hz=50), EmgSettings(envelope="linear")],
    ids=["rms", "rms+notch", "linear"],
)
def test_chunked_equals_whole_record(settings: EmgSettings) -> None:
    fs = 2000
    t = np.arange(300 * fs) / fs
    x = noise(t.size, channels=2, seed=5) * (1 + 4 * ((t % 6) < 2)).astype(np.float32)
    x[1] += np.sin(2 * np.pi * 50 * t).astype(np.float32)
    whole, design = emg_envelope(x, fs=fs, settings=settings, chunk_samples=10**9, workers=1)
    pad = transient_samples(design.sos)
    size = 8 * pad
    chunked, _ = emg_envelope(x, fs=fs, settings=settings, chunk_samples=size, workers=2)
    assert t.size > 4 * size  # there really are seams
    rel = np.abs(chunked - whole) / np.max(np.abs(whole), axis=1, keepdims=True)
    assert float(rel.max()) < 1e-4


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    x = noise(50_000, channels=3)
    emg_envelope(x, fs=1000, chunk_samples=10_000, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (150_000, 150_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_gaps_count_as_rest() -> None:
    x = noise(5000, channels=1)
    x[0, 2000:2500] = np.nan
    env, _ = emg_envelope(x, fs=1000)
    assert np.isfinite(env).all()
    assert float(env[0, 2150:2350].max()) < 0.2 * float(np.median(env))


def test_mvc_is_the_peak_of_the_rms_envelope() -> None:
    x = noise(5000, channels=2)
    x[1] *= 3
    env, _ = emg_envelope(x, fs=1000)
    assert np.allclose(envelope_peak(x, fs=1000), env.max(axis=1))


def test_transient_covers_the_slowest_pole() -> None:
    sos = signal.butter(4, [20, 450], btype="bandpass", output="sos", fs=2000)
    impulse = np.zeros(20000)
    impulse[0] = 1
    response = np.abs(signal.sosfilt(sos, impulse))
    assert response[transient_samples(sos) :].max() < 1e-6 * response.max()
