"""The linkage job end to end: sources -> standardize -> model -> predict -> cluster -> outputs."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from linkage.config import ConfigError, JobConfig
from linkage.incremental.changes import linking_hash, source_files_table, source_fingerprint
from linkage.model.io import Model, load_model, new_metadata, save_model
from linkage.model.settings import (
    blocking_rules_from_config,
    comparisons_for,
    core_comparisons_used,
    settings_for,
)
from linkage.model.train import regularize, train_linker
from linkage.progress import Reporter
from linkage.resolve.cluster import Clustering, cluster_records
from linkage.resolve.engine import RECORDS, BudgetError, DuckDBEngine
from linkage.standardize.parallel import SourceTask, run_source_tasks
from linkage.store import (
    Assignment,
    IdentityStore,
    RunRow,
    fault_point,
    format_person_id,
    now,
    write_run,
)

PREDICTIONS = "predictions"
KEEP_THRESHOLD = 0.01  # pairs below this are not kept: they cannot change any decision


EMPTY_KNOWN = pa.table(
    {"record_id": pa.array([], pa.string()), "content_hash": pa.array([], pa.string())}
)
KEY_COLUMNS = ("uid", "source", "record_id", "row_number", "nik", "nik_flags", "name_key", "is_new")


@dataclass
class Standardized:
    """Standardized records of this run (Arrow), rejects, and for incremental runs the rows
    left as they were. `records` holds the few key columns the job needs as pandas."""

    table: pa.Table
    rejects: pd.DataFrame
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    unchanged: pd.DataFrame | None = None  # source, record_id, row_number, content_hash
    _keys: pd.DataFrame | None = None

    @property
    def records(self) -> pd.DataFrame:
        if self._keys is None:
            names = [c for c in KEY_COLUMNS if c in self.table.column_names]
            keys = self.table.select(names)
            self._keys = keys.to_pandas()
            # Only compared: Arrow strings are far smaller.
            for name in ("nik", "nik_flags", "name_key"):
                if name in names:
                    self._keys[name] = keys.column(name).to_pandas(types_mapper=pd.ArrowDtype)
        return self._keys

    @property
    def count(self) -> int:
        return len(self.records) if self.table is None else self.table.num_rows

    def replace_table(self, table: pa.Table) -> None:
        self.table, self._keys = table, None

    def release_table(self) -> None:
        """Drop the full records once the engine holds them (keeps the key columns)."""
        _ = self.records
        self.table = None


@dataclass
class JobResult:
    """What a run produced: output paths, counts and stage timings."""

    output_dir: Path
    files: dict[str, Path]
    counts: dict[str, Any]
    timings: dict[str, float]
    model_path: Path


def read_and_standardize(
    config: JobConfig,
    reporter: Reporter,
    *,
    known: dict[str, pa.Table] | None = None,
    only: list[str] | None = None,
) -> Standardized:
    """Every source (or those named in `only`) read and standardized, sources in parallel
    worker processes; every input row ends in records or rejects.

    With `known` (per source: record_id, content_hash of the records already resolved), rows
    whose content is unchanged are not standardized again: they are listed in `unchanged`.
    """
    sources = [s for s in config.sources if only is None or s.name in only]
    tasks = [
        SourceTask(
            source=source,
            extra_fields={f: k for f, k in config.extra_fields.items() if f in source.columns},
            all_extra_fields=list(config.extra_fields),
            within=config.standardize.region_within,
            known=None if known is None else known.get(source.name, EMPTY_KNOWN),
        )
        for source in sources
    ]
    if not tasks:
        unchanged = pd.DataFrame(columns=["source", "record_id", "row_number", "content_hash"])
        rejects = pd.DataFrame(columns=["source", "record_id", "row_number", "reason"])
        return Standardized(pa.table({}), rejects, {}, unchanged)
    order = sorted(range(len(tasks)), key=lambda i: -_source_size(sources[i]))
    plural = "" if len(tasks) == 1 else "s"
    with reporter.stage(f"Read and standardize {len(tasks)} source{plural}") as stage:
        workers = max(1, min(config.standardize.workers or os.cpu_count() or 1, len(tasks)))
        spill = tempfile.mkdtemp(prefix="linkage-records-", dir=config.resources.temp_dir)
        try:
            ordered = run_source_tasks(tasks, order, workers, Path(spill))
        finally:
            # Mapped files stay readable after unlinking (POSIX); the disk space returns
            # when the last map closes.
            shutil.rmtree(spill, ignore_errors=True)
        for result in ordered:
            c = result.counts
            reporter.note(
                f"  {result.name}: {c['read']:,} rows, {c['rejects']:,} rejected"
                + (f", {c['standardized']:,} new or changed" if known is not None else "")
                + f" ({result.seconds:.1f} s)"
            )
        table = pa.concat_tables([r.table for r in ordered], promote_options="permissive")
        if known is None:
            table = table.add_column(0, "uid", pa.array(np.arange(table.num_rows), pa.int64()))
        total = sum(r.counts["read"] for r in ordered)
        stage.detail = f"{total:,} rows, {table.num_rows:,} records, {workers} worker(s)"
    return Standardized(
        table,
        pd.concat([r.rejects for r in ordered], ignore_index=True),
        {r.name: r.counts for r in ordered},
        pd.concat([r.unchanged for r in ordered], ignore_index=True) if known is not None else None,
    )


def _source_size(source) -> int:
    path = source.path
    return path.stat().st_size if path is not None and path.exists() else 0


def _mapped_fields(config: JobConfig) -> set[str]:
    return {f for s in config.sources for f in s.columns}


def _new_model_settings(config: JobConfig):
    used = core_comparisons_used(_mapped_fields(config))
    comparisons = comparisons_for(config.extra_fields, used)
    rules = blocking_rules_from_config(config.blocking.rules)
    return settings_for(comparisons, rules), [c.create_output_column_name() for c in comparisons]


def _with_blocking(settings: dict[str, Any], config: JobConfig) -> dict[str, Any]:
    """The model's parameters with the job's blocking: the config's rules, else the engine's
    defaults (blocking belongs to the job and the data size, not to the trained model)."""
    rules = [
        r if isinstance(r, str) else r.get_blocking_rule("duckdb").blocking_rule_sql
        for r in blocking_rules_from_config(config.blocking.rules)
    ]
    return {**settings, "blocking_rules_to_generate_predictions": rules}


def train_model(config: JobConfig, engine: DuckDBEngine, n_records: int) -> Model:
    """Train a fresh model on the job's own records (all steps seeded)."""
    settings, names = _new_model_settings(config)
    linker = engine.linker(settings)
    summary = train_linker(
        linker, seed=config.seed, training=config.model.training, comparison_names=names
    )
    trained = regularize(linker.misc.save_model_to_json())
    metadata = new_metadata(
        seed=config.seed,
        data_summary={
            "records": n_records,
            "sources": [s.name for s in config.sources],
            "kinds": sorted({s.kind for s in config.sources}),
        },
        training=summary,
        job=config.name,
    )
    return Model(settings=trained, metadata=metadata)


