"""An incremental run's changes to the store, and the run's outputs read back from it.

Only what changed is written: the new records' standardized rows, the memberships of the
re-clustered records, the persons they form, the review-queue pairs among them. Everything
else stays as stored. The outputs are then written from the store's tables, inside the same
transaction, so they show every record (not only the ones this run looked at).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from linkage.config import JobConfig
from linkage.outputs.tables import KIND_PRIORITY, REJECTS_SQL, RESOLVED_COLUMNS, write_tables
from linkage.store import Assignment, RunRow, apply_person_changes, fault_point, insert_run_row

# Outputs order records as a full run numbers them: source order, then row.
ROW_ORDER = "(o.rank * 10000000000 + r.row_number)"


@dataclass
class Delta:
    """What an incremental run hands the store (Arrow tables from the engine)."""

    resolved: pa.Table  # source, record_id, person_id, match_confidence, content_hash
    persons: pa.Table  # person_id, record_count, cluster_confidence, conflict
    queue: pa.Table  # review queue rows among the re-clustered records
    rejects: pd.DataFrame  # rejects of the sources read this run
    read_sources: list[str]  # sources read this run (their rejects and files are replaced)
    dropped_sources: list[str]
    source_files: pa.Table  # fingerprint and counts of the sources read this run
    model_json: str


def commit_delta(
    con: duckdb.DuckDBPyConnection, run: RunRow, delta: Delta, assignment: Assignment
) -> None:
    """Apply the run to the store; the caller holds the transaction."""
    con.execute(
        "DELETE FROM run_records r USING inc_gone g "
        "WHERE r.source = g.source AND r.record_id = g.record_id"
    )
    con.execute("INSERT INTO run_records BY NAME SELECT * EXCLUDE (uid) FROM inc_new")
    _memberships(con, run.run_id, delta.resolved)
    fault_point("store-commit")
    apply_person_changes(con, run.run_id, delta.persons, assignment)
    con.execute("UPDATE persons SET last_run = ? WHERE status = 'active'", [run.run_id])
    _review_queue(con, delta.queue)
    _per_source(con, delta)
    con.execute(
        "CREATE OR REPLACE TABLE run_model AS SELECT ? AS settings_json", [delta.model_json]
    )
    counts = con.execute(
        "SELECT (SELECT count(*) FROM memberships), "
        "(SELECT count(*) FROM persons WHERE status = 'active')"
    ).fetchall()[0]
    run.records, run.persons = int(counts[0]), int(counts[1])
    insert_run_row(con, run, assignment)


def _memberships(con: duckdb.DuckDBPyConnection, run_id: int, resolved: pa.Table) -> None:
    con.register("inc_resolved_arrow", resolved)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inc_memberships AS
        SELECT r.source, r.record_id, r.person_id, coalesce(m.first_run, ?) AS first_run,
               ? AS last_run, r.match_confidence AS confidence, r.content_hash
        FROM inc_resolved_arrow r LEFT JOIN memberships m USING (source, record_id)
        """,
        [run_id, run_id],
    )
    con.unregister("inc_resolved_arrow")
    # Rows are updated in place where the record stays: a delete costs the key index far
    # more at commit than an update of the other columns.
    con.execute(
        """
        DELETE FROM memberships m WHERE
            EXISTS (SELECT 1 FROM inc_gone g
                    WHERE g.source = m.source AND g.record_id = m.record_id)
            AND NOT EXISTS (SELECT 1 FROM inc_memberships n
                            WHERE n.source = m.source AND n.record_id = m.record_id)
        """
    )
    con.execute(
        """
        UPDATE memberships SET person_id = n.person_id, confidence = n.confidence,
               content_hash = n.content_hash
        FROM inc_memberships n
        WHERE memberships.source = n.source AND memberships.record_id = n.record_id
        """
    )
    con.execute(
        """
        INSERT INTO memberships SELECT * FROM inc_memberships n WHERE NOT EXISTS (
            SELECT 1 FROM memberships m WHERE m.source = n.source AND m.record_id = n.record_id)
        """
    )
    con.execute("UPDATE memberships SET last_run = ?", [run_id])


