"""The linkage job on Spark (`backend: spark`): the same config, model and persons as
`linkage.job.run_job` on DuckDB, with every table a Spark table and no record on the driver."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from linkage.config import ConfigError, JobConfig
from linkage.job import (
    KEEP_THRESHOLD,
    JobResult,
    _with_blocking,
    check_budget,
    finish_run,
    train_model,
)
from linkage.model.io import Model, load_model, save_model
from linkage.progress import Reporter
from linkage.spark.cluster import SparkClustering, cluster_on_spark, pairs_of
from linkage.spark.engine import SparkEngine, settings_in_dialect
from linkage.spark.outputs import write_outputs
from linkage.spark.session import checkpoint_dir, spark_session
from linkage.spark.standardize import SparkStandardized, read_and_standardize


def _check_supported(config: JobConfig, incremental: bool) -> None:
    if incremental:
        raise ConfigError(
            "--incremental needs the identity store, which runs with backend: duckdb only"
        )
    if config.store is not None:
        raise ConfigError(
            "store: the identity store runs with backend: duckdb only; run without `store:` "
            "on Spark, or use backend: duckdb to keep person IDs stable across runs"
        )


def _model(config: JobConfig, engine: SparkEngine, n: int, reporter: Reporter) -> Model:
    """The job's model as DuckDB settings (the form model files are saved and shipped in)."""
    if not config.model.train:
        with reporter.stage("Load model") as stage:
            model = load_model(config.model_path)
            stage.detail = config.model_path.name
        return model
    with reporter.stage("Train model") as stage:
        model = train_model(config, engine, n)  # type: ignore[arg-type]
        model.settings = settings_in_dialect(model.settings, "duckdb", config.extra_fields)
        stage.detail = f"{len(model.comparison_names)} comparisons"
    return model


def _counts(
    data: SparkStandardized,
    n_records: int,
    pairs: DataFrame,
    clustering: SparkClustering,
    config: JobConfig,
) -> dict[str, Any]:
    """The counts run.json holds, with the keys of the DuckDB job's."""
    link, review = config.thresholds.link, config.thresholds.review
    p = F.col("match_probability")
    pair_counts = pairs.agg(
        F.count("*").alias("scored"),
        F.count(F.when(p >= link, 1)).alias("linked"),
        F.count(F.when((p >= review) & (p < link), 1)).alias("review"),
    ).first()
    sizes = clustering.assignments.groupBy("label").agg(
        F.count("*").alias("size"), F.max(F.col("conflict").cast("int")).alias("conflict")
    )
    person_counts = sizes.agg(
        F.count("*").alias("persons"),
        F.count(F.when(F.col("size") > 1, 1)).alias("multi"),
        F.coalesce(F.max("size"), F.lit(0)).alias("largest"),
        F.coalesce(F.sum("conflict"), F.lit(0)).alias("conflict"),
    ).first()
    return {
        "sources": data.per_source,
        "records": n_records,
        "rejects": sum(c["rejects"] for c in data.per_source.values()),
        "scored_pairs": pair_counts["scored"],
        "linked_pairs": pair_counts["linked"],
        "review_pairs": pair_counts["review"],
        "persons": person_counts["persons"],
        "persons_multi_record": person_counts["multi"],
        "largest_person": person_counts["largest"],
        "conflict_persons": person_counts["conflict"],
        "cut_edges": clustering.cut_edges.count(),
    }


def _delete(spark: SparkSession, path: str) -> None:
    """Remove the run's intermediate tables wherever they live (local disk, HDFS, S3)."""
    jvm = spark.sparkContext._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(target, True)


def run_job_spark(
    config: JobConfig, reporter: Reporter | None = None, *, incremental: bool = False
) -> JobResult:
    """Run a whole job on Spark and write its outputs; raises on bad input with a clear
    message. An active Spark session (a notebook's) is used as it is and left running."""
    _check_supported(config, incremental)
    reporter = reporter or Reporter.quiet()
    work = Path(tempfile.mkdtemp(prefix="linkage-spark-"))
    owned = SparkSession.getActiveSession() is None
    with reporter.stage("Start Spark") as stage:
        spark = spark_session(config.spark, work)
        stage.detail = f"{spark.sparkContext.master}, Spark {spark.version}"
    table_dir = f"{checkpoint_dir(config.spark, work)}/linkage-{uuid.uuid4().hex[:12]}"
    try:
        files, counts, model, model_copy = _run(spark, config, reporter, table_dir)
        _delete(spark, table_dir)
    finally:
        if owned:
            spark.stop()
        shutil.rmtree(work, ignore_errors=True)
    return finish_run(config, reporter, model, model_copy, files, counts)


def _run(
    spark: SparkSession, config: JobConfig, reporter: Reporter, table_dir: str
) -> tuple[dict[str, Path], dict[str, Any], Model, Path]:
    data = read_and_standardize(spark, config, reporter, table_dir)
    engine = SparkEngine(spark, config.extra_fields)
    with reporter.stage("Load records into Spark") as stage:
        engine.load_records(data.records)
        engine.model_input(list(config.extra_fields))
        n = data.records.count()
        stage.detail = f"{n:,} records"
    model = _model(config, engine, n, reporter)
    settings = _with_blocking(model.settings, config)
    rules = settings["blocking_rules_to_generate_predictions"]
    with reporter.stage("Count comparisons") as stage:
        expected = check_budget(engine, rules, config.blocking.max_comparisons, n)  # type: ignore[arg-type]
        stage.detail = f"about {expected:,} comparisons from {len(rules)} blocking rules"
    with reporter.stage("Predict") as stage:
        predictions = engine.predict(settings, KEEP_THRESHOLD)
        scored = predictions.as_spark_dataframe()
        stage.detail = f"{scored.count():,} scored pairs kept"
    with reporter.stage("Cluster into persons") as stage:
        clustering = cluster_on_spark(engine, data.records, predictions, config)
        stage.detail = "connected components on Spark, conflicts split per component"
    with reporter.stage("Write outputs") as stage:
        files = write_outputs(
            spark, config, data.records, data.rejects, clustering, scored, table_dir
        )
        model_copy = config.output.dir / "model.json"
        save_model(model, model_copy)
        files["model"] = model_copy
        stage.detail = str(config.output.dir.resolve())
    counts = _counts(data, n, pairs_of(predictions), clustering, config)
    counts["expected_comparisons"] = expected
    return files, counts, model, model_copy
