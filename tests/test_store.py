"""Stable person IDs: the assignment rules, and the store across real runs."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from linkage.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    IdentityStore,
    assign_person_ids,
    format_person_id,
)


def _records(*keys):
    return pd.DataFrame(keys, columns=["source", "record_id"])


def _previous(rows):
    return pd.DataFrame(rows, columns=["source", "record_id", "person_id", "created_run"])


RECORDS = _records(("a", "1"), ("a", "2"), ("b", "1"), ("b", "2"), ("c", "1"))


def test_unchanged_clusters_keep_their_ids_and_make_no_events():
    previous = _previous(
        [("a", "1", "P1", 1), ("a", "2", "P1", 1), ("b", "1", "P2", 1), ("b", "2", "P2", 1)]
    )
    result = assign_person_ids(RECORDS.iloc[:4], np.array([0, 0, 1, 1]), previous, 2, 9)
    assert result.person_ids.tolist() == ["P1", "P2"]
    assert result.events.empty


def test_merge_keeps_the_oldest_id_and_records_merged_into():
    previous = _previous([("a", "1", "P7", 1), ("a", "2", "P7", 1), ("b", "1", "P3", 2)])
    result = assign_person_ids(RECORDS.iloc[:3], np.array([0, 0, 0]), previous, 3, 9)
    assert result.person_ids.tolist() == ["P7"]  # created in run 1, older than P3 (run 2)
    merged = result.events[result.events["kind"] == "merged"]
    assert merged[["person_id", "other_person_id"]].values.tolist() == [["P3", "P7"]]
    assert result.merged == 1 and result.moved == 0


def test_split_gives_the_minority_a_new_id_with_split_from():
    previous = _previous(
        [("a", "1", "P1", 1), ("a", "2", "P1", 1), ("b", "1", "P1", 1), ("b", "2", "P2", 1)]
    )
    labels = np.array([0, 0, 1, 2])  # b/1 leaves P1 for a person of its own
    result = assign_person_ids(RECORDS.iloc[:4], labels, previous, 2, 9)
    assert result.person_ids.tolist() == ["P1", format_person_id(9), "P2"]
    split = result.events[result.events["kind"] == "split"]
    assert split[["person_id", "other_person_id"]].values.tolist() == [[format_person_id(9), "P1"]]
    moved = result.events[result.events["kind"] == "record_moved"]
    assert moved[["source", "record_id"]].values.tolist() == [["b", "1"]]


def test_new_records_create_persons_and_vanished_persons_retire():
    previous = _previous([("a", "1", "P1", 1), ("z", "9", "P4", 1)])
    result = assign_person_ids(
        RECORDS.iloc[:1].pipe(lambda r: pd.concat([r, RECORDS.iloc[4:]])),
        np.array([0, 1]),
        previous,
        2,
        5,
    )
    assert result.person_ids.tolist() == ["P1", format_person_id(5)]
    kinds = result.events.set_index("kind")["person_id"].to_dict()
    assert kinds == {"created": format_person_id(5), "retired": "P4"}


def test_ties_are_broken_deterministically():
    previous = _previous([("a", "1", "P2", 1), ("a", "2", "P1", 1)])
    first = assign_person_ids(RECORDS.iloc[:2], np.array([0, 0]), previous, 2, 9)
    second = assign_person_ids(RECORDS.iloc[:2], np.array([0, 0]), previous.iloc[::-1], 2, 9)
    assert first.person_ids.tolist() == second.person_ids.tolist() == ["P1"]


def test_schema_is_versioned_and_migrated(tmp_path):
    path = tmp_path / "store.duckdb"
    with IdentityStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 2
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
    assert {"persons", "memberships", "runs", "events", "labels", "meta"} <= tables
    assert {"source_files", "run_rejects"} <= tables
    with IdentityStore(path) as store:  # reopening does not migrate twice
        assert store.schema_version() == 2


def test_a_version_1_store_is_migrated_keeping_its_persons(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO persons VALUES ('P0000001', 1, 1, 'active', NULL, NULL, 2, 0.9)")
    con.close()
    with IdentityStore(path) as store:
        assert store.schema_version() == 2
        row = store.con.execute("SELECT person_id, record_count, conflict FROM persons").fetchall()
    assert row == [("P0000001", 2, False)]


def test_transaction_rolls_back_on_error(tmp_path):
    with IdentityStore(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.con.execute("INSERT INTO meta VALUES ('x', 'y')")
            raise RuntimeError("boom")
        assert store.con.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0
