"""Splink on Spark for one job: the records as Spark tables, a saved model rendered in Spark SQL,
the comparison count for the budget, and prediction.

A model file holds DuckDB SQL (models are trained and shipped as DuckDB settings), so for Spark
each comparison is rebuilt by the comparison creator that made it, in the Spark dialect, and the
trained m/u, term-frequency and prior settings are copied across level by level.

Jaro-Winkler on Spark is jellyfish's, which equals DuckDB's: the one in Splink's Spark jar scores
about one typo pair in sixteen lower (0.9325 against 0.9425 for one changed letter in sixteen),
enough to move pairs across the name levels and make other persons than DuckDB does.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from jellyfish import jaro_winkler_similarity
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType
from splink import Linker, SettingsCreator, SparkAPI
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.dialects import DuckDBDialect, SparkDialect, SplinkDialect
from splink.internals.splink_dataframe import SplinkDataFrame

from linkage.model.io import ModelError
from linkage.model.settings import comparisons_for, model_input_sql
from linkage.resolve.engine import MODEL_INPUT, RECORDS, BlockingCount, DuckDBEngine

MODEL_DIALECT = "duckdb"
JARO_WINKLER = "linkage_jaro_winkler"


@F.pandas_udf(DoubleType())
def jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
    """DuckDB's `jaro_winkler_similarity`, null when either side is null."""
    return pd.Series(
        [
            jaro_winkler_similarity(a, b) if isinstance(a, str) and isinstance(b, str) else None
            for a, b in zip(left, right, strict=True)
        ],
        dtype="float64",
    )


class _SparkSql(SparkDialect):
    """Spark SQL whose Jaro-Winkler is `jaro_winkler` above (registered by SparkEngine)."""

    @property
    def jaro_winkler_function_name(self) -> str:
        return JARO_WINKLER


DIALECTS: dict[str, SplinkDialect] = {"spark": _SparkSql(), "duckdb": DuckDBDialect()}


def _creators(extra_fields: dict[str, str]) -> dict[str, ComparisonCreator]:
    return {c.create_output_column_name(): c for c in comparisons_for(extra_fields)}


def _levels_text(levels: list[dict[str, Any]]) -> str:
    return "; ".join(str(level.get("label_for_charts")) for level in levels)


def _comparison_in(
    saved: dict[str, Any], creator: ComparisonCreator, dialect: SplinkDialect
) -> dict[str, Any]:
    name = saved["output_column_name"]
    fresh = creator.get_configured_comparison_levels()
    levels = saved["comparison_levels"]
    labels = [level.create_label_for_charts() for level in fresh]
    if [level.get("label_for_charts") for level in levels] != labels:
        raise ModelError(
            f"the model's comparison {name!r} has the levels [{_levels_text(levels)}], but this "
            f"version of linkage builds [{'; '.join(labels)}]; retrain the model"
        )
    return {
        **saved,
        "comparison_levels": [
            {**level, "sql_condition": creator_level.create_sql(dialect)}
            for level, creator_level in zip(levels, fresh, strict=True)
        ],
    }


def _rule_with_dialect(rule: Any, dialect: str) -> Any:
    """A blocking rule that says which dialect it is written in, so Splink translates it."""
    if isinstance(rule, str):
        return {"blocking_rule": rule, "sql_dialect": dialect}
    if isinstance(rule, dict) and "sql_dialect" not in rule:
        return {**rule, "sql_dialect": dialect}
    return rule


def settings_in_dialect(
    settings: dict[str, Any], dialect: str, extra_fields: dict[str, str]
) -> dict[str, Any]:
    """Trained settings whose comparison SQL is rendered for `dialect` by our comparison
    creators; every trained value is kept. Raises ModelError when a comparison or its levels
    are not the ones this version of linkage builds."""
    creators = _creators(extra_fields)
    comparisons = []
    for saved in settings["comparisons"]:
        name = saved["output_column_name"]
        if name not in creators:
            raise ModelError(
                f"the model's comparison {name!r} is neither built in nor a field declared "
                "under `fields:`, so it cannot be rendered for Spark; declare the field or "
                "retrain the model"
            )
        comparisons.append(_comparison_in(saved, creators[name], DIALECTS[dialect]))
    written_in = settings.get("sql_dialect", MODEL_DIALECT)
    rules = [
        _rule_with_dialect(rule, written_in)
        for rule in settings["blocking_rules_to_generate_predictions"]
    ]
    return {
        **settings,
        "sql_dialect": dialect,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": rules,
    }


class SparkEngine:
    """The job's records and model input as Spark views, and a Splink linker over them."""

    def __init__(self, spark: SparkSession, extra_fields: dict[str, str]):
        self.spark = spark
        self.extra_fields = extra_fields
        self.db_api = SparkAPI(spark_session=spark)
        spark.udf.register(JARO_WINKLER, jaro_winkler)
        self._model_input: SplinkDataFrame | None = None

    def load_records(self, records: DataFrame) -> None:
        """The standardized records (with `uid`) as the `records` view."""
        records.createOrReplaceTempView(RECORDS)

    def model_input(self, extra_fields: list[str]) -> SplinkDataFrame:
        sql = model_input_sql(RECORDS, extra_fields)
        self.spark.sql(sql).createOrReplaceTempView(MODEL_INPUT)
        self._model_input = self.db_api.register(MODEL_INPUT, dataset_display_name="records")
        return self._model_input

    @property
    def model_input_table(self) -> SplinkDataFrame:
        if self._model_input is None:
            raise RuntimeError("model_input() must be called first")
        return self._model_input

    def linker(self, settings: dict[str, Any] | SettingsCreator) -> Linker:
        """A linker for a saved model (DuckDB settings) or for settings built by code."""
        if isinstance(settings, SettingsCreator):
            settings = settings.create_settings_dict(MODEL_DIALECT)
        settings = settings_in_dialect(settings, "spark", self.extra_fields)
        return Linker(self.model_input_table, settings, log_level=logging.WARNING)

    def count_comparisons(self, rules: list, *, sample: float = 1.0) -> list[BlockingCount]:
        """Comparisons each rule adds, counted by Splink exactly as on DuckDB."""
        portable = [_rule_with_dialect(rule, MODEL_DIALECT) for rule in rules]
        return DuckDBEngine.count_comparisons(self, portable, sample=sample)  # type: ignore[arg-type]

    def predict(self, settings: dict[str, Any], threshold: float) -> SplinkDataFrame:
        linker = self.linker(settings)
        return linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
