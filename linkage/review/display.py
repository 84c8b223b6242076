"""What the review pages show: character differences, masked identifiers, the match-weight
waterfall. Pure functions over plain values, so each is testable without a server."""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from linkage.privacy import mask_nik, redact_numbers

# Fields that stay masked until an analyst reveals them (each reveal is logged).
REVEALABLE = ("nik", "kk", "phone")
_KEEP = {"nik": (4, 4), "kk": (4, 4), "phone": (4, 2)}


@dataclass(frozen=True)
class Segment:
    """A run of characters of one value; `changed` when the other value differs there."""

    text: str
    changed: bool


def _runs(text: str, flags: list[bool]) -> list[Segment]:
    segments: list[Segment] = []
    for char, changed in zip(text, flags, strict=True):
        if segments and segments[-1].changed == changed:
            segments[-1] = Segment(segments[-1].text + char, changed)
        else:
            segments.append(Segment(char, changed))
    return segments


def char_diff(
    left: str, right: str, *, shown_left: str | None = None, shown_right: str | None = None
) -> tuple[list[Segment], list[Segment]]:
    """Both values split into runs of equal and differing characters.

    Positions come from the real values; the text shown comes from `shown_*` (the same
    length, e.g. a masked NIK), so a masked NIK still shows *where* two NIKs differ.
    """
    shown_left = left if shown_left is None else shown_left
    shown_right = right if shown_right is None else shown_right
    changed_left = [True] * len(left)
    changed_right = [True] * len(right)
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changed_left[i1:i2] = [False] * (i2 - i1)
            changed_right[j1:j2] = [False] * (j2 - j1)
    return _runs(shown_left, changed_left), _runs(shown_right, changed_right)


def text_of(value: Any) -> str:
    """A cell value as text ('' for missing), dates as ISO, whole floats without '.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def masked(field: str, value: Any) -> str:
    """An identifier with its middle digits hidden (same length as the value)."""
    start, end = _KEEP[field]
    return mask_nik(text_of(value), keep_start=start, keep_end=end)


def compare_values(
    left: Any, right: Any, *, mask_as: str | None = None, reveal: tuple[bool, bool] = (False, False)
) -> tuple[list[Segment], list[Segment]]:
    """Diff two cell values; `mask_as` (nik, kk, phone) hides digits not revealed."""
    a, b = text_of(left), text_of(right)
    if mask_as is None:
        # Free text sometimes carries an NIK typed into the wrong column.
        return char_diff(redact_numbers(a), redact_numbers(b))
    return char_diff(
        a,
        b,
        shown_left=a if reveal[0] else masked(mask_as, a),
        shown_right=b if reveal[1] else masked(mask_as, b),
    )


# --- the waterfall -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One bar of the waterfall: a comparison's match weight, from `start` to `end`."""

    name: str
    label: str
    weight: float
    start: float
    end: float


@dataclass(frozen=True)
class Waterfall:
    steps: list[Step]
    match_weight: float
    match_probability: float


def prior_weight(probability_two_random_records_match: float) -> float:
    """The prior as a match weight: log2 of the odds that two random records match."""
    p = probability_two_random_records_match
    return math.log2(p / (1.0 - p))


def probability(match_weight: float) -> float:
    odds = 2.0**match_weight
    return odds / (1.0 + odds)


def level_label(comparison: dict[str, Any], weight: float, *, tolerance: float = 2e-3) -> str:
    """The comparison level a pair fell into, read back from its match weight.

    A weight equal to a level's log2(m/u) names that level; a weight that fits no level was
    moved by a term-frequency adjustment, which only the levels with one can have. Levels
    that share a weight (e.g. a null level and a level capped at 0) are all named.
    """
    exact, adjusted = [], []
    for level in comparison["comparison_levels"]:
        label = level.get("label_for_charts", "")
        if level.get("is_null_level"):
            level_weight = 0.0
        else:
            m, u = level.get("m_probability"), level.get("u_probability")
            if not m or not u:
                continue
            level_weight = math.log2(m / u)
            if level.get("tf_adjustment_column"):
                adjusted.append(label)
        if abs(level_weight - weight) <= tolerance:
            exact.append(label)
    if exact:
        return " or ".join(exact)
    if adjusted:
        return " or ".join(adjusted) + " (term-frequency adjusted)"
    return "unknown level"


