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
        rules.append(block_on("name_first_key", "dob"))
    if "region" in comparison_names and "birth_date" in comparison_names:
        rules.append(block_on("village_code", "dob"))
    if "name" in comparison_names and "region" in comparison_names:
        rules.append(block_on("name_key", "district_code"))
    return rules


def default_deterministic_rules(comparison_names: list[str]) -> list:
    if "nik" in comparison_names:
        return [block_on("nik")]
    return [block_on("name", "dob")]


M_FLOOR = 1e-3  # no level is impossible for a true match: typos happen in every field
U_FLOOR = 1e-7


def _smoothed(values: list[float | None], floor: float) -> list[float]:
    """Fill levels EM never saw from the level above, floor, and renormalize to 1."""
    filled: list[float] = []
    for value in values:
        if value is None:
            value = filled[-1] if filled else floor
        filled.append(max(float(value), floor))
    total = sum(filled)
    return [v / total for v in filled]


# Domain knowledge EM cannot learn under conditional independence. Household members share
# KK, address and often NIK prefixes, so two patterns look like evidence on their own yet
# mark two people: full NIKs with the same region and birth date but another serial are
# twins (DOMAIN.md test cases 7-8); an exact NIK on rows whose sex, names and birth years
# disagree is a spouse's or child's NIK typed on the row (case 17). Neither may count *for*
# a match.
WEIGHT_CAPS = {
    ("nik", "Same region and birth date, other serial"): 0.0,
    ("nik", "Exact NIK, but the records say otherwise"): 0.0,
}


def regularize(settings: dict[str, Any]) -> dict[str, Any]:
    """Keep a trained model sane where EM saw no data: an unseen disagreement level gets a
    small m instead of 0 (which would veto every match with, say, a changed phone number);
    then apply the weight caps above."""
    for comparison in settings["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            for level, value in zip(
                levels, _smoothed([lvl.get(key) for lvl in levels], floor), strict=True
            ):
                level[key] = value
        for level in levels:
            cap = WEIGHT_CAPS.get((comparison["output_column_name"], level["label_for_charts"]))
            if cap is not None and level["m_probability"] > level["u_probability"] * 2**cap:
                level["m_probability"] = level["u_probability"] * 2**cap
        total = sum(level["m_probability"] for level in levels)
        for level in levels:
            # Rounded: parallel float sums in the SQL engine differ in the last bits.
            level["m_probability"] = float(f"{level['m_probability'] / total:.12g}")
            level["u_probability"] = float(f"{level['u_probability']:.12g}")
    return settings


def _rules(configured: list[list[str]] | None, fallback: list) -> list:
    return [block_on(*cols) for cols in configured] if configured else fallback


def _rule_sql(rule: Any) -> str:
    return rule if isinstance(rule, str) else rule.get_blocking_rule("duckdb").blocking_rule_sql


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
    skipped: list[str] = []
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
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=False
                )
            except ValueError as err:
                # Splink 5 refuses an m of exactly 0, which EM reaches on small data when a
                # level has no matches in the blocked pairs; the other sessions still train
                # those comparisons, and regularize() floors what is left.
                skipped.append(f"{_rule_sql(rule)}: {err}".split(". ")[0])
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
        "em_blocking_rules": [_rule_sql(r) for r in em],
        "em_sessions_skipped": skipped,
        "u_max_pairs": training.u_max_pairs,
    }
