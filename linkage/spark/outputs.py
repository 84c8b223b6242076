"""The run's tables written by Spark: resolved_records and persons as Parquet (or CSV) folders
partitioned by regency, the review queue and the rejects; the SQL is the DuckDB job's own,
transpiled by sqlglot."""

from __future__ import annotations

from pathlib import Path

import sqlglot
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from linkage.config import JobConfig
from linkage.outputs.tables import (
    KIND_PRIORITY,
    PERSONS_SQL,
    RESOLVED_RECORDS_SQL,
    review_queue_sql,
)
from linkage.resolve.engine import DuckDBEngine
from linkage.spark.cluster import SparkClustering

PARTITION = "regency"  # folder key (regency=1871/); regency_code stays text inside the files
# Records whose regency is unknown: a named folder, since pyarrow cannot read Spark's null
# partition folder together with the others ("Cannot yet unify dictionaries with nulls").
UNKNOWN_REGENCY = "unknown"
PREDICTIONS = "predictions"


def spark_sql(duckdb_sql: str, *, ordered: bool = True) -> str:
    """DuckDB SQL in Spark's dialect; `ordered=False` drops the final ORDER BY (partitioned
    files are ordered inside each regency instead)."""
    tree = sqlglot.parse_one(duckdb_sql, read="duckdb")
    if not ordered:
        tree.set("order", None)
    return tree.sql(dialect="spark")


def register_resolved(
    spark: SparkSession,
    records: DataFrame,
    clustering: SparkClustering,
    config: JobConfig,
    table_dir: str,
) -> None:
    """The `resolved` view (records with their person) and `cut_edges`, as the DuckDB
    job's output SQL expects them."""
    kinds = spark.createDataFrame(
        [(s.name, KIND_PRIORITY[s.kind]) for s in config.sources],
        "source string, kind_priority int",
    )
    resolved = records.join(clustering.assignments, "uid").join(F.broadcast(kinds), "source")
    resolved.write.mode("overwrite").parquet(f"{table_dir}/resolved")
    spark.read.parquet(f"{table_dir}/resolved").createOrReplaceTempView("resolved")
    clustering.cut_edges.select(
        F.least("uid_l", "uid_r").alias("uid_l"),
        F.greatest("uid_l", "uid_r").alias("uid_r"),
        "reason",
    ).createOrReplaceTempView("cut_edges")


def queue_sql(predictions: DataFrame, config: JobConfig) -> str:
    """The DuckDB job's review-queue SQL, which reads the comparison columns from a DuckDB
    table: an empty one with the predictions' columns stands in for them."""
    engine = DuckDBEngine(threads=1)
    try:
        engine.con.register(PREDICTIONS, predictions.limit(0).toArrow())
        return spark_sql(review_queue_sql(engine, PREDICTIONS, config))
    finally:
        engine.close()


def _write(
    frame: DataFrame, out_dir: Path, name: str, formats: list[str], *, by_regency: bool
) -> dict[str, Path]:
    if by_regency:
        frame = (
            frame.withColumn(PARTITION, F.coalesce("regency_code", F.lit(UNKNOWN_REGENCY)))
            .repartition(PARTITION)
            .sortWithinPartitions(PARTITION, "person_id")
        )
    paths = {}
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        writer = frame.write.mode("overwrite")
        if by_regency:
            writer = writer.partitionBy(PARTITION)
        if fmt == "parquet":
            writer.option("compression", "zstd").parquet(str(path))
        else:
            writer.option("header", True).csv(str(path))
        paths[name if fmt == formats[0] else f"{name}_{fmt}"] = path
    return paths


def write_outputs(
    spark: SparkSession,
    config: JobConfig,
    records: DataFrame,
    rejects: DataFrame,
    clustering: SparkClustering,
    predictions: DataFrame,
    table_dir: str,
) -> dict[str, Path]:
    """Write every output table of a run (each a folder of part files); name -> path."""
    out_dir = config.output.dir
    out_dir.mkdir(parents=True, exist_ok=True)
    register_resolved(spark, records, clustering, config, table_dir)
    predictions.createOrReplaceTempView(PREDICTIONS)
    rejects.createOrReplaceTempView("rejects")
    formats = list(config.output.formats)
    tables = (
        ("resolved_records", spark_sql(RESOLVED_RECORDS_SQL, ordered=False), True),
        ("persons", spark_sql(PERSONS_SQL, ordered=False), True),
        ("review_queue", queue_sql(predictions, config), False),
        ("rejects", "SELECT * FROM rejects ORDER BY source, row_number", False),
    )
    files: dict[str, Path] = {}
    for name, sql, by_regency in tables:
        files |= _write(spark.sql(sql), out_dir, name, formats, by_regency=by_regency)
    return files