def waterfall(weights: dict[str, float], settings: dict[str, Any]) -> Waterfall:
    """Splink's explanation of one pair: prior, then each comparison's weight (term
    frequencies included), summing to the match weight and its probability."""
    prior = prior_weight(settings["probability_two_random_records_match"])
    steps = [Step("prior", "probability two random records match", prior, 0.0, prior)]
    total = prior
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        if name not in weights or weights[name] is None:
            continue
        weight = float(weights[name])
        steps.append(Step(name, level_label(comparison, weight), weight, total, total + weight))
        total += weight
    return Waterfall(steps, total, probability(total))


@dataclass(frozen=True)
class Bar:
    name: str
    label: str
    value: str
    x: float
    width: float
    y: float
    positive: bool


@dataclass(frozen=True)
class WaterfallChart:
    """A waterfall laid out for an SVG: bars, the zero line and the chart's size."""

    bars: list[Bar]
    zero_x: float
    width: float
    height: float
    row_height: float
    label_width: float


def chart(fall: Waterfall, *, width: float = 720, row_height: float = 24) -> WaterfallChart:
    """Bar positions for the waterfall, final bar last; scaled to the widest reach."""
    label_width = 300.0
    plot = width - label_width - 60
    final = Step("final", "match weight", fall.match_weight, 0.0, fall.match_weight)
    steps = [*fall.steps, final]
    low = min(0.0, *(min(s.start, s.end) for s in steps))
    high = max(0.0, *(max(s.start, s.end) for s in steps))
    scale = plot / (high - low or 1.0)

    def x(value: float) -> float:
        return label_width + (value - low) * scale

    bars = [
        Bar(
            name=step.name,
            label=step.label,
            value=f"{step.weight:+.2f}",
            x=x(min(step.start, step.end)),
            width=max(abs(step.weight) * scale, 1.0),
            y=i * row_height,
            positive=step.weight >= 0,
        )
        for i, step in enumerate(steps)
    ]
    return WaterfallChart(bars, x(0.0), width, len(bars) * row_height, row_height, label_width)


# --- the two records side by side ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One record's value of a field: as the source wrote it, as standardized, and notes."""

    original: list[Segment]
    standardized: list[Segment]
    notes: list[str]


@dataclass(frozen=True)
class Row:
    label: str
    field: str | None  # a REVEALABLE field, else None
    left: Cell
    right: Cell
    revealed: tuple[bool, bool]


def region_name(code: Any) -> str:
    from linkage.standardize.region_table import regions_by_code

    region = regions_by_code().get(text_of(code))
    return region.name if region else ""


def _address(record: dict[str, Any]) -> str:
    rt, rw = text_of(record.get("rt")), text_of(record.get("rw"))
    parts = [f"RT {rt or '?'} / RW {rw or '?'}" if rt or rw else ""]
    parts.append(text_of(record.get("dusun")))
    for level in ("village", "district", "regency"):
        parts.append(region_name(record.get(f"{level}_code")) or text_of(record.get(level)))
    return ", ".join(p for p in parts if p)


def _birth(record: dict[str, Any]) -> str:
    return text_of(record.get("birth_date")) or text_of(record.get("birth_year"))


