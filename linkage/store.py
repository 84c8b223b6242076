"""The identity store: stable person IDs across runs, lineage events, labels (DuckDB file).

A run's clustering is matched to the previous persons by record overlap (DESIGN.md 4): a
cluster keeps the ID of the previous person whose records it holds most of; merges keep the
oldest ID and record `merged_into`; a split's minority part gets a new ID with `split_from`;
persons whose records all left are retired. IDs are opaque counters, never derived from data.
Everything a run changes is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

SCHEMA_VERSION = 2
ID_PREFIX = "P"
ID_WIDTH = 7

# Each entry upgrades the schema from version i to i + 1.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP,
            job VARCHAR, config_hash VARCHAR, model_hash VARCHAR, incremental BOOLEAN,
            status VARCHAR, records BIGINT, new_records BIGINT, persons BIGINT,
            created BIGINT, merged BIGINT, split BIGINT, retired BIGINT, moved BIGINT)""",
        """CREATE TABLE persons (
            person_id VARCHAR PRIMARY KEY, created_run INTEGER, last_run INTEGER,
            status VARCHAR, merged_into VARCHAR, split_from VARCHAR,
            record_count BIGINT, confidence DOUBLE)""",
        """CREATE TABLE memberships (
            source VARCHAR, record_id VARCHAR, person_id VARCHAR, first_run INTEGER,
            last_run INTEGER, confidence DOUBLE, content_hash VARCHAR,
            PRIMARY KEY (source, record_id))""",
        """CREATE TABLE events (
            event_id BIGINT, run_id INTEGER, kind VARCHAR, person_id VARCHAR,
            other_person_id VARCHAR, source VARCHAR, record_id VARCHAR, reason VARCHAR)""",
        """CREATE TABLE labels (
            label_id BIGINT, source_l VARCHAR, record_id_l VARCHAR, source_r VARCHAR,
            record_id_r VARCHAR, decision VARCHAR, analyst VARCHAR, note VARCHAR,
            decided_at TIMESTAMP, active BOOLEAN)""",
        """CREATE TABLE users (
            username VARCHAR PRIMARY KEY, password_hash VARCHAR, created_at TIMESTAMP,
            active BOOLEAN)""",
        """CREATE TABLE reveals (
            analyst VARCHAR, revealed_at TIMESTAMP, source VARCHAR, record_id VARCHAR,
            field VARCHAR)""",
        "CREATE SEQUENCE event_seq START 1",
        "CREATE SEQUENCE label_seq START 1",
    ],
    # 2: what incremental runs need to touch only what changed: each person's conflict
    # flag, each source file's fingerprint and counts, and the rejects of the last run.
    [
        "ALTER TABLE persons ADD COLUMN conflict BOOLEAN DEFAULT false",
        """CREATE TABLE source_files (
            source VARCHAR PRIMARY KEY, fingerprint VARCHAR, read BIGINT, records BIGINT,
            rejects BIGINT)""",
        """CREATE TABLE run_rejects (
            source VARCHAR, record_id VARCHAR, row_number BIGINT, reason VARCHAR)""",
    ],
]


class StoreError(RuntimeError):
    """The identity store cannot be used (locked, newer schema, missing)."""


@dataclass
class Assignment:
    """Person IDs for a new clustering, and what changed against the store."""

    person_ids: np.ndarray  # per cluster label
    events: pd.DataFrame  # kind, person_id, other_person_id, source, record_id, reason
    created: int
    merged: int
    split: int
    retired: int
    moved: int


FAULT_ENV = "LINKAGE_FAULT_POINT"


def fault_point(name: str) -> None:
    """Fault injection for tests: `LINKAGE_FAULT_POINT=name` kills the process right here,
    as a power cut would, so tests can prove a killed run leaves the store unchanged."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def format_person_id(number: int) -> str:
    return f"{ID_PREFIX}{number:0{ID_WIDTH}d}"


class IdentityStore:
    """A DuckDB file holding persons, memberships, runs, events, labels and run data."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"identity store not found: {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as err:
            raise StoreError(f"{self.path}: cannot open the identity store ({err})") from err
        if not read_only:
            self.migrate()
        elif self.schema_version() > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer linkage")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> IdentityStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        value = self.meta("schema_version")
        return int(value) if value is not None else 0

    def migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}; this linkage knows {SCHEMA_VERSION}"
            )
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[target]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(target + 1)]
                )

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a failure (or a killed process) leaves the store as it was."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # --- reading --------------------------------------------------------------------------------

    def has_runs(self) -> bool:
        return self.con.execute("SELECT count(*) FROM runs").fetchall()[0][0] > 0

    def memberships(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT m.source, m.record_id, m.person_id, p.created_run, m.content_hash "
            "FROM memberships m JOIN persons p USING (person_id)"
        ).df()

    def next_run_id(self) -> int:
        return int(
            self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0][0]
        )

    def active_labels(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT source_l, record_id_l, source_r, record_id_r, decision FROM labels "
            "WHERE active AND decision IN ('same', 'different') ORDER BY label_id"
        ).df()

    # --- assigning IDs ----------------------------------------------------------------------

    def assign(self, records: pd.DataFrame, labels: np.ndarray, run_id: int) -> Assignment:
        """Stable IDs for clusters `labels` of `records` (source, record_id), by overlap."""
        previous = self.memberships()
        return assign_person_ids(records, labels, previous, run_id, self.next_person_number())

    def meta(self, key: str) -> str | None:
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def next_person_number(self) -> int:
        """Numbers are never reused: one more than any ID the store ever issued."""
        value = self.meta("next_person")
        return int(value) if value is not None else 1


