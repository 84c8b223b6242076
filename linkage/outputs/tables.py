"""The run's tables: resolved_records, persons, review_queue and rejects (Parquet or CSV)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from linkage.config import JobConfig
from linkage.resolve.cluster import Clustering
from linkage.resolve.engine import DuckDBEngine

# Which record speaks for a person: official registries first, donors last.
KIND_PRIORITY = {
    "registry": 1,
    "agency": 2,
    "programme": 3,
    "institution": 4,
    "csr": 5,
    "donor": 6,
}
TABLES = ("resolved_records", "persons", "review_queue", "rejects")


def register_assignments(
    engine: DuckDBEngine, clustering: Clustering, ids: np.ndarray, config: JobConfig
) -> None:
    """`assignments` (uid -> person) and `person_labels` tables for the SQL below."""
    labels = clustering.cluster
    assignments = pa.table(
        {
            "uid": np.arange(len(labels), dtype=np.int64),
            "label": labels.astype(np.int64),
            "match_confidence": clustering.record_confidence.astype(float),
        }
    )
    conflict = np.zeros(len(ids), dtype=bool)
    conflict[clustering.conflict_clusters.astype(int)] = True
    person_labels = pa.table(
        {
            "label": np.arange(len(ids), dtype=np.int64),
            "person_id": pa.array(ids.tolist(), pa.string()),
            "cluster_confidence": clustering.cluster_confidence.astype(float),
            "conflict": conflict,
        }
    )
    kinds = pa.table(
        {
            "source": [s.name for s in config.sources],
            "kind_priority": [KIND_PRIORITY[s.kind] for s in config.sources],
        }
    )
    for name, table in (
        ("assignments", assignments),
        ("person_labels", person_labels),
        ("source_kinds", kinds),
    ):
        engine.con.register(f"{name}_arrow", table)
        engine.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
        engine.con.unregister(f"{name}_arrow")
    engine.con.execute(
        """
        CREATE OR REPLACE TABLE resolved AS
        SELECT r.*, p.person_id, a.match_confidence, p.cluster_confidence, p.conflict,
               k.kind_priority
        FROM records r
        JOIN assignments a USING (uid)
        JOIN person_labels p USING (label)
        JOIN source_kinds k USING (source)
        """
    )


# The stored record columns the output tables read (besides person and confidence).
RESOLVED_COLUMNS = (
    "source",
    "record_id",
    "row_number",
    "nik_status",
    "nik",
    "nik_flags",
    "name_raw",
    "birth_date",
    "nik_birth_date",
    "sex",
    "nik_sex",
    "province_code",
    "regency_code",
    "district_code",
    "village_code",
    "programme",
    "amount",
    "period",
    "decile",
    "deceased",
)

RESOLVED_RECORDS_SQL = """
SELECT source, record_id, person_id, round(match_confidence, 6) AS match_confidence,
       round(cluster_confidence, 6) AS person_confidence, row_number, nik_status,
       province_code, regency_code, district_code, village_code,
       programme, amount, period, decile, deceased
FROM resolved
ORDER BY uid
"""

PERSONS_SQL = """
WITH nik_votes AS (
    SELECT person_id, nik, count(*) AS votes, min(kind_priority) AS best_kind
    FROM resolved
    WHERE nik IS NOT NULL
      AND coalesce(nik_flags, '') NOT LIKE '%sex_conflict%'
      AND coalesce(nik_flags, '') NOT LIKE '%dob_conflict%'
    GROUP BY person_id, nik
),
best_nik AS (
    SELECT person_id,
           arg_min(nik, struct_pack(v := -votes, k := best_kind, n := nik)) AS nik
    FROM nik_votes GROUP BY person_id
),
summary AS (
    SELECT person_id,
           count(*) AS record_count,
           array_to_string(list_sort(list_distinct(list(source))), ',') AS sources,
           bool_or(deceased) AS deceased,
           sum(amount) AS total_amount,
           min(uid) AS first_uid,
           arg_min(  -- the record that speaks for the person
               uid,
               struct_pack(
                   k := kind_priority, n := nik IS NULL, c := -match_confidence,
                   s := source, r := record_id
               )
           ) AS best_uid
    FROM resolved GROUP BY person_id
)
SELECT s.person_id, n.nik, b.name_raw AS name, coalesce(b.birth_date, b.nik_birth_date) AS
       birth_date, coalesce(b.sex, b.nik_sex) AS sex, b.province_code, b.regency_code,
       b.district_code, b.village_code, s.sources, s.record_count,
       round(b.cluster_confidence, 6) AS cluster_confidence, b.conflict, s.deceased,
       s.total_amount
FROM summary s
JOIN resolved b ON b.uid = s.best_uid
LEFT JOIN best_nik n ON n.person_id = s.person_id
ORDER BY s.first_uid
"""


def _comparison_weight_columns(engine: DuckDBEngine, predictions: str) -> list[str]:
    """Each comparison's match weight (log2 Bayes factor, term frequency included)."""
    columns = [c[0] for c in engine.con.execute(f"DESCRIBE {predictions}").fetchall()]
    parts = []
    for column in columns:
        if column.startswith("mw_") and not column.startswith("mw_tf_adj_"):
            tf = f"mw_tf_adj_{column[3:]}"
            weight = f"p.{column} + coalesce(p.{tf}, 0)" if tf in columns else f"p.{column}"
            parts.append(f"round({weight}, 3) AS {column}")
    return parts


