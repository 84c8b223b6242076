"""Accuracy of each tool's output, all with `linkage.evaluate`, and what its blocking compared.

Blocking recall is the share of true pairs whose two records satisfy at least one of the
tool's blocking rules (over the columns the tool itself blocked on); a record the tool
rejected is never compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import common
import duckdb
import pandas as pd
from splink import DuckDBAPI
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from linkage.evaluate import evaluate_frames, read_table


def _resolved(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path, columns=["source", "record_id", "person_id"])


def accuracy(truth: pd.DataFrame, out_dir: Path, hard: pd.DataFrame | None) -> dict[str, Any]:
    resolved = _resolved(out_dir / common.RESOLVED)
    evaluation = evaluate_frames(truth, resolved, hard).as_dict()
    return {
        "pairwise": evaluation["pairwise"],
        "bcubed": evaluation["bcubed"],
        "hard_negatives": evaluation["hard_negative_merge_rate"],
        "per_source_recall": evaluation["per_source_recall"],
        "predicted_persons": evaluation["predicted_persons"],
        "true_persons": evaluation["true_persons"],
        "unresolved": evaluation["unresolved_records"],
    }


def threshold_sweep(
    truth: pd.DataFrame, out_dir: Path, thresholds: tuple[float, ...], main: float
) -> dict[str, dict[str, float]]:
    """Pairwise scores of a tool's clusters at each threshold it also wrote."""
    scores = {}
    for threshold in thresholds:
        path = out_dir / common.RESOLVED if threshold == main else common.swept(out_dir, threshold)
        if path.exists():
            scores[f"{threshold:g}"] = evaluate_frames(truth, _resolved(path)).as_dict()["pairwise"]
    return scores


def _true_pairs_sql(any_rule: str) -> str:
    return f"""
        WITH pairs AS (
            SELECT a.source AS source_a, a.record_id AS record_a,
                   b.source AS source_b, b.record_id AS record_b
            FROM truth a JOIN truth b ON a.person_id = b.person_id
             AND (a.source < b.source OR (a.source = b.source AND a.record_id < b.record_id))
        )
        SELECT count(*), count(*) FILTER (WHERE {any_rule})
        FROM pairs p
        LEFT JOIN blocking_input l ON l.source = p.source_a AND l.record_id = p.record_a
        LEFT JOIN blocking_input r ON r.source = p.source_b AND r.record_id = p.record_b
    """


def blocking(truth: pd.DataFrame, out_dir: Path) -> dict[str, Any]:
    """Comparisons the rules generate (exact count) and the share of true pairs among them."""
    rules = json.loads((out_dir / common.BLOCKING_RULES).read_text())
    con = duckdb.connect()
    try:
        path = out_dir / common.BLOCKING_INPUT
        con.execute(
            "CREATE TABLE blocking_input AS SELECT * REPLACE (CAST(source AS VARCHAR) AS source, "
            f"CAST(record_id AS VARCHAR) AS record_id) FROM read_parquet('{path}')"
        )
        con.register("truth", truth[["source", "record_id", "person_id"]].astype(str))
        any_rule = " OR ".join(f"coalesce(({rule}), false)" for rule in rules)
        true_pairs, found = con.execute(_true_pairs_sql(any_rule)).fetchall()[0]
        db_api = DuckDBAPI(connection=con)
        counts = count_comparisons_from_blocking_rules(
            db_api.register("blocking_input"),
            blocking_rules=rules,
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            record_sample_proportion=1.0,
        )
    finally:
        con.close()
    return {
        "comparisons": int(counts[-1]["cumulative_comparison_count"]) if counts else 0,
        "blocking_recall": found / true_pairs if true_pairs else 1.0,
        "true_pairs": int(true_pairs),
        "rules": rules,
    }


def load_truth(path: Path) -> pd.DataFrame:
    return read_table(path)


def load_hard_negatives(path: Path | None) -> pd.DataFrame | None:
    return read_table(path) if path is not None and path.exists() else None