def assign_person_ids(
    records: pd.DataFrame,
    labels: np.ndarray,
    previous: pd.DataFrame,
    run_id: int,
    first_number: int,
) -> Assignment:
    """The ID rules of DESIGN.md 4, deterministic for the same inputs (vectorized: a million
    records carry half a million persons).

    `previous` holds (source, record_id, person_id, created_run) of the last state; new
    persons are numbered from `first_number` in the order of their first record.
    """
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    current = pd.DataFrame(
        {
            "source": records["source"].to_numpy(),
            "record_id": records["record_id"].to_numpy(),
            "label": labels,
            "order": np.arange(len(labels)),
        }
    )
    joined = current.merge(
        previous[["source", "record_id", "person_id", "created_run"]],
        on=["source", "record_id"],
        how="left",
    )
    known = joined.dropna(subset=["person_id"])
    overlap = (
        known.groupby(["person_id", "label"], sort=False)
        .agg(n=("order", "size"), first=("order", "min"), created=("created_run", "first"))
        .reset_index()
    )
    # Each previous person's home: the cluster holding most of its records (ties: the one
    # whose first record comes first). A cluster that is home to several keeps the oldest.
    home = overlap.sort_values(["person_id", "n", "first"], ascending=[True, False, True])
    home = home.drop_duplicates("person_id", keep="first")
    home = home.sort_values(["label", "created", "person_id"], kind="stable")
    keepers = home.drop_duplicates("label", keep="first")
    ids = np.empty(n_clusters, dtype=object)
    ids[keepers["label"].to_numpy()] = keepers["person_id"].to_numpy()
    keeper_of = pd.Series(keepers["person_id"].to_numpy(), index=keepers["label"].to_numpy())
    absorbed = home[~home.index.isin(keepers.index)]
    merged = pd.DataFrame(
        {
            "kind": "merged",
            "person_id": absorbed["person_id"].to_numpy(),
            "other_person_id": keeper_of.loc[absorbed["label"].to_numpy()].to_numpy(),
            "reason": "records now resolve to one person",
        }
    )
    # New persons, numbered by their first record.
    first_record = current.groupby("label")["order"].min()
    fresh = first_record[pd.isna(ids[first_record.index.to_numpy()])].sort_values().index
    numbers = np.arange(first_number, first_number + len(fresh))
    ids[fresh.to_numpy()] = [format_person_id(int(n)) for n in numbers]
    parents = (
        overlap[overlap["label"].isin(fresh)]
        .sort_values(["label", "n", "first"], ascending=[True, False, True])
        .drop_duplicates("label")
    )
    split = pd.DataFrame(
        {
            "kind": "split",
            "person_id": ids[parents["label"].to_numpy()],
            "other_person_id": parents["person_id"].to_numpy(),
            "reason": "part of the person's records now resolve apart",
        }
    )
    born = fresh[~fresh.isin(parents["label"])]
    created = pd.DataFrame(
        {"kind": "created", "person_id": ids[born.to_numpy()], "reason": "new person"}
    )
    gone = sorted(set(previous["person_id"]) - set(home["person_id"]))
    retired = pd.DataFrame({"kind": "retired", "person_id": gone, "reason": "no records left"})
    new_ids = ids[labels] if len(labels) else np.array([], dtype=object)
    old_ids = joined["person_id"].to_numpy(dtype=object)
    merged_into = dict(zip(merged["person_id"], merged["other_person_id"], strict=True))
    moved_mask = pd.notna(old_ids) & (old_ids != new_ids)
    moved_rows = joined[moved_mask].assign(target=new_ids[moved_mask])
    moved_rows = moved_rows[moved_rows["person_id"].map(merged_into) != moved_rows["target"]]
    moved = pd.DataFrame(
        {
            "kind": "record_moved",
            "person_id": moved_rows["target"].to_numpy(),
            "other_person_id": moved_rows["person_id"].to_numpy(),
            "source": moved_rows["source"].to_numpy(),
            "record_id": moved_rows["record_id"].to_numpy(),
            "reason": "record now resolves to another person",
        }
    )
    columns = ["kind", "person_id", "other_person_id", "source", "record_id", "reason"]
    events = pd.concat(
        [frame.reindex(columns=columns) for frame in (merged, split, created, retired, moved)],
        ignore_index=True,
    ).astype(object)
    events = events.where(events.notna(), None)
    return Assignment(ids, events, len(created), len(merged), len(split), len(retired), len(moved))


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class RunRow:
    """The `runs` row of a run being committed."""

    run_id: int
    started: dt.datetime
    job: str
    config_hash: str
    model_hash: str
    incremental: bool
    records: int
    new_records: int
    persons: int