def train_only(config: JobConfig, out_path: Path, reporter: Reporter | None = None) -> Path:
    """`linkage train`: standardize the sources, train, save the model JSON."""
    reporter = reporter or Reporter.quiet()
    data = read_and_standardize(config, reporter)
    engine = engine_for(config)
    try:
        engine.load_records(data.table)
        engine.model_input(list(config.extra_fields))
        with reporter.stage("Train model") as stage:
            model = train_model(config, engine, data.table.num_rows)
            stage.detail = f"{len(model.comparison_names)} comparisons"
    finally:
        engine.close()
    return save_model(model, out_path)


def check_budget(engine: DuckDBEngine, rules: list, budget: float, n_records: int) -> int:
    """Count comparisons per rule (sampled on large inputs); stop a job that would explode."""
    sample = 1.0 if n_records <= 200_000 else max(0.05, 200_000 / n_records)
    counts = engine.count_comparisons(rules, sample=sample)
    total = counts[-1].cumulative if counts else 0
    if total > budget:
        worst = max(counts, key=lambda c: c.marginal)
        raise BudgetError(
            f"the blocking rules would generate about {total:,} comparisons, over the budget "
            f"of {int(budget):,} (blocking.max_comparisons); the largest contributor is "
            f"`{worst.rule}` with {worst.marginal:,}. Tighten that rule or raise the budget."
        )
    return total


