"""Sex as recorded in Indonesian lists (L/P, Laki-laki/Perempuan, 1/2, Pria/Wanita) -> M/F."""

from __future__ import annotations

import re
from typing import Literal

Sex = Literal["M", "F"]

_MALE = {"l", "lk", "laki", "lakilaki", "laki2", "pria", "m", "male", "1", "cowok", "jantan"}
_FEMALE = {"p", "pr", "perempuan", "wanita", "w", "f", "female", "2", "cewek", "prp"}
_STRIP = re.compile(r"[^a-z0-9]")


def parse_sex(value: object) -> Sex | None:
    """Map the usual codings to M/F; anything else (including blanks) is unknown."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            value = int(value)
    key = _STRIP.sub("", str(value).strip().lower())
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    return None
