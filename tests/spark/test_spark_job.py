"""The demo-sized job on Spark (local[2]) and on DuckDB: the same persons, IDs and outputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from linkage.config import config_from_dict
from linkage.job import run_job
from linkage.sources import read_raw
from linkage.synth import synthesize

pytestmark = pytest.mark.slow

KEY = ["source", "record_id"]


def _config(data: Path, out: Path, spark: dict, **extra):
    raw = {
        "name": "spark-test",
        "sources": str(data / "sources.yaml"),
        "standardize": {"region_within": "18"},
        "output": {"dir": str(out), "report": False},
        "spark": spark,
        **extra,
    }
    return config_from_dict(raw, base=data)


@pytest.fixture(scope="module")
def runs(spark, spark_config, tmp_path_factory):
    """(config, DuckDB result, Spark result) for 600 synthetic persons."""
    from linkage.spark import run_job_spark

    data = tmp_path_factory.mktemp("demo")
    synthesize(600, 7, data)
    duckdb_result = run_job(_config(data, tmp_path_factory.mktemp("duckdb"), spark_config))
    config = _config(data, tmp_path_factory.mktemp("spark"), spark_config, backend="spark")
    return config, duckdb_result, run_job_spark(config)


def _read(result, name: str) -> pd.DataFrame:
    return pd.read_parquet(result.files[name])


def _persons(resolved: pd.DataFrame) -> set[frozenset[tuple[str, str]]]:
    members = zip(resolved["source"], resolved["record_id"], strict=True)
    groups: dict[str, set[tuple[str, str]]] = {}
    for person, member in zip(resolved["person_id"], members, strict=True):
        groups.setdefault(person, set()).add(member)
    return {frozenset(g) for g in groups.values()}


def test_spark_and_duckdb_make_the_same_persons(runs):
    _, on_duckdb, on_spark = runs
    persons = _persons(_read(on_duckdb, "resolved_records"))
    assert _persons(_read(on_spark, "resolved_records")) == persons
    assert any(len(p) > 2 for p in persons)  # the data links records, so the check is real


def test_spark_numbers_persons_and_scores_confidence_as_duckdb(runs):
    _, on_duckdb, on_spark = runs
    duck = _read(on_duckdb, "resolved_records")
    both = duck.merge(_read(on_spark, "resolved_records"), on=KEY, suffixes=("", "_spark"))
    assert len(both) == len(duck)
    assert (both["person_id"] == both["person_id_spark"]).all()
    for column in ("match_confidence", "person_confidence"):
        assert (both[column] - both[f"{column}_spark"]).abs().max() < 1e-6, column


def test_every_input_row_is_resolved_or_rejected_exactly_once_on_spark(runs):
    config, _, on_spark = runs
    resolved, rejects = _read(on_spark, "resolved_records"), _read(on_spark, "rejects")
    for source in config.sources:
        rows = len(read_raw(source.spec()))
        got = (resolved["source"] == source.name).sum() + (rejects["source"] == source.name).sum()
        assert got == rows, source.name
    keys = pd.concat([resolved[KEY], rejects[KEY]])
    assert not keys.duplicated().any()


def test_persons_table_matches_duckdb(runs):
    _, on_duckdb, on_spark = runs
    columns = ["person_id", "nik", "name", "birth_date", "sex", "village_code", "sources"]
    columns += ["record_count", "conflict", "total_amount"]
    duck = _read(on_duckdb, "persons")[columns].sort_values("person_id", ignore_index=True)
    spark = _read(on_spark, "persons")[columns].sort_values("person_id", ignore_index=True)
    pd.testing.assert_frame_equal(spark, duck, check_dtype=False)


def test_review_queue_matches_duckdb(runs):
    _, on_duckdb, on_spark = runs
    columns = ["source_l", "record_id_l", "source_r", "record_id_r", "reason"]
    duck = _read(on_duckdb, "review_queue")[columns]
    spark = _read(on_spark, "review_queue")[columns]
    assert set(spark.itertuples(index=False)) == set(duck.itertuples(index=False))
    assert len(duck)  # conflicts were split, so the queue is not trivially empty


def test_run_counts_match_duckdb(runs):
    _, on_duckdb, on_spark = runs
    same = ["sources", "records", "rejects", "scored_pairs", "linked_pairs", "review_pairs"]
    same += ["persons", "persons_multi_record", "largest_person", "conflict_persons"]
    same += ["cut_edges", "expected_comparisons"]
    for key in same:
        assert on_spark.counts[key] == on_duckdb.counts[key], key


def test_resolved_records_and_persons_are_partitioned_by_regency(runs):
    _, _, on_spark = runs
    for name in ("resolved_records", "persons"):
        folder = on_spark.files[name]
        regencies = {p.name.split("=", 1)[1] for p in folder.glob("regency=*")}
        assert {"1801", "1871"} <= regencies, name
        one = pd.read_parquet(next((folder / "regency=1871").glob("*.parquet")))
        assert set(one["regency_code"]) == {"1871"}  # the code stays text inside the files
