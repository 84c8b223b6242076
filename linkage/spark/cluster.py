"""Persons on Spark: Splink's connected components at the link threshold, then conflict
splitting and confidence by the DuckDB job's own `cluster_records`, run on whole components.

Components are independent, so `cluster_records` gives the same answer on any set of whole
components as on all of them: many components go to one task (a bucket), each task runs it
once over its components with all their internal pairs. What it cannot see from inside a
component (a singleton's strongest pair with anyone else) is filled in afterwards on Spark.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StringType
from splink.clustering import cluster_pairwise_predictions_at_threshold
from splink.internals.splink_dataframe import SplinkDataFrame

from linkage.config import JobConfig
from linkage.job import exclusive_sources, trusted_niks
from linkage.model.settings import UNIQUE_ID
from linkage.resolve.cluster import cluster_records
from linkage.spark.engine import SparkEngine
from linkage.spark.frames import with_position
from linkage.store import format_person_id

COMPONENT = "component"
BUCKET = "bucket"
PERSON_KEY = "first_uid"  # a person is named by its first record until it is numbered
ROWS_PER_BUCKET = 100_000  # records of multi-record components handled by one task

ASSIGNMENT_SCHEMA = (
    "uid long, first_uid long, match_confidence double, cluster_confidence double, conflict boolean"
)
CUT_SCHEMA = "uid_l long, uid_r long, match_probability double, reason string"
_BUCKET_SCHEMA = f"kind string, {ASSIGNMENT_SCHEMA}, {CUT_SCHEMA}"


@dataclass
class SparkClustering:
    """Per record its person (`label`, dense in order of first record, and `person_id`),
    confidences and conflict flag; the edges cut to split conflicts."""

    assignments: DataFrame  # uid, label, person_id, match_confidence, cluster_confidence, conflict
    cut_edges: DataFrame  # uid_l, uid_r, match_probability, reason


def pairs_of(predictions: SplinkDataFrame) -> DataFrame:
    return predictions.as_spark_dataframe().select(
        F.col(f"{UNIQUE_ID}_l").alias("uid_l"),
        F.col(f"{UNIQUE_ID}_r").alias("uid_r"),
        "match_probability",
    )


def components(
    engine: SparkEngine, predictions: SplinkDataFrame, link_threshold: float
) -> DataFrame:
    """uid -> component, by Splink's connected components on Spark (pairs >= threshold)."""
    clustered = cluster_pairwise_predictions_at_threshold(
        engine.model_input_table,
        predictions,
        engine.db_api,
        node_id_column_name=UNIQUE_ID,
        threshold_match_probability=link_threshold,
    )
    return clustered.as_spark_dataframe().select(
        F.col(UNIQUE_ID).alias("uid"), F.col("cluster_id").alias(COMPONENT)
    )