def run_job(
    config: JobConfig, reporter: Reporter | None = None, *, incremental: bool = False
) -> JobResult:
    """Run a whole job and write its outputs; raises on bad input with a clear message.

    `backend: spark` runs the same job on Spark (`linkage.spark`).
    With an identity store (`store:` in the config) person IDs stay stable across runs and
    the run is committed to the store in one transaction. `incremental` standardizes and
    compares only records that are new or changed since the store's last run.
    """
    from linkage.outputs.tables import write_outputs

    if config.backend == "spark":
        from linkage.spark import run_job_spark

        return run_job_spark(config, reporter, incremental=incremental)
    reporter = reporter or Reporter.quiet()
    started = now()
    store = IdentityStore(config.store) if config.store else None
    try:
        if incremental:
            if store is None or not store.has_runs():
                raise ConfigError(
                    "--incremental needs an identity store with a previous run: set `store:` "
                    "in the config and run once without --incremental"
                )
            from linkage.incremental import run_incremental

            return run_incremental(config, reporter, store)
        # Fingerprinted before reading: a file changed mid-run is read again next time.
        fingerprints = {s.name: source_fingerprint(s) for s in config.sources} if store else {}
        data = read_and_standardize(config, reporter)
        n = data.count
        engine = engine_for(config)
        try:
            with reporter.stage("Load records into DuckDB") as stage:
                engine.load_records(data.table)
                data.release_table()
                engine.model_input(list(config.extra_fields))
                stage.detail = f"{n:,} records"
            model = _model(config, engine, n, reporter)
            settings = _with_blocking(model.settings, config)
            rules = settings["blocking_rules_to_generate_predictions"]
            with reporter.stage("Count comparisons") as stage:
                expected = check_budget(engine, rules, config.blocking.max_comparisons, n)
                stage.detail = f"about {expected:,} comparisons from {len(rules)} blocking rules"
            must, cannot = label_constraints(store, data.records)
            with reporter.stage("Predict") as stage:
                engine.predict(settings, KEEP_THRESHOLD, PREDICTIONS)
                fault_point("predicted")
                pairs = engine.pairs_arrays(PREDICTIONS)
                linked = int((pairs["match_probability"] >= config.thresholds.link).sum())
                stage.detail = (
                    f"{len(pairs):,} scored pairs kept, {linked:,} above the link threshold"
                )
            with reporter.stage("Cluster into persons") as stage:
                arguments = dict(
                    pairs=pairs,
                    niks=trusted_niks(data.records),
                    names=data.records["name_key"].to_numpy(dtype=object),
                    link_threshold=config.thresholds.link,
                    exclusive_source=exclusive_sources(data.records, config),
                    must_link=must,
                    cannot_link=cannot,
                )
                clustering = cluster_records(n, **arguments)
                persons = int(clustering.cluster.max()) + 1 if n else 0
                stage.detail = (
                    f"{persons:,} persons, {len(clustering.conflict_clusters):,} from conflicts"
                )
            run_id = store.next_run_id() if store else None
            assignment = None
            if store is not None:
                assignment = store.assign(data.records, clustering.cluster, run_id)
                ids = assignment.person_ids
            else:
                ids = run_person_ids(clustering.cluster)
            with reporter.stage("Write outputs") as stage:
                files = write_outputs(
                    config, engine, data.records, data.rejects, clustering, ids, PREDICTIONS
                )
                model_copy = config.output.dir / "model.json"
                save_model(model, model_copy)
                files["model"] = model_copy
                stage.detail = str(config.output.dir.resolve())
            counts = _counts(data, pairs, clustering, config)
            counts["expected_comparisons"] = expected
            if store is not None:
                with reporter.stage("Commit to the identity store") as stage:
                    commit_run(
                        store,
                        engine,
                        config,
                        model,
                        run_id,
                        started,
                        assignment,
                        data,
                        fingerprints,
                    )
                    counts["run_id"] = run_id
                    counts["events"] = {
                        "created": assignment.created,
                        "merged": assignment.merged,
                        "split": assignment.split,
                        "retired": assignment.retired,
                        "record_moved": assignment.moved,
                    }
                    stage.detail = (
                        f"run {run_id}: {assignment.created:,} new, {assignment.merged:,} "
                        f"merged, {assignment.split:,} split, {assignment.retired:,} retired"
                    )
        finally:
            engine.close()
    finally:
        if store is not None:
            store.close()
    # The report reads the outputs from disk: free the run's tables before it does.
    del data, pairs, clustering
    gc.collect()
    return finish_run(config, reporter, model, model_copy, files, counts)


