"""Analysts' decisions on record pairs: recording and undoing them, CSV exchange for offices
that review offline, m-probabilities re-estimated from them, and accuracy estimated from them.

A pair holds at most one active label; a new decision deactivates the previous one (kept for
the audit trail). Active 'same'/'different' labels are must-link/cannot-link constraints in
every later run (`linkage.job.label_constraints`); 'unsure' only records that someone looked.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import NormalDist
from typing import Any, NamedTuple

import duckdb
import pandas as pd

from linkage.model.io import Model
from linkage.model.train import regularize
from linkage.review import ReviewError
from linkage.review.scoring import PAIR_COLUMNS, run_settings, score_pairs
from linkage.store import IdentityStore, now

DECISIONS = ("same", "different", "unsure")
MAX_NOTE = 2000
# Pseudo-pairs of the current model's m in a re-estimate: a few labels adjust the model, they
# do not replace it (reviewed pairs are the hard ones, not a sample of all matches).
PRIOR_PAIRS = 20.0


class Pair(NamedTuple):
    """Two records, each named by (source, record_id), as the analyst saw them."""

    source_l: str
    record_id_l: str
    source_r: str
    record_id_r: str

    def swapped(self) -> Pair:
        return Pair(self.source_r, self.record_id_r, self.source_l, self.record_id_l)


_SAME_PAIR = (
    "((source_l = ? AND record_id_l = ? AND source_r = ? AND record_id_r = ?) OR "
    "(source_l = ? AND record_id_l = ? AND source_r = ? AND record_id_r = ?))"
)


def _pair_params(pair: Pair) -> list[str]:
    return [*pair, *pair.swapped()]


@dataclass(frozen=True)
class Decision:
    """A recorded label and the labels it replaced (restored by an undo)."""

    label_id: int
    pair: Pair
    decision: str
    replaced: tuple[int, ...]


def records_exist(con: duckdb.DuckDBPyConnection, pair: Pair) -> bool:
    """Both records are in the store's last run (the only records a decision may name)."""
    count = con.execute(
        "SELECT count(*) FROM run_records WHERE (source = ? AND record_id = ?) "
        "OR (source = ? AND record_id = ?)",
        list(pair),
    ).fetchone()[0]
    return count == 2 and (pair.source_l, pair.record_id_l) != (pair.source_r, pair.record_id_r)


def record_decision(
    store: IdentityStore, pair: Pair, decision: str, analyst: str, note: str = ""
) -> Decision:
    """Store an analyst's decision on a pair, replacing the pair's active label."""
    if decision not in DECISIONS:
        raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if not records_exist(store.con, pair):
        raise ReviewError("a decision must name two different records of the last run")
    with store.transaction() as con:
        replaced = con.execute(
            f"UPDATE labels SET active = false WHERE active AND {_SAME_PAIR} RETURNING label_id",
            _pair_params(pair),
        ).fetchall()
        label_id = int(con.execute("SELECT nextval('label_seq')").fetchone()[0])
        con.execute(
            "INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
            [label_id, *pair, decision, analyst, note[:MAX_NOTE], now()],
        )
    return Decision(label_id, pair, decision, tuple(sorted(int(r[0]) for r in replaced)))


def undo_decision(store: IdentityStore, decision: Decision) -> None:
    """Withdraw a decision; the labels it replaced come back unless someone decided since."""
    with store.transaction() as con:
        con.execute("UPDATE labels SET active = false WHERE label_id = ?", [decision.label_id])
        still_active = con.execute(
            f"SELECT count(*) FROM labels WHERE active AND {_SAME_PAIR}",
            _pair_params(decision.pair),
        ).fetchone()[0]
        if decision.replaced and not still_active:
            marks = ", ".join("?" for _ in decision.replaced)
            con.execute(
                f"UPDATE labels SET active = true WHERE label_id IN ({marks})",
                list(decision.replaced),
            )


def pair_history(con: duckdb.DuckDBPyConnection, pair: Pair) -> list[dict[str, Any]]:
    """Every label ever given to the pair, newest first."""
    return (
        con.execute(
            f"SELECT label_id, decision, analyst, note, decided_at, active FROM labels "
            f"WHERE {_SAME_PAIR} ORDER BY label_id DESC",
            _pair_params(pair),
        )
        .df()
        .to_dict("records")
    )


