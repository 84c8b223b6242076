"""Decisions feed back: on the next run a 'different' decision splits a person, and a 'same'
decision joins two persons."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.job import run_job
from linkage.review.labels import Pair, record_decision
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST, copy_store, review_config


@pytest.fixture(scope="module")
def rerun(reviewed_run, tmp_path_factory) -> tuple[Path, Pair, Pair]:
    """A copy of the reviewed store; one pair of a person marked 'different', two records
    of different persons marked 'same'; then the job runs again on it."""
    folder = tmp_path_factory.mktemp("feedback")
    store_path = copy_store(reviewed_run.store, folder)
    with IdentityStore(store_path) as store:
        twosome = store.con.execute(
            """
            SELECT list(source ORDER BY source, record_id), list(record_id ORDER BY source,
                   record_id)
            FROM memberships GROUP BY person_id HAVING count(*) = 2
            ORDER BY min(source), min(record_id) LIMIT 1
            """
        ).fetchone()
        apart = store.con.execute(
            """
            SELECT a.source, a.record_id, b.source, b.record_id FROM memberships a
            JOIN memberships b ON a.person_id < b.person_id
            ORDER BY a.source, a.record_id, b.source, b.record_id LIMIT 1
            """
        ).fetchone()
        split = Pair(twosome[0][0], twosome[1][0], twosome[0][1], twosome[1][1])
        join = Pair(*apart)
        record_decision(store, split, "different", ANALYST, "father and son")
        record_decision(store, join, "same", ANALYST, "name changed after marriage")
    config = review_config(reviewed_run.synth_dir, folder)
    run_job(config)
    return store_path, split, join


def person_of(store: IdentityStore, source: str, record_id: str) -> str:
    return store.con.execute(
        "SELECT person_id FROM memberships WHERE source = ? AND record_id = ?",
        [source, record_id],
    ).fetchone()[0]


def test_different_decision_splits_the_person_on_the_next_run(rerun):
    store_path, split, _ = rerun
    with IdentityStore(store_path) as store:
        assert person_of(store, split.source_l, split.record_id_l) != person_of(
            store, split.source_r, split.record_id_r
        )


def test_same_decision_joins_two_persons_on_the_next_run(rerun):
    store_path, _, join = rerun
    with IdentityStore(store_path) as store:
        assert person_of(store, join.source_l, join.record_id_l) == person_of(
            store, join.source_r, join.record_id_r
        )


def test_the_split_is_a_lineage_event(rerun):
    store_path, _, _ = rerun
    with IdentityStore(store_path) as store:
        kinds = {
            k for (k,) in store.con.execute("SELECT kind FROM events WHERE run_id = 2").fetchall()
        }
    assert "split" in kinds or "record_moved" in kinds
