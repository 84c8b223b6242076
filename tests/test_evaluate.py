"""Accuracy metrics from contingency counts, checked against hand-counted pairs."""

from __future__ import annotations

import pandas as pd
import pytest

from linkage.evaluate import evaluate_frames


def _truth(assignments):
    return pd.DataFrame(
        [("s", str(i), p) for i, p in enumerate(assignments)],
        columns=["source", "record_id", "person_id"],
    )


def test_pairwise_scores_match_hand_count():
    # Truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}.
    # True pairs 3 + 1 = 4; predicted 1 + 3 = 4; shared: (0,1) and (3,4) = 2.
    truth = _truth(["a", "a", "a", "b", "b"])
    resolved = _truth(["x", "x", "y", "y", "y"])
    result = evaluate_frames(truth, resolved)
    assert result.pairwise.precision == pytest.approx(0.5)
    assert result.pairwise.recall == pytest.approx(0.5)
    assert result.true_pairs == 4 and result.predicted_pairs == 4


def test_bcubed_matches_hand_count():
    truth = _truth(["a", "a", "b"])
    resolved = _truth(["x", "x", "x"])
    result = evaluate_frames(truth, resolved)
    # Precision per record: 2/3, 2/3, 1/3 -> 5/9; recall: 1, 1, 1.
    assert result.bcubed.precision == pytest.approx(5 / 9)
    assert result.bcubed.recall == pytest.approx(1.0)


def test_unresolved_records_count_as_singletons():
    truth = _truth(["a", "a"])
    resolved = _truth(["x"]).iloc[:1]
    result = evaluate_frames(truth, resolved)
    assert result.unresolved_records == 1
    assert result.pairwise.recall == 0.0


def test_per_source_recall_and_hard_negatives():
    truth = pd.DataFrame(
        [("s1", "1", "a"), ("s2", "1", "a"), ("s1", "2", "b"), ("s2", "2", "c")],
        columns=["source", "record_id", "person_id"],
    )
    resolved = pd.DataFrame(
        [("s1", "1", "x"), ("s2", "1", "y"), ("s1", "2", "z"), ("s2", "2", "z")],
        columns=["source", "record_id", "person_id"],
    )
    hard = pd.DataFrame(
        [("b", "c", "twin"), ("a", "b", "spouse")], columns=["person_id_a", "person_id_b", "kind"]
    )
    result = evaluate_frames(truth, resolved, hard)
    assert result.per_source_recall == {"s1": 0.0, "s2": 0.0}
    assert result.hard_negative_merge_rate == {"spouse": 0.0, "twin": 1.0}
