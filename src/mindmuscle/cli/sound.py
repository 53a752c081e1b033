"""Real sound outputs for the terminal coach, detected at start and never required.

- the terminal bell (always there): accented clicks and signals ring it;
- audio clicks through the first player found (``paplay``, ``aplay``, ``play`` from sox,
  ``afplay``), with tones rendered once into small WAV files in a temporary directory;
- speech through ``espeak-ng``, ``espeak`` or ``say``.

Every call starts a subprocess and returns at once; a new utterance stops the previous one.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Final

from mindmuscle.coaching.sound import SoundOutput

__all__ = [
    "PLAYERS",
    "SPEAKERS",
    "AudioClicks",
    "Speech",
    "Tee",
    "TerminalBell",
    "detect_sound",
    "write_tone",
]

#: Audio players in order of preference, with the arguments that make them quiet.
PLAYERS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("play", ("-q",)),
    ("afplay", ()),
)
SPEAKERS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("espeak-ng", ("-s", "170")),
    ("espeak", ("-s", "170")),
    ("say", ()),
)
_RATE: Final = 22050
Which = Callable[[str], str | None]


class TerminalBell:
    """BEL on the terminal for accented clicks and signals (plain clicks stay silent)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def click(self, accent: bool) -> None:
        if accent:
            self.bell()

    def say(self, text: str) -> None:
        pass

    def bell(self) -> None:
        self._stream.write("\a")
        self._stream.flush()


class _Spawner:
    """Starts quiet subprocesses and reaps the finished ones."""

    def __init__(self) -> None:
        self._running: list[subprocess.Popen[bytes]] = []

    def spawn(self, argv: Sequence[str]) -> subprocess.Popen[bytes] | None:
        self._running = [p for p in self._running if p.poll() is None]
        try:
            proc = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None  # the player vanished or cannot run: stay silent
        self._running.append(proc)
        return proc

    def close(self) -> None:
        for proc in self._running:
            if proc.poll() is None:
                proc.terminate()
        for proc in self._running:
            try:
                proc.wait(timeout=1)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck player
                proc.kill()
        self._running = []


def write_tone(path: Path, hz: float, seconds: float, volume: float = 0.6) -> Path:
    """A mono 16-bit WAV of a sine tone with a fast exponential decay (a click or a ding)."""
    frames = int(_RATE * seconds)
    decay = 5.0 / seconds
    samples = (
        int(32767 * volume * math.exp(-decay * t) * math.sin(2 * math.pi * hz * t))
        for t in (i / _RATE for i in range(frames))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path


class AudioClicks:
    """Clicks and a bell as real audio through ``player`` (a path found by ``which``)."""

    def __init__(self, player: str, args: Sequence[str] = ()) -> None:
        self._argv = [player, *args]
        self._dir = tempfile.TemporaryDirectory(prefix="mindmuscle-sound-")
        where = Path(self._dir.name)
        self._accent = write_tone(where / "accent.wav", 1760, 0.05)
        self._plain = write_tone(where / "click.wav", 880, 0.04, volume=0.4)
        self._bell = write_tone(where / "bell.wav", 1320, 0.5)
        self._spawner = _Spawner()

    def click(self, accent: bool) -> None:
        self._spawner.spawn([*self._argv, str(self._accent if accent else self._plain)])

    def say(self, text: str) -> None:
        pass

    def bell(self) -> None:
        self._spawner.spawn([*self._argv, str(self._bell)])

    def close(self) -> None:
        self._spawner.close()
        self._dir.cleanup()


class Speech:
    """Speech through a synthesiser command; a new utterance stops the one still playing."""

    def __init__(self, command: str, args: Sequence[str] = ()) -> None:
        self._argv = [command, *args]
        self._spawner = _Spawner()
        self._current: subprocess.Popen[bytes] | None = None

    def click(self, accent: bool) -> None:
        pass

    def say(self, text: str) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
        self._current = self._spawner.spawn([*self._argv, text])

    def bell(self) -> None:
        pass

    def close(self) -> None:
        self._spawner.close()


class Tee:
    """Sends every call to each output in turn."""

    def __init__(self, outputs: Sequence[SoundOutput], description: str = "") -> None:
        self.outputs = tuple(outputs)
        self.description = description

    def click(self, accent: bool) -> None:
        for out in self.outputs:
            out.click(accent)

    def say(self, text: str) -> None:
        for out in self.outputs:
            out.say(text)

    def bell(self) -> None:
        for out in self.outputs:
            out.bell()

    def close(self) -> None:
        for out in self.outputs:
            close = getattr(out, "close", None)
            if close is not None:
                close()


def _first(candidates: Sequence[tuple[str, tuple[str, ...]]], which: Which) -> tuple[str, ...]:
    for name, args in candidates:
        path = which(name)
        if path is not None:
            return (path, *args)
    return ()


def detect_sound(stream: IO[str], *, enabled: bool = True, which: Which = shutil.which) -> Tee:
    """The outputs available here: the bell always, plus a player and a voice when found.

    ``enabled=False`` (``--no-sound``) gives a silent output.
    """
    if not enabled:
        return Tee([], "sound off")
    outputs: list[SoundOutput] = []
    parts: list[str] = []
    player = _first(PLAYERS, which)
    if player:
        try:
            outputs.append(AudioClicks(player[0], player[1:]))
            parts.append(f"clicks: {Path(player[0]).name}")
        except OSError:
            player = ()
    if not player:
        outputs.append(TerminalBell(stream))
        parts.append("clicks: terminal bell")
    speaker = _first(SPEAKERS, which)
    if speaker:
        outputs.append(Speech(speaker[0], speaker[1:]))
        parts.append(f"voice: {Path(speaker[0]).name}")
    else:
        parts.append("no voice (install espeak-ng)")
    return Tee(outputs, ", ".join(parts))
