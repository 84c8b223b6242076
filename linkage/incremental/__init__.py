"""Incremental runs: link only new or changed records into the persons already in the store.

Unchanged source files are not read; changed ones are read and only their new or changed
rows standardized. The new records are compared against their possible partners in the
store and each other; the persons they touch (and those a changed or vanished record left)
are re-clustered whole, with term frequencies of all current records, as a full run would.
Persons no change touches keep their records, confidence and ID, and are not rewritten.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linkage.config import ConfigError
from linkage.incremental.changes import (
    check_linking,
    known_rows,
    plan_sources,
    source_files_table,
)
from linkage.incremental.commit import Delta, commit_delta, write_outputs_from_store
from linkage.incremental.scope import StoreSide, score_scope
from linkage.model.io import load_model, save_model
from linkage.progress import Reporter
from linkage.resolve.cluster import cluster_records
from linkage.store import IdentityStore, RunRow, assign_person_ids, fault_point, now

if TYPE_CHECKING:
    from linkage.config import JobConfig
    from linkage.job import JobResult

PREDICTIONS = "predictions"


def run_incremental(config: JobConfig, reporter: Reporter, store: IdentityStore) -> JobResult:
    """The whole incremental run; the store changes in one transaction or not at all."""
    from linkage.job import (
        Standardized,
        _with_blocking,
        config_hash,
        engine_for,
        exclusive_sources,
        finish_run,
        label_constraints,
        read_and_standardize,
        trusted_niks,
    )

    started = now()
    if config.model.train:
        raise ConfigError(
            "--incremental links with the store's model: set model.train to false (a new "
            "model needs a full run)"
        )
    with reporter.stage("Load model") as stage:
        model = load_model(config.model_path)
        stage.detail = config.model_path.name
    check_linking(store, config, model.digest())
    plan = plan_sources(store, config)
    read = plan.diff + plan.whole
    data = read_and_standardize(config, reporter, known=known_rows(store, plan.diff), only=read)
    for name in plan.skip:
        reporter.note(f"  {name}: file unchanged since the last run, not read")
    per_source = {**plan.stored_counts, **data.per_source}
    per_source = {s.name: per_source[s.name] for s in config.sources}
    run_id = store.next_run_id()
    con = store.con
    engine = engine_for(config)
    try:
        with store.transaction():
            with reporter.stage("Find what changed") as stage:
                gone = _gone(con, data.unchanged, read + plan.dropped)
                _renumber(con, data.unchanged)
                side = StoreSide(con, list(config.extra_fields))
                side.prepare(data.table, [s.name for s in config.sources])
                seeds = _seed_persons(con)
                stage.detail = (
                    f"{data.table.num_rows:,} new or changed records, {gone:,} stored records "
                    f"changed or gone"
                )
            settings = _with_blocking(model.settings, config)
            rules = settings["blocking_rules_to_generate_predictions"]
            with reporter.stage("Predict") as stage:
                scope = score_scope(side, engine, settings, rules, seeds, PREDICTIONS)
                fault_point("predicted")
                pairs = engine.pairs_arrays(PREDICTIONS)
                stage.detail = (
                    f"{scope.candidates:,} stored candidates; {scope.records.num_rows:,} "
                    f"records of {scope.touched:,} touched persons and the new ones, "
                    f"{len(pairs):,} scored pairs"
                )
            local = Standardized(scope.records, data.rejects)
            with reporter.stage("Cluster into persons") as stage:
                must, cannot = label_constraints(store, local.records)
                clustering = cluster_records(
                    local.count,
                    pairs=pairs,
                    niks=trusted_niks(local.records),
                    names=local.records["name_key"].to_numpy(dtype=object),
                    link_threshold=config.thresholds.link,
                    exclusive_source=exclusive_sources(local.records, config),
                    must_link=must,
                    cannot_link=cannot,
                )
                previous = _previous(con, scope.previous_person)
                assignment = assign_person_ids(
                    local.records,
                    clustering.cluster,
                    previous,
                    run_id,
                    store.next_person_number(),
                )
                stage.detail = (
                    f"{len(clustering.cluster_confidence):,} persons re-clustered: "
                    f"{assignment.created:,} new, {assignment.merged:,} merged, "
                    f"{assignment.split:,} split, {assignment.retired:,} retired"
                )
            from linkage.outputs.tables import build_run_tables

            build_run_tables(config, engine, clustering, assignment.person_ids, PREDICTIONS)
            delta = Delta(
                resolved=engine.con.sql(
                    "SELECT source, record_id, person_id, match_confidence, content_hash "
                    "FROM resolved ORDER BY uid"
                ).to_arrow_table(),
                persons=engine.con.sql(
                    "SELECT person_id, count(*) AS record_count, any_value(cluster_confidence) "
                    "AS cluster_confidence, bool_or(conflict) AS conflict "
                    "FROM resolved GROUP BY person_id"
                ).to_arrow_table(),
                queue=engine.con.sql("SELECT * FROM review_queue_out").to_arrow_table(),
                rejects=data.rejects,
                read_sources=read,
                dropped_sources=plan.dropped,
                source_files=source_files_table(read, plan.fingerprints, data.per_source),
                model_json=json.dumps(model.settings),
            )
            run = RunRow(
                run_id=run_id,
                started=started,
                job=config.name,
                config_hash=config_hash(config),
                model_hash=model.digest(),
                incremental=True,
                records=0,
                new_records=data.table.num_rows,
                persons=0,
            )
            with reporter.stage("Commit and write outputs") as stage:
                commit_delta(con, run, delta, assignment)
                files = write_outputs_from_store(con, config)
                model_copy = config.output.dir / "model.json"
                save_model(model, model_copy)
                files["model"] = model_copy
                counts = _counts(con, per_source, pairs, clustering, config, run, assignment)
                stage.detail = f"run {run_id}: {run.records:,} records, {run.persons:,} persons"
    finally:
        engine.close()
    return finish_run(config, reporter, model, model_copy, files, counts)


def _gone(con, unchanged: pd.DataFrame, sources: list[str]) -> int:
    """`inc_gone`: stored records of the sources read (or dropped) that are not unchanged:
    changed, or no longer in their list; with their persons."""
    con.register("inc_unchanged", unchanged[["source", "record_id", "row_number"]])
    con.register("inc_sources", pd.DataFrame({"source": sources}, dtype=object))
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inc_gone AS
        SELECT m.source, m.record_id, m.person_id FROM memberships m
        WHERE m.source IN (SELECT source FROM inc_sources)
          AND NOT EXISTS (SELECT 1 FROM inc_unchanged u
                          WHERE u.source = m.source AND u.record_id = m.record_id)
        """
    )
    con.unregister("inc_sources")
    return con.execute("SELECT count(*) FROM inc_gone").fetchall()[0][0]


