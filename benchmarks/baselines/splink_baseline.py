"""Plain Splink 5 on DuckDB: a generic, well-tuned person deduplication over the raw lists.

    python benchmarks/baselines/splink_baseline.py TASK.json   (PYTHONPATH=benchmarks)

No Indonesian knowledge: generic cleaning (common.clean_records), names with Jaro-Winkler levels
and term frequencies, NIK as a plain string with Damerau-Levenshtein levels, birth date, address
fields; u by seeded random sampling, m by EM, clusters at the task's threshold (0.999 by
default: at 0.9 chained clusters cost 0.04 F1 at 1M records). After the timed run it also
clusters at the task's `sweep` thresholds, so that the report can show Splink at its best.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import common
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.splink_dataframe import SplinkDataFrame


@dataclass
class Model:
    """What a Splink user writes for one kind of data: comparisons, blocking, training plan."""

    comparisons: list
    rules: list
    training: dict[str, Any]

    def settings(self) -> SettingsCreator:
        return SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=self.comparisons,
            blocking_rules_to_generate_predictions=self.rules,
            retain_matching_columns=False,
            retain_intermediate_calculation_columns=False,
        )


# Either side without any birth information: the comparison says nothing.
_NO_BIRTH = "(dob_l IS NULL AND birth_year_l IS NULL) OR (dob_r IS NULL AND birth_year_r IS NULL)"
_PLACE_COLUMNS = ("household", "locality", "district", "region", "street")
_NO_PLACE = " OR ".join(
    "(" + " AND ".join(f"{c}_{side} IS NULL" for c in _PLACE_COLUMNS) + ")" for side in "lr"
)
_SHARED_WORD = "len(list_intersect(string_split({c}_l, ' '), string_split({c}_r, ' '))) >= 1"


def name_comparison(column: str = "name") -> cl.CustomComparison:
    """null / exact (term-frequency adjusted) / JW >= 0.92 / JW >= 0.85 / a shared word /
    JW >= 0.7 / else."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=True),
            cll.JaroWinklerLevel(column, 0.92),
            cll.JaroWinklerLevel(column, 0.85),
            cll.CustomLevel(_SHARED_WORD.format(c=column), "Shared word"),
            cll.JaroWinklerLevel(column, 0.7),
            cll.ElseLevel(),
        ],
    )


def birth_comparison() -> cl.CustomComparison:
    """null / exact date (term-frequency adjusted: placeholder dates are common) / one typo in
    the date / within a month / same year (also year-only and age-derived years) / one year
    apart / else."""
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.CustomLevel(_NO_BIRTH, "No birth date or year").configure(is_null_level=True),
            cll.ExactMatchLevel("dob", term_frequency_adjustments=True),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="month"
            ),
            cll.ExactMatchLevel("birth_year"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) <= 1", "Year +/- 1"),
            cll.ElseLevel(),
        ],
    )


def _agrees_or_unknown(column: str) -> str:
    return f"({column}_l = {column}_r OR {column}_l IS NULL OR {column}_r IS NULL)"


def _unknown(column: str) -> str:
    return f"({column}_l IS NULL OR {column}_r IS NULL)"


# A village named inside the other record's free-text address (lists without address columns).
_VILLAGE_IN_ADDRESS = (
    "(contains(street_l, locality_r) AND length(locality_r) >= 4) "
    "OR (contains(street_r, locality_l) AND length(locality_l) >= 4)"
)


def place_comparison() -> cl.CustomComparison:
    """Where the person lives, as one comparison because household card, village, district and
    regency agree together (separate comparisons would count one fact several times). A part
    missing on one side is unknown, not a disagreement:
    null / same household card / same village, no card to compare / same village /
    similar village / village named in the other's address / same district /
    similar street address / same regency / else."""
    same_village = f"locality_l = locality_r AND {_agrees_or_unknown('district')}"
    return cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.CustomLevel(_NO_PLACE, "No place").configure(is_null_level=True),
            cll.ExactMatchLevel("household"),
            cll.CustomLevel(f"{same_village} AND {_unknown('household')}", "Same village, no card"),
            cll.CustomLevel(same_village, "Same village"),
            cll.And(
                cll.JaroWinklerLevel("locality", 0.9),
                cll.CustomLevel(_agrees_or_unknown("district")),
            ),
            cll.CustomLevel(_VILLAGE_IN_ADDRESS, "Village in the other's address"),
            cll.ExactMatchLevel("district"),
            cll.JaroWinklerLevel("street", 0.9),
            cll.ExactMatchLevel("region"),
            cll.ElseLevel(),
        ],
    )


