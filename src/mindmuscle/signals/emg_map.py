"""Which channel is which muscle: ``--target``/``--accessory`` options or a TOML map file.

A map file::

    target = "biceps"
    accessory = ["brachioradialis", "deltoid"]
    motion = "elbow_angle"          # optional: segment reps from this channel

    [channels]                      # optional: name used above = channel in the file
    biceps = "EMG 1"
    brachioradialis = "EMG 2"
    deltoid = "Sensor 3: EMG 3"

Options given on the command line win over the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mindmuscle.errors import InputError

__all__ = ["ChannelMap", "build_map", "load_map", "split_list"]


@dataclass(frozen=True, slots=True)
class ChannelMap:
    """Muscle names for the target and accessories, and the file channel of each name."""

    target: str
    accessory: tuple[str, ...] = ()
    motion: str | None = None
    channels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [self.target, *self.accessory]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise InputError(
                f"Channel {dupes[0]!r} is named more than once among target and "
                "accessory; give each muscle once."
            )

    @property
    def muscles(self) -> tuple[str, ...]:
        """Target first, then the accessories."""
        return (self.target, *self.accessory)

    def channel(self, name: str) -> str:
        """The file's channel name for muscle ``name``."""
        return self.channels.get(name, name)


def split_list(text: str | None) -> tuple[str, ...]:
    """``"a, b,,c"`` -> ``("a", "b", "c")``."""
    return tuple(p.strip() for p in (text or "").split(",") if p.strip())


def load_map(path: Path) -> dict[str, Any]:
    """The validated content of a map file (keys target, accessory, motion, channels)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: the channel map cannot be read ({exc.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc}).") from None
    unknown = sorted(set(raw) - {"target", "accessory", "motion", "channels"})
    if unknown:
        raise InputError(
            f"{path}: unknown key {unknown[0]!r}; expected target, accessory, "
            "motion and [channels]."
        )
    for key in ("target", "motion"):
        if key in raw and not isinstance(raw[key], str):
            raise InputError(f"{path}: {key} must be a channel name in quotes.")
    acc = raw.get("accessory", [])
    if isinstance(acc, str):
        acc = [acc]
    if not isinstance(acc, list) or not all(isinstance(a, str) for a in acc):
        raise InputError(f"{path}: accessory must be a list of channel names.")
    chans = raw.get("channels", {})
    if not isinstance(chans, dict) or not all(isinstance(v, str) for v in chans.values()):
        raise InputError(
            f'{path}: [channels] must map names to file channels, e.g. biceps = "EMG 1".'
        )
    return {
        "target": raw.get("target"),
        "accessory": acc,
        "motion": raw.get("motion"),
        "channels": chans,
    }


def build_map(
    target: str | None,
    accessory: str | None,
    motion: str | None = None,
    map_file: Path | None = None,
) -> ChannelMap:
    """The channel map from options, completed by ``map_file``; options win."""
    base: dict[str, Any] = load_map(map_file) if map_file else {}
    chosen = target or base.get("target")
    if not chosen:
        raise InputError(
            "Name the target muscle's channel with --target CH (or target = ... in a --map file)."
        )
    acc = split_list(accessory) if accessory else tuple(base.get("accessory", ()))
    return ChannelMap(chosen, acc, motion or base.get("motion"), dict(base.get("channels", {})))
