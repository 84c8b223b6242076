"""Read and standardize whole sources in worker processes (one source per task).

Workers come from a fork server that imported this module (and loaded the region indexes)
once, so each worker starts warm without inheriting the parent's threads (DuckDB, Arrow),
which makes plain fork unsafe.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from linkage.sources import read_source
from linkage.standardize.batch import standardize_table, warm_caches


@dataclass
class SourceTask:
    """One source to read and standardize; `known` are its already-resolved rows."""

    source: object  # linkage.config.SourceConfig
    extra_fields: dict[str, str]
    all_extra_fields: list[str]
    within: str | None
    known: pa.Table | None  # record_id, content_hash
    spill_dir: str | None = None  # workers hand their records over as Arrow files here


@dataclass
class SourceResult:
    name: str
    table: pa.Table | None  # None while the records wait in `spilled`
    rejects: pd.DataFrame
    counts: dict[str, int]
    unchanged: pd.DataFrame | None
    seconds: float
    spilled: str | None = None


def _text(column: pd.Series) -> pa.Array:
    """A column as Arrow text, missing as null (Arrow-backed text passes through)."""
    if isinstance(column.dtype, pd.StringDtype | pd.ArrowDtype):
        return pa.array(column, pa.string(), from_pandas=True)
    return pa.array([None if pd.isna(v) else str(v) for v in column], pa.string())


def content_hashes(raw: pd.DataFrame) -> np.ndarray:
    """A stable hash of each row's mapped input fields (MD5 of the fields in name order,
    a missing field marked apart from an empty one): a changed record gets a new hash."""
    fields = sorted(c for c in raw.columns if c not in ("source", "row_number"))
    table = pa.table({f"c{i}": _text(raw[f]) for i, f in enumerate(fields)})
    joined = ", ".join(f"coalesce(c{i}, chr(0))" for i in range(len(fields)))
    with duckdb.connect() as con:
        con.execute("SET threads = 1")  # a worker process each; the order is the rows'
        con.register("fields", table)
        hashes = con.sql(f"SELECT md5(concat_ws(chr(31), {joined})) AS h FROM fields")
        return hashes.fetchnumpy()["h"].astype(object)


def unchanged_rows(record_ids: pd.Series, hashes: np.ndarray, known: pa.Table) -> np.ndarray:
    """Which rows carry a record ID already resolved with this same content."""
    current = pa.table(
        {
            "i": np.arange(len(hashes), dtype=np.int64),
            "record_id": _text(record_ids),
            "h": pa.array(hashes, pa.string()),
        }
    )
    with duckdb.connect() as con:
        con.execute("SET threads = 1")
        con.register("current_rows", current)
        con.register("known_rows", known)
        same = con.sql(
            "SELECT c.i FROM current_rows c SEMI JOIN known_rows k "
            "ON k.record_id = c.record_id AND k.content_hash = c.h"
        ).fetchnumpy()["i"]
    mask = np.zeros(len(hashes), dtype=bool)
    mask[same] = True
    return mask


def run_task(task: SourceTask, ready: Callable[[], None] | None = None) -> SourceResult:
    """Read, diff against `known`, standardize; `ready` waits for the region indexes."""
    start = time.perf_counter()
    source = task.source
    raw = read_source(source.spec())
    hashes = content_hashes(raw)
    todo, unchanged = raw, None
    if task.known is not None:
        same = unchanged_rows(raw["record_id"], hashes, task.known)
        unchanged = raw.loc[same, ["source", "record_id", "row_number"]].reset_index(drop=True)
        todo, hashes = raw.loc[~same].reset_index(drop=True), hashes[~same]
    if ready is not None:
        ready()
    spilled = str(Path(task.spill_dir) / f"{source.name}.arrow") if task.spill_dir else None
    with _Spill(spilled, task.all_extra_fields) as spill:
        result = standardize_table(
            todo,
            reference=source.reference_date,
            within=task.within,
            extra_fields=task.extra_fields,
            extra_columns={"content_hash": hashes},
            sink=spill.write if spilled else None,
        )
        table = None if spilled else _with_extra_fields(result.table, task.all_extra_fields)
    counts = {
        "read": len(raw),
        "records": len(raw) - len(result.rejects),
        "rejects": len(result.rejects),
        "standardized": len(todo),
    }
    seconds = time.perf_counter() - start
    return SourceResult(source.name, table, result.rejects, counts, unchanged, seconds, spilled)


def _with_extra_fields(table: pa.Table, extra_fields: list[str]) -> pa.Table:
    """Every source's records carry every config-declared field (null where it has none)."""
    for name in extra_fields:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    return table


class _Spill:
    """A worker's records, written to an Arrow file chunk by chunk as they are standardized:
    the worker never holds them all, sends back only the path, and the parent maps the file,
    so its pages stay on disk until DuckDB reads them."""

    def __init__(self, path: str | None, extra_fields: list[str]):
        self.path, self.extra_fields = path, extra_fields
        self.sink: pa.OSFile | None = None
        self.writer: pa.ipc.RecordBatchFileWriter | None = None

    def write(self, table: pa.Table) -> None:
        table = _with_extra_fields(table, self.extra_fields)
        if self.writer is None:
            self.sink = pa.OSFile(self.path, "wb")
            self.writer = pa.ipc.new_file(self.sink, table.schema)
        self.writer.write_table(table, max_chunksize=64_000)

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        # standardize_table sends at least one chunk, empty for an empty source.
        if self.writer is not None:
            self.writer.close()
            self.sink.close()


def _mapped(path: str) -> pa.Table:
    return pa.ipc.open_file(pa.memory_map(path)).read_all()


def run_source_tasks(
    tasks: list[SourceTask], order: list[int], workers: int, spill_dir: Path | None = None
) -> list[SourceResult]:
    """Results in task order; tasks start in `order` (largest first keeps workers busy)."""
    if workers <= 1:
        # The region indexes load in a thread while the first source is read and hashed
        # (Arrow and DuckDB work without the GIL).
        warming = threading.Thread(target=warm_caches, daemon=True)
        warming.start()
        results = {i: run_task(tasks[i], warming.join) for i in order}
    else:
        context = get_context("forkserver")
        context.set_forkserver_preload([__name__])
        for task in tasks:
            task.spill_dir = str(spill_dir) if spill_dir else None
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            done = pool.map(run_task, [tasks[i] for i in order])
            results = dict(zip(order, done, strict=True))
        _stop_fork_server()
        for result in results.values():
            if result.spilled is not None:
                result.table = _mapped(result.spilled)
    return [results[i] for i in range(len(tasks))]


def _stop_fork_server() -> None:
    """The fork server would idle until exit holding the region indexes; stop it (a later
    pool starts a new one)."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


if multiprocessing.parent_process() is not None:
    warm_caches()  # imported in the fork server: every worker forked from it starts warm
