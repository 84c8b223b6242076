"""NIK and KK numbers as Dukcapil issues them: region6 + date6 + serial per (region, date)."""

from __future__ import annotations

from datetime import date

import numpy as np


def nik_date_part(birth: date, sex: str) -> str:
    """ddmmyy with 40 added to the day for women (DOMAIN 1.1)."""
    day = birth.day + (40 if sex == "F" else 0)
    return f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"


def kk_date_part(registered: date) -> str:
    """ddmmyy of the family card's registration; no +40 rule."""
    return f"{registered.day:02d}{registered.month:02d}{registered.year % 100:02d}"


def serials(keys: np.ndarray, skips: np.ndarray) -> np.ndarray:
    """Serial per entry, counted per key in input (issue) order.

    Each entry takes the previous serial of its key + 1 + its skip; skips stand for people
    outside the synthetic population who were issued numbers in between. Entries with skip 0
    directly after each other (twins) get consecutive serials.
    """
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    step = (1 + skips.astype(np.int64))[order]
    running = np.cumsum(step)
    grouped = inverse[order]
    starts = np.r_[0, np.flatnonzero(np.diff(grouped)) + 1]
    sizes = np.diff(np.r_[starts, len(running)])
    before_group = np.repeat(running[starts] - step[starts], sizes)
    result = np.empty_like(running)
    result[order] = running - before_group
    return np.minimum(result, 9999)


def numbers(regions: list[str], date_parts: list[str], skips: np.ndarray) -> list[str]:
    """16-digit numbers (NIK or KK) for parallel lists of region6 and date6 parts."""
    keys = np.array([int(r + p) for r, p in zip(regions, date_parts, strict=True)], dtype=np.int64)
    issued = serials(keys, skips).tolist()
    return [f"{r}{p}{s:04d}" for r, p, s in zip(regions, date_parts, issued, strict=True)]
