"""The queue: ordered by impact, filtered by region, source and status; neighbours for
next/previous; and the conflict cluster around a pair."""

from __future__ import annotations

import numpy as np
import pytest

from linkage.review.labels import Pair, record_decision
from linkage.review.queries import (
    Filters,
    conflict_cluster,
    filter_queue,
    impact,
    label_status,
    load_queue,
    neighbours,
)
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST


@pytest.mark.parametrize(
    ("changed", "more", "less"),
    [
        ("p", dict(p=0.5), dict(p=0.9)),  # uncertain pairs: nearer 0.5 first
        ("records", dict(records=8), dict(records=2)),
        ("amount", dict(amount=5_000_000), dict(amount=0)),
    ],
)
def test_impact_grows_with_uncertainty_size_and_money(changed, more, less):
    base = dict(p=0.6, conflict=False, records=2, amount=300_000)

    def value(overrides):
        args = {**base, **overrides}
        return impact(
            np.array([args["p"]]),
            np.array([args["conflict"]]),
            np.array([args["records"]]),
            np.array([args["amount"]]),
        )[0]

    assert value(more) > value(less), changed


def test_a_cut_edge_matters_more_the_surer_the_model_is():
    values = impact(np.array([0.99, 0.7]), np.array([True, True]), np.array([2, 2]), np.zeros(2))
    assert values[0] > values[1]


@pytest.fixture
def store(store_path):
    with IdentityStore(store_path) as store:
        yield store


def test_queue_is_ordered_by_impact(store):
    queue = load_queue(store.con)
    assert len(queue) > 1
    assert list(queue["impact"]) == sorted(queue["impact"], reverse=True)
    assert list(queue["rank"]) == list(range(len(queue)))


def test_decided_pairs_leave_the_open_queue_and_show_as_decided(store):
    queue = load_queue(store.con)
    first = queue.iloc[0]
    pair = Pair(first.source_l, first.record_id_l, first.source_r, first.record_id_r)
    record_decision(store, pair.swapped(), "different", ANALYST)
    statuses = label_status(store.con)
    open_rows = filter_queue(queue, statuses, Filters())
    decided = filter_queue(queue, statuses, Filters(status="decided"))
    assert first.key not in set(open_rows["key"])
    assert list(decided["key"]) == [first.key]


def test_filters_keep_pairs_touching_the_source_or_region(store):
    queue = load_queue(store.con)
    source = queue.iloc[0].source_r
    by_source = filter_queue(queue, {}, Filters(source=source))
    assert len(by_source) and all(
        source in (row.source_l, row.source_r) for row in by_source.itertuples()
    )
    region = queue.iloc[0].region_l[:4]
    by_region = filter_queue(queue, {}, Filters(region=region))
    assert len(by_region) and all(
        str(row.region_l).startswith(region) or str(row.region_r).startswith(region)
        for row in by_region.itertuples()
    )
    assert filter_queue(queue, {}, Filters(region="99")).empty


def test_filters_from_the_url_drop_junk():
    assert Filters.of("18.71'--", " dtks ", "bogus") == Filters("1871", "dtks", "open")


def test_next_after_the_last_open_pair_wraps_to_the_first(store):
    queue = load_queue(store.con)
    rows = filter_queue(queue, {}, Filters(status="all"))
    last = rows.iloc[-1]
    previous, following = neighbours(
        rows, queue, Pair(*last[["source_l", "record_id_l", "source_r", "record_id_r"]])
    )
    assert following == Pair(*rows.iloc[0][["source_l", "record_id_l", "source_r", "record_id_r"]])
    assert previous == Pair(*rows.iloc[-2][["source_l", "record_id_l", "source_r", "record_id_r"]])


def test_conflict_cluster_holds_both_persons_and_marks_their_weakest_links(store):
    queue = load_queue(store.con)
    conflict = queue[queue["conflict"]].iloc[0]
    cluster = conflict_cluster(store.con, [conflict.person_id_l, conflict.person_id_r])
    assert {conflict.person_id_l, conflict.person_id_r} <= set(cluster.persons)
    assert {n.record["person_id"] for n in cluster.nodes} == set(cluster.persons)
    between = [e for e in cluster.edges if not e.within]
    assert any(e.cut_reason == conflict.reason for e in between)
    multi = {
        p for p in cluster.persons if sum(n.record["person_id"] == p for n in cluster.nodes) > 1
    }
    weakest = [e for e in cluster.edges if e.weakest]
    assert {e.a.record["person_id"] for e in weakest} == multi
    for edge in weakest:
        same_person = [
            e.match_probability
            for e in cluster.edges
            if e.within and e.a.record["person_id"] == edge.a.record["person_id"]
        ]
        assert edge.match_probability <= max(same_person)