def finish_run(
    config: JobConfig,
    reporter: Reporter,
    model: Model,
    model_copy: Path,
    files: dict[str, Path],
    counts: dict[str, Any],
) -> JobResult:
    """What every backend does once the outputs are written: keep a trained model, then aid
    overlap, run.json and the report, all read back from the output folder."""
    from linkage.outputs.overlap import write_aid_overlap

    if config.model.train and config.model.path is not None:
        config.model.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model_copy, config.model.path)
    with reporter.stage("Aid overlap and report") as stage:
        files |= write_aid_overlap(
            config.output.dir,
            kinds={s.name: s.kind for s in config.sources},
            formats=list(config.output.formats),
        )
        result = JobResult(config.output.dir, files, counts, reporter.timings(), model_copy)
        if config.output.report:
            files["report"] = config.output.dir / "report.html"
        files["run"] = write_run_summary(result, config, model)
        if config.output.report:
            from linkage.outputs.report import write_report  # altair: 0.4 s to import

            write_report(config.output.dir)
            stage.detail = str(files["report"].resolve())
    result.timings = reporter.timings()
    return result


def engine_for(config: JobConfig) -> DuckDBEngine:
    resources = config.resources
    return DuckDBEngine(
        threads=resources.threads,
        memory_limit=resources.memory_limit,
        temp_dir=str(resources.temp_dir) if resources.temp_dir else None,
    )


def _model(config: JobConfig, engine: DuckDBEngine, n: int, reporter: Reporter) -> Model:
    if config.model.train:
        with reporter.stage("Train model") as stage:
            model = train_model(config, engine, n)
            stage.detail = f"{len(model.comparison_names)} comparisons"
        return model
    with reporter.stage("Load model") as stage:
        model = load_model(config.model_path)
        stage.detail = f"{config.model_path.name}"
    return model


def run_person_ids(labels: np.ndarray) -> np.ndarray:
    """Person IDs without a store: numbered by each person's first record (deterministic)."""
    count = int(labels.max()) + 1 if len(labels) else 0
    return np.array([format_person_id(label + 1) for label in range(count)], dtype=object)