def _renumber(con, unchanged: pd.DataFrame) -> None:
    """Unchanged records whose row moved (rows added above them) take their new number."""
    con.execute(
        """
        UPDATE run_records SET row_number = u.row_number FROM inc_unchanged u
        WHERE run_records.source = u.source AND run_records.record_id = u.record_id
          AND run_records.row_number <> u.row_number
        """
    )
    con.unregister("inc_unchanged")


def _seed_persons(con) -> set[str]:
    """Persons to re-cluster whatever the new records: those a record left, and those an
    analyst's decision since the last run concerns."""
    rows = con.execute(
        """
        WITH recent AS (
            SELECT source_l AS source, record_id_l AS record_id FROM labels
            WHERE decided_at >= (SELECT max(started) FROM runs)
            UNION
            SELECT source_r, record_id_r FROM labels
            WHERE decided_at >= (SELECT max(started) FROM runs)
        )
        SELECT person_id FROM inc_gone
        UNION
        SELECT m.person_id FROM recent JOIN memberships m USING (source, record_id)
        """
    ).fetchall()
    return {r[0] for r in rows if r[0] is not None}


def _previous(con, previous_person: np.ndarray) -> pd.DataFrame:
    """The stored memberships of every re-clustered person and of every person a record
    left. Gone records match no current record, so they only make their person known: a
    person none of whose records is current any more is retired."""
    persons = {p for p in previous_person if p is not None}
    con.register("inc_prev_df", pd.DataFrame({"person_id": sorted(persons)}, dtype=object))
    frame = con.execute(
        """
        SELECT m.source, m.record_id, m.person_id, p.created_run
        FROM memberships m JOIN persons p USING (person_id)
        WHERE m.person_id IN (SELECT person_id FROM inc_prev_df
                              UNION SELECT person_id FROM inc_gone)
        """
    ).df()
    con.unregister("inc_prev_df")
    return frame


def _counts(con, per_source, pairs, clustering, config, run, assignment) -> dict:
    sizes = con.execute(
        "SELECT count(*) FILTER (record_count > 1), max(record_count), "
        "count(*) FILTER (conflict) FROM persons WHERE status = 'active'"
    ).fetchall()[0]
    rejects = con.execute("SELECT count(*) FROM run_rejects").fetchall()[0][0]
    p = pairs["match_probability"]
    return {
        "sources": per_source,
        "records": run.records,
        "rejects": int(rejects),
        "new_records": run.new_records,
        "reclustered_records": len(clustering.cluster),
        "scored_pairs": len(pairs),
        "linked_pairs": int((p >= config.thresholds.link).sum()),
        "review_pairs": int(((p >= config.thresholds.review) & (p < config.thresholds.link)).sum()),
        "persons": run.persons,
        "persons_multi_record": int(sizes[0]),
        "largest_person": int(sizes[1] or 0),
        "conflict_persons": int(sizes[2]),
        "cut_edges": len(clustering.cut_edges),
        "cut_edges_by_reason": {
            str(k): int(v) for k, v in clustering.cut_edges["reason"].value_counts().items()
        },
        "run_id": run.run_id,
        "events": {
            "created": assignment.created,
            "merged": assignment.merged,
            "split": assignment.split,
            "retired": assignment.retired,
            "record_moved": assignment.moved,
        },
    }
