"""Read and standardize every source on Spark with the very functions the DuckDB job uses.

CSV and Parquet sources are read by Spark and standardized in Arrow batches (`mapInArrow`):
each partition goes through `linkage.sources.to_canonical` and `linkage.standardize.standardize`
as one table. Rows are first spread by record ID, so that all rows sharing an ID meet in one
partition and the duplicate check sees them together. Spreadsheets and DuckDB tables live on
one machine anyway: the driver reads and standardizes them as the DuckDB job does.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from linkage.config import JobConfig, SourceConfig
from linkage.sources import (
    SourceSpec,
    _detect_encoding,
    _sniff_delimiter,
    _tidy,
    read_source,
    to_canonical,
)
from linkage.spark.frames import col, with_position
from linkage.standardize.batch import CANONICAL_SCHEMA, standardize, to_arrow

ROW = "__row_number"  # the file's own row number, carried through the shuffle
REASON = "reject_reason"
SOURCE_INDEX = "source_index"
ROWS_PER_PARTITION = 200_000  # at most, one pandas table per partition in a Python worker
MIN_ROWS_PER_PARTITION = 20_000  # below this, another task costs more than it saves
BROADCAST_UIDS = 2_000_000  # up to here the uid table (24 bytes a row) goes to every task
DISTRIBUTED_FORMATS = ("csv", "parquet")


@dataclass
class SparkStandardized:
    """Standardized records (with `uid`, as the DuckDB job numbers them), rejects, counts."""

    records: DataFrame
    rejects: DataFrame
    per_source: dict[str, dict[str, int]]


def output_schema(extra_fields: list[str]) -> pa.Schema:
    """Canonical columns, the config's extra fields (text) and the reject reason."""
    extras = [pa.field(name, pa.string()) for name in [*extra_fields, REASON]]
    return pa.schema([*CANONICAL_SCHEMA, *extras])


def standardize_frame(
    canonical: pd.DataFrame, source: SourceConfig, config: JobConfig, schema: pa.Schema
) -> pa.Table:
    """Kept and rejected rows of canonical input as one Arrow table (`reject_reason` set on
    rejects), standardized exactly as `linkage.job.read_and_standardize` does."""
    extra = config.extra_fields
    result = standardize(
        canonical,
        reference=source.reference_date,
        within=config.standardize.region_within,
        extra_fields={f: k for f, k in extra.items() if f in source.columns},
    )
    rejects = result.rejects.rename(columns={"reason": REASON})
    both = pd.concat([result.records, rejects], ignore_index=True)
    for name in schema.names:
        if name not in both.columns:
            both[name] = None
    return to_arrow(both[schema.names])