def _bucket_clusterer(
    config: JobConfig,
) -> Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    link = config.thresholds.link

    def run(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
        nodes = nodes.sort_values("uid", kind="stable").reset_index(drop=True)
        uids = nodes["uid"].to_numpy(dtype=np.int64)
        # Local indices keep the uid order, so ties break as they do over all records.
        local = pd.DataFrame(
            {
                "uid_l": np.searchsorted(uids, edges["uid_l"].to_numpy(dtype=np.int64)),
                "uid_r": np.searchsorted(uids, edges["uid_r"].to_numpy(dtype=np.int64)),
                "match_probability": edges["match_probability"].to_numpy(dtype=float),
            }
        )
        clustering = cluster_records(
            len(nodes),
            local,
            trusted_niks(nodes),
            link,
            exclusive_source=exclusive_sources(nodes, config),
            names=nodes["name_key"].to_numpy(dtype=object),
        )
        labels = clustering.cluster
        _, first_index = np.unique(labels, return_index=True)
        conflict = np.isin(labels, clustering.conflict_clusters)
        assigned = pd.DataFrame(
            {
                "kind": "assignment",
                "uid": uids,
                PERSON_KEY: uids[first_index][labels],
                "match_confidence": clustering.record_confidence,
                "cluster_confidence": clustering.cluster_confidence[labels],
                "conflict": conflict,
            }
        )
        cut = clustering.cut_edges
        cut_rows = pd.DataFrame(
            {
                "kind": "cut",
                "uid_l": uids[cut["uid_l"].to_numpy(dtype=np.int64)],
                "uid_r": uids[cut["uid_r"].to_numpy(dtype=np.int64)],
                "match_probability": cut["match_probability"].to_numpy(dtype=float),
                "reason": cut["reason"].to_numpy(dtype=object),
            }
        )
        both = pd.concat([assigned, cut_rows], ignore_index=True)
        # pyspark 4.3 cannot send pandas 3's Arrow-backed text columns: send plain objects.
        return both.astype({"kind": object, "reason": object})

    return run


def _strongest_pair(pairs: DataFrame) -> DataFrame:
    """Each record's strongest scored pair with anyone (for singletons' confidence)."""
    both = pairs.select(F.col("uid_l").alias("uid"), "match_probability").unionByName(
        pairs.select(F.col("uid_r").alias("uid"), "match_probability")
    )
    return both.groupBy("uid").agg(F.max("match_probability").alias("strongest"))


@F.pandas_udf(StringType())
def _person_ids(numbers: pd.Series) -> pd.Series:
    return numbers.map(format_person_id)


def cluster_on_spark(
    engine: SparkEngine,
    records: DataFrame,
    predictions: SplinkDataFrame,
    config: JobConfig,
) -> SparkClustering:
    """Persons from the scored pairs, as `linkage.resolve.cluster.cluster_records` makes them."""
    pairs = pairs_of(predictions)
    component = components(engine, predictions, config.thresholds.link)
    sizes = component.groupBy(COMPONENT).agg(F.count("*").alias("size"))
    shared = component.join(sizes.where("size > 1"), COMPONENT).select("uid", COMPONENT)
    shared = shared.checkpoint(eager=True)
    buckets = max(1, math.ceil(shared.count() / ROWS_PER_BUCKET))
    bucket = F.pmod(F.xxhash64(COMPONENT), F.lit(buckets))

    nodes = (
        records.select("uid", "nik", "nik_flags", "name_key", "source")
        .join(shared, "uid")
        .withColumn(BUCKET, bucket)
    )
    left = shared.select(F.col("uid").alias("uid_l"), F.col(COMPONENT).alias("component_l"))
    right = shared.select(F.col("uid").alias("uid_r"), F.col(COMPONENT).alias("component_r"))
    edges = (
        pairs.join(left, "uid_l")
        .join(right, "uid_r")
        .where(F.col("component_l") == F.col("component_r"))
        .withColumn(COMPONENT, F.col("component_l"))
        .withColumn(BUCKET, bucket)
        .select("uid_l", "uid_r", "match_probability", BUCKET)
    )
    clustered = (
        nodes.groupBy(BUCKET)
        .cogroup(edges.groupBy(BUCKET))
        .applyInPandas(_bucket_clusterer(config), _BUCKET_SCHEMA)
        .checkpoint(eager=True)
    )
    in_shared = clustered.where("kind = 'assignment'").select(*_names(ASSIGNMENT_SCHEMA))
    alone = component.join(sizes.where("size = 1"), COMPONENT).select(
        "uid",
        F.col("uid").alias(PERSON_KEY),
        F.lit(None).cast("double").alias("match_confidence"),
        F.lit(None).cast("double").alias("cluster_confidence"),
        F.lit(False).alias("conflict"),
    )
    assignments = _with_singleton_confidence(in_shared.unionByName(alone), pairs)
    cut = clustered.where("kind = 'cut'").select(*_names(CUT_SCHEMA))
    # Outputs and counts read the assignments several times: compute them once.
    return SparkClustering(_numbered(assignments).checkpoint(eager=True), cut)


def _names(schema: str) -> list[str]:
    return [part.split()[0] for part in schema.split(",")]


def _with_singleton_confidence(assignments: DataFrame, pairs: DataFrame) -> DataFrame:
    """A person of one record: 1 - its strongest pair with anyone (DESIGN.md 4)."""
    sizes = assignments.groupBy(PERSON_KEY).agg(F.count("*").alias("person_size"))
    alone = 1.0 - F.coalesce(F.col("strongest"), F.lit(0.0))
    single = F.col("person_size") == 1
    return (
        assignments.join(sizes, PERSON_KEY)
        .join(_strongest_pair(pairs), "uid", "left")
        .select(
            "uid",
            PERSON_KEY,
            F.when(single, alone).otherwise(F.col("match_confidence")).alias("match_confidence"),
            F.when(single, alone)
            .otherwise(F.col("cluster_confidence"))
            .alias("cluster_confidence"),
            "conflict",
        )
    )


def _numbered(assignments: DataFrame) -> DataFrame:
    """Persons numbered in order of their first record, as the DuckDB job numbers them."""
    persons, _ = with_position(assignments.select(PERSON_KEY).distinct(), "label", [PERSON_KEY])
    return assignments.join(persons, PERSON_KEY).select(
        "uid",
        "label",
        _person_ids(F.col("label") + 1).alias("person_id"),
        "match_confidence",
        "cluster_confidence",
        "conflict",
    )