def _nik_notes(record: dict[str, Any], revealed: bool) -> list[str]:
    notes = [text_of(record.get("nik_status")) or "missing"]
    if record.get("nik_flags"):
        notes.append(f"flags: {record['nik_flags']}")
    if record.get("nik_sex"):
        notes.append(f"NIK sex {record['nik_sex']}")
    nik_date, own = record.get("nik_birth_date"), record.get("birth_date")
    if nik_date is not None and own is not None and text_of(own):
        agrees = text_of(nik_date) == text_of(own)
        notes.append("NIK birth date agrees" if agrees else "NIK birth date differs")
    if revealed and record.get("nik_region6"):
        notes.append(
            f"NIK born {text_of(nik_date)}, issued in {region_name(record['nik_region6'])}".strip()
        )
    return notes


def _name_notes(record: dict[str, Any]) -> list[str]:
    notes = [f"key {record['name_key']}"] if record.get("name_key") else []
    for column, label in (
        ("name_titles", "titles"),
        ("name_father", "father"),
        ("name_marga", "marga"),
    ):
        if record.get(column):
            notes.append(f"{label} {record[column]}")
    return notes


def _birth_notes(record: dict[str, Any]) -> list[str]:
    notes = [f"precision {record['birth_precision']}"] if record.get("birth_precision") else []
    if record.get("birth_default"):
        notes.append("a default date (weak evidence)")
    return notes


def _aid(record: dict[str, Any]) -> str:
    amount = text_of(record.get("amount"))
    parts = [
        text_of(record.get("programme")),
        f"Rp {amount}" if amount else "",
        text_of(record.get("period")),
    ]
    return " · ".join(p for p in parts if p)


def _status_notes(record: dict[str, Any]) -> list[str]:
    notes = []
    if record.get("deceased"):
        notes.append("deceased")
    if record.get("spouse_reference"):
        notes.append("names a spouse (Ny./Bu + husband)")
    if record.get("decile") is not None and text_of(record.get("decile")):
        notes.append(f"welfare decile {text_of(record['decile'])}")
    return notes


def _row(
    label: str,
    left: dict[str, Any],
    right: dict[str, Any],
    *,
    original: str | None,
    standardized,
    notes=lambda record: [],
    field: str | None = None,
    reveal: tuple[bool, bool] = (False, False),
) -> Row:
    def value(record: dict[str, Any], how) -> str:
        if how is None:
            return ""
        return how(record) if callable(how) else text_of(record.get(how))

    original_l, original_r = compare_values(
        value(left, original), value(right, original), mask_as=field, reveal=reveal
    )
    standard_l, standard_r = compare_values(
        value(left, standardized), value(right, standardized), mask_as=field, reveal=reveal
    )
    return Row(
        label,
        field,
        Cell(original_l, standard_l, notes(left)),
        Cell(original_r, standard_r, notes(right)),
        reveal,
    )


def pair_rows(
    left: dict[str, Any], right: dict[str, Any], revealed: set[tuple[int, str]]
) -> list[Row]:
    """The rows of the pair view; `revealed` holds (side, field) the analyst unmasked."""

    def reveal(field: str) -> tuple[bool, bool]:
        return (0, field) in revealed, (1, field) in revealed

    shown = reveal("nik")
    return [
        _row(
            "NIK",
            left,
            right,
            original="nik_raw",
            standardized="nik_pattern",
            field="nik",
            reveal=shown,
            notes=lambda r: _nik_notes(r, shown[0] if r is left else shown[1]),
        ),
        _row("KK", left, right, original=None, standardized="kk", field="kk", reveal=reveal("kk")),
        _row("Name", left, right, original="name_raw", standardized="name", notes=_name_notes),
        _row("Birth date", left, right, original=None, standardized=_birth, notes=_birth_notes),
        _row("Sex", left, right, original=None, standardized="sex"),
        _row(
            "Address",
            left,
            right,
            original="address_raw",
            standardized=_address,
            notes=lambda r: [f"village code {r['village_code']}"] if r.get("village_code") else [],
        ),
        _row(
            "Phone",
            left,
            right,
            original=None,
            standardized="phone",
            field="phone",
            reveal=reveal("phone"),
        ),
        _row("Aid", left, right, original=None, standardized=_aid, notes=_status_notes),
    ]