def _review_queue(con: duckdb.DuckDBPyConnection, queue: pa.Table) -> None:
    """Pairs among re-clustered records are replaced; pairs with a gone record dropped; the
    rest keep their scores and take their records' current persons."""
    exists = """EXISTS (SELECT 1 FROM {t} x
                        WHERE x.source = q.source_{s} AND x.record_id = q.record_id_{s})"""
    gone_l, gone_r = (exists.format(t="inc_gone", s=s) for s in "lr")
    local_l, local_r = (exists.format(t="inc_memberships", s=s) for s in "lr")
    con.execute(
        f"DELETE FROM run_review_queue q WHERE {gone_l} OR {gone_r} OR ({local_l} AND {local_r})"
    )
    for side in "lr":
        con.execute(
            f"""
            UPDATE run_review_queue SET person_id_{side} = m.person_id FROM inc_memberships m
            WHERE m.source = source_{side} AND m.record_id = record_id_{side}
            """
        )
    con.execute("DELETE FROM run_review_queue WHERE person_id_l = person_id_r")
    con.register("inc_queue_arrow", queue)
    con.execute("INSERT INTO run_review_queue BY NAME SELECT * FROM inc_queue_arrow")
    con.unregister("inc_queue_arrow")
    con.execute(
        "CREATE OR REPLACE TABLE run_review_queue AS SELECT * FROM run_review_queue "
        "ORDER BY abs(match_probability - 0.5), source_l, record_id_l, source_r, record_id_r"
    )


def _per_source(con: duckdb.DuckDBPyConnection, delta: Delta) -> None:
    """Rejects and file fingerprints of the sources read (or dropped) this run."""
    replaced = pd.DataFrame({"source": delta.read_sources + delta.dropped_sources}, dtype=object)
    con.register("inc_replaced", replaced)
    con.execute("DELETE FROM run_rejects WHERE source IN (SELECT source FROM inc_replaced)")
    con.execute("DELETE FROM source_files WHERE source IN (SELECT source FROM inc_replaced)")
    con.unregister("inc_replaced")
    rejects = delta.rejects.astype({"row_number": "int64"})
    con.register("inc_rejects_df", rejects)
    con.execute(f"INSERT INTO run_rejects BY NAME {REJECTS_SQL.format(t='inc_rejects_df')}")
    con.unregister("inc_rejects_df")
    con.register("inc_files_arrow", delta.source_files)
    con.execute("INSERT INTO source_files BY NAME SELECT * FROM inc_files_arrow")
    con.unregister("inc_files_arrow")


def write_outputs_from_store(con: duckdb.DuckDBPyConnection, config: JobConfig) -> dict[str, Path]:
    """The run's output tables over every current record, as a full run writes them."""
    kinds = pd.DataFrame(
        {
            "source": [s.name for s in config.sources],
            "kind_priority": [KIND_PRIORITY[s.kind] for s in config.sources],
        }
    ).reset_index(names="rank")
    con.register("inc_kinds", kinds)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE resolved AS
        SELECT {", ".join(f"r.{c}" for c in RESOLVED_COLUMNS)},
               {ROW_ORDER} AS uid, m.person_id, m.confidence AS match_confidence,
               p.confidence AS cluster_confidence, coalesce(p.conflict, false) AS conflict,
               o.kind_priority
        FROM run_records r
        JOIN memberships m USING (source, record_id)
        JOIN persons p USING (person_id)
        JOIN inc_kinds o USING (source)
        """
    )
    con.execute("CREATE OR REPLACE TEMP VIEW review_queue_out AS SELECT * FROM run_review_queue")
    con.execute("CREATE OR REPLACE TEMP VIEW rejects AS SELECT * FROM run_rejects")
    try:
        return write_tables(con, config)
    finally:
        con.execute("DROP TABLE IF EXISTS resolved")
        for view in ("review_queue_out", "rejects"):
            con.execute(f"DROP VIEW IF EXISTS {view}")
        con.unregister("inc_kinds")
