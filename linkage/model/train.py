"""Estimate a model: u by seeded random sampling, m by EM over several blocking rules, prior from
deterministic rules (DESIGN.md 3)."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from splink import Linker, block_on

from linkage.config import TrainingConfig

log = logging.getLogger(__name__)


def default_em_rules(comparison_names: list[str]) -> list:
    """EM sessions whose blocks hold many matches yet leave each comparison trainable once."""
    rules = []
    if "nik" in comparison_names:
        rules.append(block_on("nik_pattern"))
    if "name" in comparison_names and "birth_date" in comparison_names:
        rules.append(block_on("name_first_key", "dob_year"))
    if "region" in comparison_names and "birth_date" in comparison_names:
        rules.append(block_on("village_code", "dob"))
    if "name" in comparison_names and "region" in comparison_names:
        rules.append(block_on("name_key", "regency_code"))
    return rules


def default_deterministic_rules(comparison_names: list[str]) -> list:
    if "nik" in comparison_names:
        return [block_on("nik")]
    return [block_on("name", "dob")]


def _rules(configured: list[list[str]] | None, fallback: list) -> list:
    return [block_on(*cols) for cols in configured] if configured else fallback


def train_linker(
    linker: Linker,
    *,
    seed: int,
    training: TrainingConfig,
    comparison_names: list[str],
    em_rules: list[list[str]] | None = None,
    deterministic_rules: list[list[str]] | None = None,
) -> dict[str, Any]:
    """Train in place; returns a summary of what was estimated, for the model metadata."""
    deterministic = _rules(deterministic_rules, default_deterministic_rules(comparison_names))
    em = _rules(em_rules or training.em_blocking, default_em_rules(comparison_names))
    splink_log = logging.getLogger("splink")
    previous = splink_log.level
    splink_log.setLevel(logging.ERROR)  # "level not observed" notes go to the metadata instead
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=training.deterministic_recall
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=training.u_max_pairs, seed=seed, num_chunks=1
        )
        for rule in em:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=False
            )
    splink_log.setLevel(previous)
    settings = linker._settings_obj
    untrained = [
        f"{c.output_column_name}: {level.label_for_charts}"
        for c in settings.comparisons
        for level in c.comparison_levels
        if not level.is_null_level and not level._has_estimated_m_values
    ]
    return {
        "levels_without_m_estimate": untrained,
        "probability_two_random_records_match": settings._probability_two_random_records_match,
        "em_blocking_rules": [str(r.get_blocking_rule("duckdb").blocking_rule_sql) for r in em],
        "u_max_pairs": training.u_max_pairs,
    }