def person_model() -> Model:
    """Indonesian aid lists read generically: one full-name field, NIK, KK, address parts."""
    rules = [
        block_on("id_number"),
        block_on("first_name", "dob"),
        block_on("last_name", "dob"),
        block_on("name", "birth_year"),
        block_on("first_name", "locality"),
        block_on("last_name", "locality"),
        block_on("household", "first_name"),
        block_on("phone"),
    ]
    comparisons = [
        name_comparison(),
        birth_comparison(),
        cl.DamerauLevenshteinAtThresholds("id_number", [1, 2]),
        cl.ExactMatch("sex"),
        place_comparison(),
        cl.ExactMatch("phone"),
    ]
    training = {
        "deterministic": [block_on("id_number"), block_on("name", "dob")],
        "recall": 0.8,
        "em": [block_on("id_number"), block_on("name", "birth_year"), block_on("locality", "dob")],
    }
    return Model(comparisons, rules, training)


def febrl_model() -> Model:
    """FEBRL as in Splink's own FEBRL examples, plus the address and suburb fields."""
    rules = [
        block_on("first_name", "last_name"),
        'l."first_name" = r."last_name" AND l."last_name" = r."first_name"',
        block_on("dob"),
        block_on("id_number"),
        block_on("locality", "street"),
        block_on("street_number", "street"),
        block_on("postcode"),
    ]
    comparisons = [
        cl.NameComparison("first_name"),
        cl.NameComparison("last_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.DamerauLevenshteinAtThresholds("id_number", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("locality", [0.9]).configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]).configure(
            term_frequency_adjustments=True
        ),
        cl.ExactMatch("region").configure(term_frequency_adjustments=True),
    ]
    training = {
        "deterministic": [
            block_on("id_number"),
            block_on("first_name", "last_name", "dob"),
        ],
        "recall": 0.9,
        "em": [block_on("dob"), block_on("postcode"), block_on("first_name", "last_name")],
    }
    return Model(comparisons, rules, training)


PROFILES = {"person": person_model, "febrl": febrl_model}


def rule_sql(rule: Any) -> str:
    return rule if isinstance(rule, str) else rule.get_blocking_rule("duckdb").blocking_rule_sql


def train(linker: Linker, training: dict[str, Any], seed: int) -> None:
    linker.training.estimate_probability_two_random_records_match(
        training["deterministic"], recall=training["recall"]
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    for rule in training["em"]:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


def cluster(linker: Linker, predictions: SplinkDataFrame, threshold: float) -> SplinkDataFrame:
    return linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )


def write_clusters(db_api: DuckDBAPI, clusters: SplinkDataFrame, path: Path) -> None:
    db_api.duckdb_con.execute(
        f"COPY (SELECT source, record_id, CAST(cluster_id AS VARCHAR) AS person_id "
        f"FROM {clusters.physical_name}) TO '{path}' (FORMAT parquet)"
    )


def main() -> None:
    task = common.load_task()
    out_dir = Path(task["out_dir"])
    clock = common.StageClock(out_dir)
    threshold = task["link_threshold"]
    with clock.stage("standardize", "Read and clean"):
        records = common.read_sources(task["sources"])
        cleaned = common.clean_records(records, id_length=task.get("id_length"))
        db_api = DuckDBAPI()
        table = db_api.register(cleaned, dataset_display_name="records")
    model = PROFILES[task["profile"]]()
    linker = Linker(table, model.settings(), log_level=logging.WARNING)
    with clock.stage("train"):
        train(linker, model.training, task["seed"])
    sweep = task.get("sweep", [])
    with clock.stage("predict", "Block and predict"):
        predictions = linker.inference.predict(threshold_match_probability=min([threshold, *sweep]))
    with clock.stage("cluster"):
        clusters = cluster(linker, predictions, threshold)
    with clock.stage("write"):
        write_clusters(db_api, clusters, out_dir / common.RESOLVED)
    con = db_api.duckdb_con
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    clock.done(scored_pairs=int(pairs))
    for other in sweep:
        write_clusters(db_api, cluster(linker, predictions, other), common.swept(out_dir, other))
    common.write_blocking(out_dir, cleaned, [rule_sql(r) for r in model.rules])


if __name__ == "__main__":
    main()
