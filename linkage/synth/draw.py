"""Seeded random streams for the generator: one numpy stream per concern, cheap scalar draws."""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

_BLOCK = 1 << 15
T = TypeVar("T")


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator per concern: extra draws in one place never shift another."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(entropy=seed, spawn_key=(key,)))
    )


def cumulative(weights: Sequence[float]) -> list[float]:
    """Cumulative weights normalised to end at 1.0, for `Draw.weighted`."""
    total = float(sum(weights))
    cum = [w / total for w in itertools.accumulate(weights)]
    cum[-1] = 1.0
    return cum


class Draw:
    """Scalar draws from a buffered block of uniforms: per-record Python code stays fast.

    Numpy's scalar calls cost about a microsecond each; reading a pre-drawn list costs a tenth.
    """

    __slots__ = ("_buf", "_i", "_rng")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._buf: list[float] = []
        self._i = 0

    def u(self) -> float:
        """A uniform float in [0, 1)."""
        if self._i >= len(self._buf):
            self._buf = self._rng.random(_BLOCK).tolist()
            self._i = 0
        value = self._buf[self._i]
        self._i += 1
        return value

    def chance(self, probability: float) -> bool:
        # A zero rate draws nothing: most error rates of most sources are zero.
        return probability > 0.0 and self.u() < probability

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        return int(self.u() * n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both ends included."""
        return low + int(self.u() * (high - low + 1))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.u() * len(items))]

    def weighted(self, items: Sequence[T], cum: Sequence[float]) -> T:
        """One item, with `cum` from `cumulative(weights)`."""
        return items[bisect.bisect_right(cum, self.u())]

    def normal(self, mean: float, sd: float) -> float:
        # Irwin-Hall sum of four uniforms: bell-shaped and bounded, which suits ages and gaps.
        return mean + sd * (self.u() + self.u() + self.u() + self.u() - 2.0) * 1.7320508
