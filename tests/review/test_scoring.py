"""Scoring chosen pairs reproduces the run: same probabilities and per-comparison weights."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from linkage.review.scoring import PAIR_COLUMNS, level_of, run_settings, score_pairs
from linkage.store import IdentityStore


@pytest.fixture(scope="module")
def scored(reviewed_run):
    with IdentityStore(reviewed_run.store) as store:
        queue = store.con.execute("SELECT * FROM run_review_queue").df()
        settings = run_settings(store.con)
        missing = pd.DataFrame([["dtks", "no-such-record", "csr", "1"]], columns=PAIR_COLUMNS)
        result = score_pairs(store.con, pd.concat([queue[PAIR_COLUMNS], missing]))
    return queue, result, settings


def test_scores_equal_the_runs_review_queue(scored):
    queue, result, settings = scored
    assert len(result) == len(queue)  # the pair naming an unknown record is left out
    assert result["match_probability"].to_numpy() == pytest.approx(
        queue["match_probability"].to_numpy(), abs=1e-5
    )
    for comparison in settings["comparisons"]:
        column = f"mw_{comparison['output_column_name']}"
        assert result[column].to_numpy() == pytest.approx(queue[column].to_numpy(), abs=2e-3)


def test_levels_name_the_settings_level_with_that_weight(scored):
    _, result, settings = scored
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        for gamma, weight in zip(result[f"gamma_{name}"], result[f"mw_{name}"], strict=True):
            level = level_of(comparison, int(gamma))
            if level is None:
                assert gamma == -1 and weight == 0
            elif not level.get("tf_adjustment_column"):
                expected = math.log2(level["m_probability"] / level["u_probability"])
                assert weight == pytest.approx(expected, abs=1e-6)