def active_labels(
    con: duckdb.DuckDBPyConnection, decisions: tuple[str, ...] = DECISIONS
) -> pd.DataFrame:
    """Active labels with the given decisions, oldest first."""
    marks = ", ".join("?" for _ in decisions)
    return con.execute(
        f"SELECT label_id, {', '.join(PAIR_COLUMNS)}, decision, analyst, decided_at FROM labels "
        f"WHERE active AND decision IN ({marks}) ORDER BY label_id",
        list(decisions),
    ).df()


# --- CSV exchange ----------------------------------------------------------------------------

CSV_COLUMNS = [
    "label_id",
    *PAIR_COLUMNS,
    "decision",
    "analyst",
    "note",
    "decided_at",
    "active",
]
REQUIRED_COLUMNS = [*PAIR_COLUMNS, "decision"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TRUE = {"", "true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n"}


def _cell_out(text: str) -> str:
    """Free text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell_in(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def export_labels(store: IdentityStore, path: str | Path, *, active_only: bool = False) -> int:
    """Write the labels (all, for the audit trail, or only active ones) as CSV; returns rows."""
    where = "WHERE active" if active_only else ""
    frame = store.con.execute(
        f"SELECT {', '.join(CSV_COLUMNS)} FROM labels {where} ORDER BY label_id"
    ).df()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for row in frame.itertuples(index=False):
            record = row._asdict()
            record["note"] = _cell_out(record["note"] or "")
            record["analyst"] = _cell_out(record["analyst"] or "")
            record["decided_at"] = pd.Timestamp(record["decided_at"]).isoformat()
            record["active"] = "true" if record["active"] else "false"
            writer.writerow([record[c] for c in CSV_COLUMNS])
    return len(frame)


@dataclass(frozen=True)
class ImportedLabel:
    pair: Pair
    decision: str
    analyst: str
    note: str
    decided_at: dt.datetime
    active: bool


@dataclass
class ImportSummary:
    """What an import did; `unknown_records` labels name records the store's last run lacks
    (kept: a later run may bring them)."""

    rows: int = 0
    imported: int = 0
    active: int = 0
    duplicates: int = 0
    older_than_existing: int = 0
    unknown_records: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _parse_row(
    row: dict[str, str], where: str, default_analyst: str | None, stamp: dt.datetime
) -> ImportedLabel:
    def value(column: str) -> str:
        return (row.get(column) or "").strip()

    for column in REQUIRED_COLUMNS:
        if not value(column):
            raise ReviewError(f"{where}, column {column}: empty")
    decision = value("decision").lower()
    if decision not in DECISIONS:
        raise ReviewError(
            f"{where}, column decision: {decision!r} is not one of {', '.join(DECISIONS)}"
        )
    analyst = _cell_in(value("analyst")) or default_analyst
    if not analyst:
        raise ReviewError(f"{where}, column analyst: empty (or pass --analyst)")
    try:
        decided = dt.datetime.fromisoformat(value("decided_at")) if value("decided_at") else stamp
    except ValueError:
        raise ReviewError(
            f"{where}, column decided_at: {value('decided_at')!r} is not an ISO date-time"
        ) from None
    if decided.tzinfo is not None:
        decided = decided.astimezone(dt.UTC).replace(tzinfo=None)
    active = value("active").lower()
    if active not in _TRUE | _FALSE:
        raise ReviewError(f"{where}, column active: {active!r} is not true or false")
    pair = Pair(*(value(c) for c in PAIR_COLUMNS))
    return ImportedLabel(
        pair, decision, analyst, _cell_in(value("note"))[:MAX_NOTE], decided, active in _TRUE
    )


def read_labels_csv(path: str | Path, *, analyst: str | None = None) -> list[ImportedLabel]:
    """Parse and check a labels CSV; the first bad cell stops it with its row and column."""
    path = Path(path)
    stamp = now()
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ReviewError(
                    f"{path}: column {missing[0]!r} is missing; a labels file needs "
                    + ", ".join(REQUIRED_COLUMNS)
                )
            return [
                _parse_row(row, f"{path} row {number}", analyst, stamp)
                for number, row in enumerate(reader, start=2)
            ]
    except UnicodeDecodeError:
        raise ReviewError(f"{path}: not UTF-8 text (save the sheet as CSV UTF-8)") from None


def import_labels(
    store: IdentityStore, path: str | Path, *, analyst: str | None = None
) -> ImportSummary:
    """Add the decisions of a labels CSV, all or nothing. Re-importing a file changes
    nothing; where two offices decided one pair, the later decision is the active one."""
    labels = sorted(read_labels_csv(path, analyst=analyst), key=lambda label: label.decided_at)
    summary = ImportSummary(rows=len(labels))
    has_records = bool(
        store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'run_records'"
        ).fetchone()[0]
    )
    with store.transaction() as con:
        for label in labels:
            _import_one(con, label, summary, has_records)
    return summary


def _import_one(
    con: duckdb.DuckDBPyConnection, label: ImportedLabel, summary: ImportSummary, known: bool
) -> None:
    params = _pair_params(label.pair)
    duplicate = con.execute(
        f"SELECT count(*) FROM labels WHERE {_SAME_PAIR} AND decision = ? AND analyst = ? "
        "AND decided_at = ?",
        [*params, label.decision, label.analyst, label.decided_at],
    ).fetchone()[0]
    if duplicate:
        summary.duplicates += 1
        return
    if not known or not records_exist(con, label.pair):
        summary.unknown_records += 1
    active = label.active
    if active:
        newer = con.execute(
            f"SELECT count(*) FROM labels WHERE active AND {_SAME_PAIR} AND decided_at > ?",
            [*params, label.decided_at],
        ).fetchone()[0]
        if newer:
            active = False
            summary.older_than_existing += 1
        else:
            con.execute(f"UPDATE labels SET active = false WHERE active AND {_SAME_PAIR}", params)
    con.execute(
        "INSERT INTO labels VALUES (nextval('label_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*label.pair, label.decision, label.analyst, label.note, label.decided_at, active],
    )
    summary.imported += 1
    summary.active += int(active)


# --- feedback into the model -----------------------------------------------------------------


def _require_run(con: duckdb.DuckDBPyConnection) -> None:
    tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    if not {"run_records", "run_model"} <= tables:
        raise ReviewError("the identity store has no run yet: run `linkage run CONFIG` first")


def _non_null_levels(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    return [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]


def m_from_labels(
    store: IdentityStore, model: Model | None = None, *, prior_pairs: float = PRIOR_PAIRS
) -> Model:
    """A copy of `model` (default: the store's last run's) whose m-probabilities are
    re-estimated from the analysts' active 'same person' labels.

    As Splink's `estimate_m_from_pairwise_labels`, each comparison's m is the share of
    labelled matches in each level (the pairs scored on the store's last-run records);
    the current m counts as `prior_pairs` pseudo-pairs, and `regularize` floors and caps
    the result as after training. u and the prior are kept.
    """
    _require_run(store.con)
    base = model or Model(run_settings(store.con), {})
    same = active_labels(store.con, ("same",))
    if same.empty:
        raise ReviewError("no active 'same person' decisions to estimate m-probabilities from")
    scored = score_pairs(store.con, same, base.settings)
    if scored.empty:
        raise ReviewError("no 'same person' decision names two records of the last run")
    settings = copy.deepcopy(base.settings)
    per_comparison = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = _non_null_levels(comparison)
        gammas = scored[f"gamma_{name}"].to_numpy()
        counts = [int((gammas == len(levels) - 1 - i).sum()) for i in range(len(levels))]
        observed = sum(counts)
        for level, count in zip(levels, counts, strict=True):
            if level.get("fix_m_probability") or observed + prior_pairs == 0:
                continue
            current = level.get("m_probability") or 0.0
            level["m_probability"] = (count + prior_pairs * current) / (observed + prior_pairs)
        per_comparison[name] = {
            "labelled_pairs": observed,
            "level_counts": {
                lvl["label_for_charts"]: c for lvl, c in zip(levels, counts, strict=True)
            },
        }
    metadata = {
        **base.metadata,
        "m_from_labels": {
            "estimated_at": now().isoformat(),
            "same_labels": len(same),
            "pairs_scored": len(scored),
            "prior_pairs": prior_pairs,
            "comparisons": per_comparison,
        },
    }
    return Model(settings=regularize(settings), metadata=metadata)


@dataclass(frozen=True)
class Estimate:
    """A proportion with its Wilson score interval (None when nothing was counted)."""

    value: float | None
    low: float | None
    high: float | None
    successes: int
    trials: int


def wilson(successes: int, trials: int, confidence: float = 0.95) -> Estimate:
    """Wilson's interval: sound for small samples and for proportions near 0 or 1, where
    the normal approximation gives bounds outside [0, 1]."""
    if trials == 0:
        return Estimate(None, None, None, 0, 0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), successes, trials)


@dataclass(frozen=True)
class Agreement:
    """Decisions of the engine against the analysts' labels on the same pairs."""

    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    precision: Estimate
    recall: Estimate


def agreement(predicted_same: pd.Series, labelled_same: pd.Series, confidence: float) -> Agreement:
    predicted = predicted_same.to_numpy(dtype=bool)
    actual = labelled_same.to_numpy(dtype=bool)
    tp = int((predicted & actual).sum())
    fp = int((predicted & ~actual).sum())
    fn = int((~predicted & actual).sum())
    tn = int((~predicted & ~actual).sum())
    return Agreement(
        tp, fp, fn, tn, wilson(tp, tp + fp, confidence), wilson(tp, tp + fn, confidence)
    )


@dataclass
class LabelEvaluation:
    """Precision and recall estimated from the reviewed pairs.

    `model`: the model's own pair decisions (match probability >= link threshold) on every
    labelled pair. `resolution`: the last run's persons, on labels decided after that run
    began (earlier labels were constraints of the run, so it agrees with them by design).
    The reviewed pairs come from the review queue, not from a random sample: the estimates
    describe the hard, uncertain band, not every pair the engine decides.
    """

    same_labels: int
    different_labels: int
    unsure_labels: int
    labels_without_records: int
    link_threshold: float
    confidence: float
    model: Agreement
    resolution: Agreement | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_from_labels(
    store: IdentityStore,
    *,
    link_threshold: float = 0.6,
    model: Model | None = None,
    confidence: float = 0.95,
) -> LabelEvaluation:
    """Precision/recall with Wilson intervals, from the active 'same'/'different' labels."""
    _require_run(store.con)
    con = store.con
    decided = active_labels(con, ("same", "different"))
    unsure = len(active_labels(con, ("unsure",)))
    if decided.empty:
        raise ReviewError("no active 'same' or 'different' decisions to evaluate against")
    settings = model.settings if model else run_settings(con)
    scored = score_pairs(con, decided, settings)
    labelled = decided.merge(scored[[*PAIR_COLUMNS, "match_probability"]], on=PAIR_COLUMNS)
    is_same = labelled["decision"] == "same"
    model_agreement = agreement(
        labelled["match_probability"] >= link_threshold, is_same, confidence
    )
    return LabelEvaluation(
        same_labels=int(is_same.sum()),
        different_labels=int((~is_same).sum()),
        unsure_labels=unsure,
        labels_without_records=len(decided) - len(labelled),
        link_threshold=link_threshold,
        confidence=confidence,
        model=model_agreement,
        resolution=_resolution_agreement(con, labelled, confidence),
    )


def _resolution_agreement(
    con: duckdb.DuckDBPyConnection, labelled: pd.DataFrame, confidence: float
) -> Agreement | None:
    started = con.execute("SELECT max(started) FROM runs WHERE status = 'committed'").fetchall()[0][
        0
    ]
    pending = labelled[labelled["decided_at"] > pd.Timestamp(started)] if started else labelled
    if pending.empty:
        return None
    con.register("pending_labels", pending[[*PAIR_COLUMNS, "decision"]])
    try:
        joined = con.execute(
            """
            SELECT a.person_id = b.person_id AS same_person, p.decision = 'same' AS same_label
            FROM pending_labels p
            JOIN memberships a ON a.source = p.source_l AND a.record_id = p.record_id_l
            JOIN memberships b ON b.source = p.source_r AND b.record_id = p.record_id_r
            """
        ).df()
    finally:
        con.unregister("pending_labels")
    if joined.empty:
        return None
    return agreement(joined["same_person"], joined["same_label"], confidence)
