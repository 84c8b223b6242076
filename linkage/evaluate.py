"""Accuracy of a resolution against ground truth, from cluster contingency counts (no pair lists).

Pairwise precision/recall/F1 count co-clustered record pairs; B-cubed averages per record.
Records missing from the resolution (rejected) count as singletons.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

KEY = ["source", "record_id"]


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass
class Evaluation:
    records: int
    true_persons: int
    predicted_persons: int
    pairwise: Scores
    bcubed: Scores
    true_pairs: int
    predicted_pairs: int
    per_source_recall: dict[str, float] = field(default_factory=dict)
    hard_negative_merge_rate: dict[str, float] = field(default_factory=dict)
    unresolved_records: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _contingency_pairs(predicted: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    """(true positive pairs, predicted pairs, true pairs) for two labelings of the same rows."""
    if len(predicted) == 0:
        return 0, 0, 0
    frame = pd.DataFrame({"p": predicted, "t": truth})
    joint = frame.groupby(["p", "t"], sort=False).size().to_numpy()
    return (
        _pairs(joint),
        _pairs(frame.groupby("p", sort=False).size().to_numpy()),
        _pairs(frame.groupby("t", sort=False).size().to_numpy()),
    )


def _bcubed(predicted: np.ndarray, truth: np.ndarray) -> Scores:
    frame = pd.DataFrame({"p": predicted, "t": truth})
    joint = frame.groupby(["p", "t"], sort=False).size().rename("n").reset_index()
    p_size = frame.groupby("p").size().rename("a")
    t_size = frame.groupby("t").size().rename("b")
    joint = joint.join(p_size, on="p").join(t_size, on="t")
    n = len(frame)
    precision = float((joint["n"] ** 2 / joint["a"]).sum() / n)
    recall = float((joint["n"] ** 2 / joint["b"]).sum() / n)
    return Scores(precision, recall, _f1(precision, recall))


def align(truth: pd.DataFrame, resolved: pd.DataFrame) -> pd.DataFrame:
    """Truth rows with their predicted person; unresolved rows become their own persons."""
    truth = truth.rename(columns={"person_id": "truth_person"})
    truth = truth[[*KEY, "truth_person"]].astype(str)
    resolved = resolved[[*KEY, "person_id"]].astype({"source": str, "record_id": str})
    merged = truth.merge(resolved, on=KEY, how="left", validate="one_to_one")
    missing = merged["person_id"].isna()
    merged.loc[missing, "person_id"] = "__unresolved__" + merged.loc[missing].index.astype(str)
    return merged


def evaluate_frames(
    truth: pd.DataFrame, resolved: pd.DataFrame, hard_negatives: pd.DataFrame | None = None
) -> Evaluation:
    merged = align(truth, resolved)
    predicted = pd.factorize(merged["person_id"])[0]
    actual = pd.factorize(merged["truth_person"])[0]
    tp, pp, tpairs = _contingency_pairs(predicted, actual)
    precision = tp / pp if pp else 1.0
    recall = tp / tpairs if tpairs else 1.0
    per_source = {}
    for source in sorted(merged["source"].unique()):
        keep = (merged["source"] != source).to_numpy()
        tp_without, _, true_without = _contingency_pairs(predicted[keep], actual[keep])
        involving = tpairs - true_without
        per_source[source] = (tp - tp_without) / involving if involving else 1.0
    hard = {}
    if hard_negatives is not None and len(hard_negatives):
        hard = hard_negative_merge_rates(merged, hard_negatives)
    return Evaluation(
        records=len(merged),
        true_persons=int(actual.max()) + 1 if len(actual) else 0,
        predicted_persons=int(predicted.max()) + 1 if len(predicted) else 0,
        pairwise=Scores(precision, recall, _f1(precision, recall)),
        bcubed=_bcubed(predicted, actual),
        true_pairs=tpairs,
        predicted_pairs=pp,
        per_source_recall=per_source,
        hard_negative_merge_rate=hard,
        unresolved_records=int(merged["person_id"].str.startswith("__unresolved__").sum()),
    )


def hard_negative_merge_rates(merged: pd.DataFrame, hard: pd.DataFrame) -> dict[str, float]:
    """Share of known different-person pairs (twins, namesakes...) put into one person."""
    clusters = merged[["truth_person", "person_id"]].drop_duplicates()
    hard = hard.astype({"person_id_a": str, "person_id_b": str})
    a = hard.merge(clusters, left_on="person_id_a", right_on="truth_person")
    both = a.merge(
        clusters, left_on=["person_id_b", "person_id"], right_on=["truth_person", "person_id"]
    )
    merged_pairs = both[["person_id_a", "person_id_b"]].drop_duplicates()
    merged_pairs = merged_pairs.assign(wrong=True)
    flagged = hard.merge(merged_pairs, on=["person_id_a", "person_id_b"], how="left")
    flagged["wrong"] = flagged["wrong"].fillna(False).astype(bool)
    return {str(k): float(v) for k, v in flagged.groupby("kind")["wrong"].mean().items()}


def read_table(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def evaluate_files(
    truth_path: str | Path, resolved_path: str | Path, hard_negatives_path: str | Path | None
) -> Evaluation:
    truth = read_table(truth_path)
    resolved = read_table(resolved_path)
    hard = None
    if hard_negatives_path is not None and Path(hard_negatives_path).exists():
        hard = read_table(hard_negatives_path)
    return evaluate_frames(truth, resolved, hard)
