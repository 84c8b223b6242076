"""The identity store across real runs: stable IDs, incremental = full, killed runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from linkage.config import config_from_dict
from linkage.job import run_job
from linkage.store import FAULT_ENV, IdentityStore


def _config(synth_dir: Path, out: Path, store: Path, skip: tuple[str, ...] = ()):
    sources = yaml.safe_load((synth_dir / "sources.yaml").read_text())["sources"]
    sources = [s for s in sources if s["name"] not in skip]
    raw = {
        "name": "store-test",
        "sources": sources,
        "standardize": {"region_within": "18"},
        "store": str(store),
        "output": {"dir": str(out)},
    }
    return config_from_dict(raw, base=synth_dir)


def _persons(result) -> set[frozenset]:
    resolved = pd.read_parquet(result.files["resolved_records"])
    keys = resolved["source"] + "/" + resolved["record_id"]
    return {frozenset(keys[idx]) for idx in resolved.groupby("person_id").groups.values()}


def _ids(result) -> pd.Series:
    resolved = pd.read_parquet(result.files["resolved_records"])
    return resolved.set_index(["source", "record_id"])["person_id"]


def test_rerunning_the_same_inputs_changes_no_id(synth_dir, tmp_path):
    store = tmp_path / "id.duckdb"
    first = run_job(_config(synth_dir, tmp_path / "a", store))
    second = run_job(_config(synth_dir, tmp_path / "b", store))
    assert _ids(first).equals(_ids(second))
    assert second.counts["run_id"] == 2
    assert second.counts["events"] == {
        "created": 0,
        "merged": 0,
        "split": 0,
        "retired": 0,
        "record_moved": 0,
    }


def test_adding_a_source_keeps_existing_ids(synth_dir, tmp_path):
    store = tmp_path / "id.duckdb"
    first = run_job(_config(synth_dir, tmp_path / "a", store, skip=("pkh", "csr")))
    second = run_job(_config(synth_dir, tmp_path / "b", store))
    before, after = _ids(first), _ids(second)
    with IdentityStore(store, read_only=True) as s:
        merged = dict(
            s.con.execute(
                "SELECT person_id, other_person_id FROM events WHERE kind = 'merged'"
            ).fetchall()
        )
    for key, person_id in before.items():
        now = after[key]
        assert now == person_id or merged.get(person_id) == now, key
    assert second.counts["events"]["retired"] == 0


def test_incremental_run_gives_the_full_run_partition(synth_dir, tmp_path):
    store = tmp_path / "inc.duckdb"
    run_job(_config(synth_dir, tmp_path / "a", store, skip=("pkh", "csr")))
    incremental = run_job(_config(synth_dir, tmp_path / "b", store), incremental=True)
    full = run_job(_config(synth_dir, tmp_path / "c", tmp_path / "full.duckdb"))
    assert _persons(incremental) == _persons(full)
    new = incremental.counts["sources"]
    assert new["dtks"]["standardized"] == 0  # unchanged sources were not standardized again
    assert new["pkh"]["standardized"] == new["pkh"]["read"]


def test_incremental_needs_a_store_with_a_run(synth_dir, tmp_path):
    from linkage.config import ConfigError

    with pytest.raises(ConfigError, match="needs an identity store"):
        run_job(_config(synth_dir, tmp_path / "a", tmp_path / "x.duckdb"), incremental=True)


def _snapshot(store: Path) -> dict:
    with IdentityStore(store, read_only=True) as s:
        return {
            table: s.con.execute(f"SELECT * FROM {table} ORDER BY ALL").df()
            for table in ("runs", "persons", "memberships", "events")
        }


def test_a_run_killed_while_committing_leaves_the_store_as_it_was(synth_dir, tmp_path):
    store = tmp_path / "id.duckdb"
    config = _config(synth_dir, tmp_path / "a", store, skip=("pkh",))
    run_job(config)
    before = _snapshot(store)
    job = tmp_path / "job.yaml"
    raw = yaml.safe_load((synth_dir / "sources.yaml").read_text())
    job.write_text(
        yaml.safe_dump(
            {
                "sources": [{**s, "path": str(synth_dir / s["path"])} for s in raw["sources"]],
                "standardize": {"region_within": "18"},
                "store": str(store),
                "output": {"dir": str(tmp_path / "killed")},
            }
        )
    )
    env = {**os.environ, FAULT_ENV: "store-commit"}
    proc = subprocess.run(
        [sys.executable, "-m", "linkage.cli", "run", str(job)], env=env, capture_output=True
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    after = _snapshot(store)
    for table, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)
    # The next run works and commits.
    result = run_job(_config(synth_dir, tmp_path / "b", store))
    assert result.counts["run_id"] == 2


def test_a_run_killed_mid_predict_leaves_the_store_as_it_was(synth_dir, tmp_path):
    store = tmp_path / "id.duckdb"
    run_job(_config(synth_dir, tmp_path / "a", store))
    before = _snapshot(store)
    job = tmp_path / "job.yaml"
    raw = yaml.safe_load((synth_dir / "sources.yaml").read_text())
    job.write_text(
        yaml.safe_dump(
            {
                "sources": [{**s, "path": str(synth_dir / s["path"])} for s in raw["sources"]],
                "standardize": {"region_within": "18"},
                "store": str(store),
                "output": {"dir": str(tmp_path / "killed")},
            }
        )
    )
    env = {**os.environ, FAULT_ENV: "predicted"}
    proc = subprocess.run(
        [sys.executable, "-m", "linkage.cli", "run", str(job)], env=env, capture_output=True
    )
    assert proc.returncode == -9
    after = _snapshot(store)
    for table, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)