def _partition_standardizer(
    source: SourceConfig, config: JobConfig, schema: pa.Schema, names: list[str]
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each partition runs; its columns arrive renamed (see `_plain_names`)."""
    spec = source.spec()

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        collected = list(batches)
        if not collected:
            return
        raw = _tidy(pa.Table.from_batches(collected).rename_columns(names).to_pandas())
        canonical = to_canonical(raw, spec)
        # to_canonical numbers the rows it is given; the file's numbers came from Spark.
        canonical["row_number"] = raw[ROW].astype("int64").to_numpy()
        if "record_id" not in source.columns:
            canonical["record_id"] = canonical["row_number"].astype(str).astype(object)
        yield from standardize_frame(canonical, source, config, schema).to_batches()

    return run


def _java_encoding(spec: SourceSpec) -> str:
    encoding = _detect_encoding(spec.path) if spec.encoding == "auto" else spec.encoding
    return codecs.lookup(encoding).name  # Python's canonical name, which Java also knows


def read_raw(spark: SparkSession, spec: SourceSpec) -> DataFrame:
    """A CSV or Parquet source as Spark reads it: CSV cells as text (empty = null), Parquet
    integers as exact text, floats as numbers (a spreadsheet-damaged NIK stays detectable)."""
    path = str(spec.path)
    if spec.resolved_format == "parquet":
        frame = spark.read.parquet(path)
        integral = ("tinyint", "smallint", "int", "bigint")
        columns = [
            col(name).cast("string").alias(name) if kind in integral else col(name)
            for name, kind in frame.dtypes
        ]
        frame = frame.select(*columns)
    else:
        encoding = _java_encoding(spec)
        frame = spark.read.csv(
            path,
            header=True,
            sep=spec.delimiter or _sniff_delimiter(spec.path, encoding),
            encoding=encoding,
            quote='"',
            escape='"',
            multiLine=True,  # as pandas does: a quoted cell may hold a line break
        )
        frame = frame.select(*(F.when(col(c) != "", col(c)).alias(c) for c in frame.columns))
    return frame.toDF(*(name.lstrip("\ufeff").strip() for name in frame.columns))


def _record_id_key(source: SourceConfig) -> Column:
    """Equal after standardization -> equal key: all whitespace removed, columns joined."""
    mapped = source.columns.get("record_id")
    if mapped is None:
        return F.col(ROW).cast("string")
    columns = [mapped] if isinstance(mapped, str) else mapped
    joined = F.concat_ws("", *(col(c).cast("string") for c in columns))
    key = F.regexp_replace(joined, r"(?U)\s", "")
    return F.when(key != "", key).otherwise(F.concat(F.lit("#"), F.col(ROW).cast("string")))


def standardize_distributed(
    spark: SparkSession, source: SourceConfig, config: JobConfig, schema: pa.Schema
) -> DataFrame:
    raw, rows = with_position(read_raw(spark, source.spec()), ROW, start=1)
    names = raw.columns
    partitions = _partition_count(rows, spark.sparkContext.defaultParallelism)
    spread = (
        raw.repartition(partitions, _record_id_key(source))
        .sortWithinPartitions(ROW)
        .toDF(*_plain_names(names))
    )
    run = _partition_standardizer(source, config, schema, names)
    return spread.mapInArrow(run, from_arrow_schema(schema))


def _partition_count(rows: int, cores: int) -> int:
    """A multiple of the cores (no core idles in a last wave), partitions of at most
    ROWS_PER_PARTITION rows; a small list stays in fewer partitions."""
    if rows <= MIN_ROWS_PER_PARTITION * cores:
        return max(1, math.ceil(rows / MIN_ROWS_PER_PARTITION))
    return cores * math.ceil(rows / (cores * ROWS_PER_PARTITION))


def _plain_names(names: list[str]) -> list[str]:
    """mapInArrow cannot pass columns whose names hold dots; the function restores them."""
    return [f"column_{i}" for i in range(len(names))]


def standardize_on_driver(
    spark: SparkSession, source: SourceConfig, config: JobConfig, schema: pa.Schema
) -> DataFrame:
    table = standardize_frame(read_source(source.spec()), source, config, schema)
    return spark.createDataFrame(table)


def read_and_standardize(
    spark: SparkSession, config: JobConfig, reporter: Any, persist_dir: str
) -> SparkStandardized:
    """Every source standardized; every input row ends in records or rejects. `uid` numbers
    the kept records by source (config order) and row, exactly as on DuckDB."""
    schema = output_schema(list(config.extra_fields))
    parts = []
    for index, source in enumerate(config.sources):
        with reporter.stage(f"Read {source.name}") as stage:
            if source.spec().resolved_format in DISTRIBUTED_FORMATS:
                frame = standardize_distributed(spark, source, config, schema)
                stage.detail = "to be standardized in Arrow batches on Spark"
            else:
                frame = standardize_on_driver(spark, source, config, schema)
                stage.detail = "standardized on the driver (a single-machine format)"
            parts.append(frame.withColumn(SOURCE_INDEX, F.lit(index)))
    with reporter.stage(f"Standardize {len(parts)} sources") as stage:
        combined = parts[0]
        for part in parts[1:]:
            combined = combined.unionByName(part)
        combined.write.mode("overwrite").parquet(f"{persist_dir}/standardized")
        combined = spark.read.parquet(f"{persist_dir}/standardized")
        per_source = _per_source_counts(combined, config)
        rejects = combined.where(F.col(REASON).isNotNull()).select(
            "source", "record_id", "row_number", F.col(REASON).alias("reason")
        )
        kept = combined.where(F.col(REASON).isNull()).drop(REASON)
        # Numbered on two narrow columns, then joined back: sorting whole records costs more.
        order = [SOURCE_INDEX, "row_number"]
        uids, total = with_position(kept.select(*order), "uid", order)
        if total <= BROADCAST_UIDS:
            uids = F.broadcast(uids)
        columns = ["uid", *CANONICAL_SCHEMA.names, *config.extra_fields]
        records_path = f"{persist_dir}/records"
        kept.join(uids, order).select(*columns).write.mode("overwrite").parquet(records_path)
        records = spark.read.parquet(records_path)
        rejected = sum(c["rejects"] for c in per_source.values())
        stage.detail = f"{total:,} records, {rejected:,} rejected"
    return SparkStandardized(records, rejects, per_source)


def _per_source_counts(combined: DataFrame, config: JobConfig) -> dict[str, dict[str, int]]:
    rows = {
        row["source"]: row
        for row in combined.groupBy("source")
        .agg(F.count("*").alias("read"), F.count(REASON).alias("rejects"))
        .collect()
    }
    counts = {}
    for source in config.sources:
        row = rows.get(source.name)
        read, rejects = (row["read"], row["rejects"]) if row else (0, 0)
        counts[source.name] = {
            "read": read,
            "records": read - rejects,
            "rejects": rejects,
            "standardized": read,  # every row: Spark runs are never incremental
        }
    return counts
