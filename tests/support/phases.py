"""Phase timing against a generated set's truth, for the motion tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mindmuscle.method.tempo import PHASES, Phase
from mindmuscle.signals.motion import MotionRep
from mindmuscle.signals.synth import TruthRep


def phase_errors(reps: Sequence[MotionRep], truth: Sequence[TruthRep]) -> dict[Phase, float]:
    """Mean absolute error (s) per phase over reps matched in order (the counts must agree)."""
    pairs = list(zip(reps, truth, strict=True))
    return {p: float(np.mean([abs(r.phases[p] - t.phases[p]) for r, t in pairs])) for p in PHASES}