def write_run(
    store: IdentityStore,
    run: RunRow,
    *,
    resolved: pa.Table,
    persons: pa.Table,
    assignment: Assignment,
    extra_tables: dict[str, pa.Table] | None = None,
    source_files: pa.Table | None = None,
    linking_hash: str | None = None,
) -> None:
    """Commit a full run: memberships, persons, events, run row and run data, in one
    transaction.

    `resolved`: source, record_id, person_id, match_confidence, content_hash.
    `persons`: person_id, record_count, cluster_confidence, conflict.
    `extra_tables`: tables replaced wholesale (standardized records, review queue, rejects).
    `source_files`: each source's fingerprint and counts; `linking_hash`: what an
    incremental run must share with this one (see linkage.incremental).
    """
    con = store.con
    with store.transaction():
        con.register("resolved_in", resolved)
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE new_memberships AS
            SELECT r.source, r.record_id, r.person_id,
                   coalesce(m.first_run, ?) AS first_run, ? AS last_run,
                   r.match_confidence AS confidence, r.content_hash
            FROM resolved_in r
            LEFT JOIN memberships m USING (source, record_id)
            """,
            [run.run_id, run.run_id],
        )
        con.unregister("resolved_in")
        con.execute("DELETE FROM memberships")
        con.execute("INSERT INTO memberships SELECT * FROM new_memberships")
        fault_point("store-commit")
        apply_person_changes(con, run.run_id, persons, assignment)
        if source_files is not None:
            con.execute("DELETE FROM source_files")
            con.register("source_files_in", source_files)
            con.execute("INSERT INTO source_files BY NAME SELECT * FROM source_files_in")
            con.unregister("source_files_in")
        if linking_hash is not None:
            set_meta(con, "linking_hash", linking_hash)
        for name, table in (extra_tables or {}).items():
            con.register(f"{name}_in", table)
            con.execute(f"CREATE OR REPLACE TABLE run_{name} AS SELECT * FROM {name}_in")
            con.unregister(f"{name}_in")
        insert_run_row(con, run, assignment)


def apply_person_changes(
    con: duckdb.DuckDBPyConnection, run_id: int, persons: pa.Table, assignment: Assignment
) -> None:
    """Persons and events of a run: merged and retired persons marked, new ones inserted,
    `persons` (this run's active persons, or an incremental run's re-clustered ones)
    updated, events appended, and the next free ID number kept."""
    con.register("persons_in", persons)
    con.register("events_in", assignment.events)
    con.execute(
        """
        UPDATE persons SET status = 'merged', merged_into = e.other_person_id
        FROM events_in e WHERE e.kind = 'merged' AND persons.person_id = e.person_id
        """
    )
    con.execute(
        """
        UPDATE persons SET status = 'retired'
        FROM events_in e WHERE e.kind = 'retired' AND persons.person_id = e.person_id
        """
    )
    con.execute(
        """
        INSERT INTO persons
        SELECT p.person_id, ?, ?, 'active', NULL,
               (SELECT e.other_person_id FROM events_in e
                WHERE e.kind = 'split' AND e.person_id = p.person_id LIMIT 1),
               p.record_count, p.cluster_confidence, p.conflict
        FROM persons_in p
        WHERE p.person_id NOT IN (SELECT person_id FROM persons)
        """,
        [run_id, run_id],
    )
    con.execute(
        """
        UPDATE persons SET last_run = ?, status = 'active', record_count = p.record_count,
               confidence = p.cluster_confidence, conflict = p.conflict
        FROM persons_in p WHERE persons.person_id = p.person_id
        """,
        [run_id],
    )
    con.execute(
        """
        INSERT INTO events
        SELECT nextval('event_seq'), ?, kind, person_id, other_person_id, source,
               record_id, reason
        FROM events_in
        """,
        [run_id],
    )
    con.unregister("persons_in")
    con.unregister("events_in")
    issued = [
        int(pid[len(ID_PREFIX) :])
        for pid in assignment.events.loc[
            assignment.events["kind"].isin(["created", "split"]), "person_id"
        ]
    ]
    if issued:
        set_meta(con, "next_person", str(max(issued) + 1))


def insert_run_row(con: duckdb.DuckDBPyConnection, run: RunRow, assignment: Assignment) -> None:
    a = assignment
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, 'committed', ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.run_id,
            run.started,
            now(),
            run.job,
            run.config_hash,
            run.model_hash,
            run.incremental,
            run.records,
            run.new_records,
            run.persons,
            a.created,
            a.merged,
            a.split,
            a.retired,
            a.moved,
        ],
    )