def label_constraints(
    store: IdentityStore | None, records: pd.DataFrame
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Analysts' decisions as must-link / cannot-link pairs of this run's record uids."""
    if store is None:
        return [], []
    labels = store.active_labels()
    if labels.empty:
        return [], []
    index = pd.Series(
        records["uid"].to_numpy(), index=pd.MultiIndex.from_frame(records[["source", "record_id"]])
    )
    must, cannot = [], []
    for row in labels.itertuples(index=False):
        left = index.get((row.source_l, row.record_id_l))
        right = index.get((row.source_r, row.record_id_r))
        if left is None or right is None:
            continue
        (must if row.decision == "same" else cannot).append((int(left), int(right)))
    return must, cannot


def config_hash(config: JobConfig) -> str:
    text = config.model_dump_json(exclude={"output", "base_dir"})
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def commit_run(
    store: IdentityStore,
    engine: DuckDBEngine,
    config: JobConfig,
    model: Model,
    run_id: int,
    started: dt.datetime,
    assignment: Assignment,
    data: Standardized,
    fingerprints: dict[str, str],
) -> None:
    """Write the run into the store in one transaction (see store.write_run)."""
    resolved = engine.con.sql(
        "SELECT source, record_id, person_id, match_confidence, content_hash FROM resolved "
        "ORDER BY uid"
    ).to_arrow_table()
    persons = engine.con.sql(
        "SELECT person_id, count(*) AS record_count, any_value(cluster_confidence) "
        "AS cluster_confidence, bool_or(conflict) AS conflict FROM resolved GROUP BY person_id"
    ).to_arrow_table()
    tables = {
        "records": engine.con.sql(f"SELECT * EXCLUDE (uid) FROM {RECORDS} ORDER BY uid"),
        "review_queue": engine.con.sql("SELECT * FROM review_queue_out"),
        "rejects": engine.con.sql("SELECT * FROM rejects"),
    }
    names = [s.name for s in config.sources]
    run = RunRow(
        run_id=run_id,
        started=started,
        job=config.name,
        config_hash=config_hash(config),
        model_hash=model.digest(),
        incremental=False,
        records=resolved.num_rows,
        new_records=data.count,
        persons=persons.num_rows,
    )
    write_run(
        store,
        run,
        resolved=resolved,
        persons=persons,
        assignment=assignment,
        extra_tables={
            **{name: relation.to_arrow_table() for name, relation in tables.items()},
            "model": pa.table({"settings_json": [json.dumps(model.settings)]}),
        },
        source_files=source_files_table(names, fingerprints, data.per_source),
        linking_hash=linking_hash(config, model.digest()),
    )


SUSPECT_NIK_FLAGS = ("sex_conflict", "dob_conflict")


def trusted_niks(records: pd.DataFrame) -> np.ndarray:
    """Valid NIKs that their own record does not contradict; only these can declare that a
    cluster holds two people. An NIK whose sex or birth date disagrees with its row is most
    often a spouse's or child's NIK typed on the row (DOMAIN.md 1.2 rule 9)."""
    flags = records["nik_flags"].fillna("")
    suspect = np.zeros(len(records), dtype=bool)
    for flag in SUSPECT_NIK_FLAGS:
        suspect |= flags.str.contains(flag, regex=False).to_numpy()
    niks = records["nik"].to_numpy(dtype=object).copy()
    niks[suspect] = None
    return niks


def write_run_summary(result: JobResult, config: JobConfig, model: Model) -> Path:
    """run.json: what the report and later tools need to know about a finished run."""

    summary = {
        "job": config.name,
        "seed": config.seed,
        "finished": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "thresholds": config.thresholds.model_dump(),
        "sources": [{"name": s.name, "kind": s.kind, "path": str(s.path)} for s in config.sources],
        "counts": result.counts,
        "timings": result.timings,
        "model": {"digest": model.digest(), "metadata": model.metadata},
        "files": {k: str(v) for k, v in result.files.items()},
    }
    path = config.output.dir / "run.json"
    path.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return path


def exclusive_sources(records: pd.DataFrame, config: JobConfig) -> np.ndarray:
    """Per record, the index of its source when that source is deduplicated, else -1."""
    codes = {s.name: i for i, s in enumerate(config.sources) if s.deduplicated}
    return records["source"].map(codes).fillna(-1).astype(np.int64).to_numpy()


def _counts(
    data: Standardized, pairs: pd.DataFrame, clustering: Clustering, config: JobConfig
) -> dict[str, Any]:
    sizes = np.bincount(clustering.cluster) if len(clustering.cluster) else np.array([])
    return {
        "sources": data.per_source,
        "records": data.count,
        "rejects": len(data.rejects),
        "scored_pairs": len(pairs),
        "linked_pairs": int((pairs["match_probability"] >= config.thresholds.link).sum()),
        "review_pairs": int(
            (
                (pairs["match_probability"] >= config.thresholds.review)
                & (pairs["match_probability"] < config.thresholds.link)
            ).sum()
        ),
        "persons": len(sizes),
        "persons_multi_record": int((sizes > 1).sum()),
        "largest_person": int(sizes.max()) if len(sizes) else 0,
        "conflict_persons": len(clustering.conflict_clusters),
        "cut_edges": len(clustering.cut_edges),
        "cut_edges_by_reason": {
            str(k): int(v) for k, v in clustering.cut_edges["reason"].value_counts().items()
        },
    }
