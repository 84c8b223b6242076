"""A saved (DuckDB) model on Spark: rebuilt in Spark SQL with every trained value kept."""

from __future__ import annotations

import copy

import pytest

pytest.importorskip("pyspark")

from linkage.config import DEFAULT_MODEL
from linkage.model.io import ModelError, load_model
from linkage.model.settings import comparisons_for, settings_for
from linkage.spark.engine import JARO_WINKLER, settings_in_dialect

TRAINED_KEYS = ("m_probability", "u_probability", "tf_adjustment_column", "label_for_charts")


@pytest.fixture(scope="module")
def shipped() -> dict:
    return load_model(DEFAULT_MODEL).settings


def _levels(settings: dict) -> list[dict]:
    return [lvl for c in settings["comparisons"] for lvl in c["comparison_levels"]]


def test_shipped_model_renders_in_spark_sql_with_trained_values_kept(shipped):
    spark = settings_in_dialect(shipped, "spark", {})
    for saved, rendered in zip(_levels(shipped), _levels(spark), strict=True):
        for key in TRAINED_KEYS:
            assert rendered.get(key) == saved.get(key), key
    sql = " ".join(lvl["sql_condition"] for lvl in _levels(spark))
    assert f"{JARO_WINKLER}(" in sql and "array_intersect(" in sql and "size(" in sql
    for duckdb_only in ("list_intersect", "jaro_winkler_similarity", "len("):
        assert duckdb_only not in sql
    assert (
        spark["probability_two_random_records_match"]
        == (shipped["probability_two_random_records_match"])
    )


def test_spark_settings_render_back_to_the_saved_model(shipped):
    spark = settings_in_dialect(shipped, "spark", {})
    assert settings_in_dialect(spark, "duckdb", {}) == shipped


def test_a_model_with_other_levels_is_refused_with_a_retrain_hint(shipped):
    changed = copy.deepcopy(shipped)
    changed["comparisons"][1]["comparison_levels"][2]["label_for_charts"] = "Something else"
    with pytest.raises(ModelError, match=r"comparison 'name' has the levels .* retrain"):
        settings_in_dialect(changed, "spark", {})


def test_a_comparison_on_an_undeclared_field_is_refused(shipped):
    changed = copy.deepcopy(shipped)
    changed["comparisons"][0]["output_column_name"] = "passport"
    with pytest.raises(ModelError, match="fields:"):
        settings_in_dialect(changed, "spark", {})


def test_extra_fields_and_plain_sql_blocking_rules_render_for_spark():
    fields = {"passport": "id", "member_name": "name"}
    built = settings_for(comparisons_for(fields, ["name"]), ["l.passport = r.passport"])
    settings = built.create_settings_dict("duckdb")
    spark = settings_in_dialect(settings, "spark", fields)
    names = [c["output_column_name"] for c in spark["comparisons"]]
    assert names == ["name", "passport", "member_name"]
    rule = spark["blocking_rules_to_generate_predictions"][0]
    assert rule["sql_dialect"] == "duckdb"  # Splink translates it from DuckDB SQL


@pytest.mark.slow
def test_spark_jaro_winkler_equals_duckdb(spark):
    import duckdb

    from linkage.spark.engine import SparkEngine

    SparkEngine(spark, {})
    pairs = [("lesbet panyaitan", "lisbet panyaitan"), ("martha", "marhta"), ("siti", "sity")]
    frame = spark.createDataFrame(pairs, "a string, b string")
    got = frame.selectExpr("a", "b", f"{JARO_WINKLER}(a, b) AS jw").collect()
    for row in got:
        sql = f"SELECT jaro_winkler_similarity('{row.a}', '{row.b}')"
        assert row.jw == pytest.approx(duckdb.sql(sql).fetchall()[0][0], abs=1e-12)
    null = spark.sql(f"SELECT {JARO_WINKLER}(CAST(NULL AS STRING), 'siti') AS jw").first()
    assert null.jw is None  # SQL null, not NaN (Spark orders NaN above every number)