def review_queue_sql(engine: DuckDBEngine, predictions: str, config: JobConfig) -> str:
    """Uncertain pairs between two persons, and edges cut to split NIK conflicts."""
    weights = "".join(", " + w for w in _comparison_weight_columns(engine, predictions))
    return f"""
    WITH band AS (
        SELECT unique_id_l AS uid_l, unique_id_r AS uid_r, 'uncertain' AS reason
        FROM {predictions}
        WHERE match_probability >= {config.thresholds.review}
          AND match_probability < {config.thresholds.link}
        UNION ALL
        SELECT uid_l, uid_r, reason FROM cut_edges
    ),
    queued AS (
        SELECT b.uid_l, b.uid_r, b.reason
        FROM band b
        JOIN resolved l ON l.uid = b.uid_l
        JOIN resolved r ON r.uid = b.uid_r
        WHERE l.person_id <> r.person_id
    )
    SELECT l.source AS source_l, l.record_id AS record_id_l,
           r.source AS source_r, r.record_id AS record_id_r,
           l.person_id AS person_id_l, r.person_id AS person_id_r,
           q.reason, round(p.match_probability, 6) AS match_probability,
           round(p.match_weight, 3) AS match_weight{weights}
    FROM queued q
    JOIN {predictions} p ON p.unique_id_l = q.uid_l AND p.unique_id_r = q.uid_r
    JOIN resolved l ON l.uid = q.uid_l
    JOIN resolved r ON r.uid = q.uid_r
    ORDER BY abs(p.match_probability - 0.5), q.uid_l, q.uid_r
    """


def write_table(
    con: duckdb.DuckDBPyConnection, sql: str, out_dir: Path, name: str, formats: list[str]
) -> dict[str, Path]:
    """One output table in each configured format; returns name -> path."""
    paths = {}
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        option = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(HEADER)"
        con.execute(f"COPY ({sql}) TO '{path}' {option}")
        paths[name if fmt == formats[0] else f"{name}_{fmt}"] = path
    return paths


def build_run_tables(
    config: JobConfig,
    engine: DuckDBEngine,
    clustering: Clustering,
    person_ids: np.ndarray,
    predictions: str,
) -> None:
    """`resolved`, `cut_edges` and `review_queue_out` in the engine, from a clustering."""
    register_assignments(engine, clustering, person_ids, config)
    cut = clustering.cut_edges[["uid_l", "uid_r", "reason"]]
    cut = cut.assign(
        uid_l=np.minimum(cut["uid_l"], cut["uid_r"]), uid_r=np.maximum(cut["uid_l"], cut["uid_r"])
    )
    engine.con.register("cut_edges_df", cut)
    engine.con.execute("CREATE OR REPLACE TABLE cut_edges AS SELECT * FROM cut_edges_df")
    engine.con.unregister("cut_edges_df")
    queue_sql = review_queue_sql(engine, predictions, config)
    engine.con.execute(f"CREATE OR REPLACE TABLE review_queue_out AS {queue_sql}")


def write_outputs(
    config: JobConfig,
    engine: DuckDBEngine,
    records: pd.DataFrame,
    rejects: pd.DataFrame,
    clustering: Clustering,
    person_ids: np.ndarray,
    predictions: str,
) -> dict[str, Path]:
    """Write every output table of a run; returns name -> path. `person_ids` per cluster."""
    out_dir = config.output.dir
    out_dir.mkdir(parents=True, exist_ok=True)
    build_run_tables(config, engine, clustering, person_ids, predictions)
    engine.con.register("rejects_df", rejects.astype({"row_number": "int64"}))
    engine.con.execute(f"CREATE OR REPLACE TABLE rejects AS {REJECTS_SQL.format(t='rejects_df')}")
    engine.con.unregister("rejects_df")
    return write_tables(engine.con, config)


REJECTS_SQL = "SELECT source, record_id, row_number::BIGINT AS row_number, reason FROM {t}"


def write_tables(con: duckdb.DuckDBPyConnection, config: JobConfig) -> dict[str, Path]:
    """The four output tables from `resolved`, `review_queue_out` and `rejects` in `con`."""
    out_dir = config.output.dir
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = list(config.output.formats)
    files: dict[str, Path] = {}
    files |= write_table(con, RESOLVED_RECORDS_SQL, out_dir, "resolved_records", formats)
    files |= write_table(con, PERSONS_SQL, out_dir, "persons", formats)
    files |= write_table(con, QUEUE_SQL, out_dir, "review_queue", formats)
    files |= write_table(
        con, "SELECT * FROM rejects ORDER BY source, row_number", out_dir, "rejects", formats
    )
    return files


QUEUE_SQL = """
SELECT * FROM review_queue_out
ORDER BY abs(match_probability - 0.5), source_l, record_id_l, source_r, record_id_r
"""
