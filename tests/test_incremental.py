"""Incremental runs: what is read, what is re-clustered, and that the result is a full run's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from linkage.config import ConfigError, config_from_dict
from linkage.incremental.scope import is_symmetric
from linkage.job import run_job
from linkage.store import FAULT_ENV, IdentityStore


def _config(data: Path, out: Path, store: Path, **extra):
    sources = yaml.safe_load((data / "sources.yaml").read_text())["sources"]
    raw = {
        "name": "incremental-test",
        "sources": sources,
        "standardize": {"region_within": "18"},
        "store": str(store),
        "output": {"dir": str(out), "report": False},
        **extra,
    }
    return config_from_dict(raw, base=data)


def _persons(result) -> set[frozenset]:
    resolved = pd.read_parquet(result.files["resolved_records"])
    keys = resolved["source"] + "/" + resolved["record_id"]
    return {frozenset(keys[idx]) for idx in resolved.groupby("person_id").groups.values()}


def _snapshot(store: Path) -> dict[str, pd.DataFrame]:
    with IdentityStore(store, read_only=True) as s:
        return {
            table: s.con.execute(f"SELECT * FROM {table} ORDER BY ALL").df()
            for table in ("runs", "persons", "memberships", "events", "run_records")
        }


@pytest.fixture
def data(synth_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(synth_dir, copy)
    return copy


def _dtks(data: Path) -> pd.DataFrame:
    return pd.read_csv(data / "dtks.csv", dtype=str, keep_default_na=False)


def _write_dtks(data: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(data / "dtks.csv", index=False)


def test_appended_changed_and_removed_rows_give_the_full_run_partition(data, tmp_path):
    dtks = _dtks(data)
    _write_dtks(data, dtks.iloc[:-15])
    store = tmp_path / "id.duckdb"
    run_job(_config(data, tmp_path / "a", store))
    # Next month: 15 rows appended, one name corrected, one person left the list.
    final = dtks.copy()
    final.loc[3, "NAMA"] = final.loc[3, "NAMA"] + " SAPUTRA"
    final = final.drop(index=7)
    _write_dtks(data, final)
    incremental = run_job(_config(data, tmp_path / "b", store), incremental=True)
    full = run_job(_config(data, tmp_path / "c", tmp_path / "full.duckdb"))
    assert _persons(incremental) == _persons(full)
    sources = incremental.counts["sources"]
    assert sources["dtks"]["standardized"] == 16  # the 15 new rows and the corrected one
    assert all(c["standardized"] == 0 for name, c in sources.items() if name != "dtks")
    assert incremental.counts["records"] == full.counts["records"]
    removed = dtks.loc[7, "ID_ART"]
    with IdentityStore(store, read_only=True) as s:
        kept = s.con.execute(
            "SELECT count(*) FROM memberships WHERE source = 'dtks' AND record_id = ?", [removed]
        ).fetchall()[0][0]
        stored = s.con.execute("SELECT count(*) FROM run_records").fetchall()[0][0]
    assert kept == 0
    assert stored == full.counts["records"]


def test_an_incremental_run_with_nothing_new_changes_nothing(data, tmp_path):
    store = tmp_path / "id.duckdb"
    first = run_job(_config(data, tmp_path / "a", store))
    with IdentityStore(store, read_only=True) as s:
        queue = s.con.execute("SELECT * FROM run_review_queue ORDER BY ALL").df()
    second = run_job(_config(data, tmp_path / "b", store), incremental=True)
    assert set(second.counts["events"].values()) == {0}
    assert all(c["standardized"] == 0 for c in second.counts["sources"].values())
    ids = ["source", "record_id", "person_id"]
    before = pd.read_parquet(first.files["resolved_records"], columns=ids)
    after = pd.read_parquet(second.files["resolved_records"], columns=ids)
    pd.testing.assert_frame_equal(before, after)
    with IdentityStore(store, read_only=True) as s:
        assert s.con.execute("SELECT max(run_id) FROM runs").fetchall()[0][0] == 2
        last_runs = s.con.execute("SELECT DISTINCT last_run FROM memberships").fetchall()
        queue_after = s.con.execute("SELECT * FROM run_review_queue ORDER BY ALL").df()
    assert last_runs == [(2,)]  # every current record was seen by run 2
    pd.testing.assert_frame_equal(queue, queue_after)  # untouched persons keep their queue


def test_incremental_needs_the_same_linking_rules(data, tmp_path):
    store = tmp_path / "id.duckdb"
    run_job(_config(data, tmp_path / "a", store))
    changed = _config(data, tmp_path / "b", store, thresholds={"link": 0.8, "review": 0.2})
    with pytest.raises(ConfigError, match="run without --incremental"):
        run_job(changed, incremental=True)


def test_an_incremental_run_killed_while_committing_leaves_the_store_as_it_was(data, tmp_path):
    dtks = _dtks(data)
    _write_dtks(data, dtks.iloc[:-10])
    store = tmp_path / "id.duckdb"
    run_job(_config(data, tmp_path / "a", store))
    before = _snapshot(store)
    _write_dtks(data, dtks)
    job = tmp_path / "job.yaml"
    spec = yaml.safe_load((data / "sources.yaml").read_text())
    job.write_text(
        yaml.safe_dump(
            {
                "sources": [{**s, "path": str(data / s["path"])} for s in spec["sources"]],
                "standardize": {"region_within": "18"},
                "store": str(store),
                "output": {"dir": str(tmp_path / "killed"), "report": False},
            }
        )
    )
    env = {**os.environ, FAULT_ENV: "store-commit"}
    command = [sys.executable, "-m", "linkage.cli", "run", str(job), "--incremental"]
    proc = subprocess.run(command, env=env, capture_output=True)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    after = _snapshot(store)
    for table, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)
    result = run_job(_config(data, tmp_path / "b", store), incremental=True)
    assert result.counts["run_id"] == 2
    assert result.counts["sources"]["dtks"]["standardized"] == 10


@pytest.mark.parametrize(
    ("rule", "symmetric"),
    [
        ('l."nik" = r."nik"', True),
        ("(l.a = r.a) AND (r.b = l.b)", True),
        ("l.a = r.a AND (l.dob IS NULL OR r.dob IS NULL)", True),
        ("substr(l.x, 1, 3) = substr(r.x, 1, 3)", True),
        ("l.a = r.b", False),
        ("l.a = r.a AND l.dob IS NULL", False),
        ("l.a = r.a AND l.b > r.b", False),
    ],
)
def test_blocking_rules_are_joined_both_ways_unless_symmetric(rule, symmetric):
    assert is_symmetric(rule) is symmetric
