"""Clustering: components at the threshold, NIK-conflict splitting, labels and confidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage.resolve.cluster import cluster_records


def _pairs(rows):
    return pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])


def test_components_form_at_the_link_threshold():
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.95), (3, 4, 0.5)])
    result = cluster_records(5, pairs, np.array([None] * 5, dtype=object), 0.9)
    labels = result.cluster
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[4]
    assert len(set(labels.tolist())) == 3


def test_labels_are_ordered_by_first_record():
    pairs = _pairs([(3, 4, 0.99), (0, 2, 0.99)])
    result = cluster_records(5, pairs, np.array([None] * 5, dtype=object), 0.9)
    assert result.cluster.tolist() == [0, 1, 0, 2, 2]


def test_two_valid_niks_are_split_at_the_weakest_edge():
    # 0 and 3 carry different NIKs; the chain 0-1-2-3 must break at its weakest link (1-2).
    niks = np.array(["1871015005850003", None, None, "1807044107700012"], dtype=object)
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.91), (2, 3, 0.98)])
    result = cluster_records(4, pairs, niks, 0.9)
    labels = result.cluster
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert labels[0] != labels[2]
    assert result.cut_edges[["uid_l", "uid_r"]].values.tolist() == [[1, 2]]
    assert result.cut_edges["reason"].iloc[0] == "two different valid NIKs"
    assert len(result.conflict_clusters) == 2


def test_same_nik_records_are_not_a_conflict():
    niks = np.array(["1871015005850003", "1871015005850003"], dtype=object)
    result = cluster_records(2, _pairs([(0, 1, 0.95)]), niks, 0.9)
    assert result.cluster[0] == result.cluster[1]
    assert len(result.conflict_clusters) == 0


def test_cannot_link_separates_and_must_link_joins():
    niks = np.array([None] * 4, dtype=object)
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.97)])
    result = cluster_records(4, pairs, niks, 0.9, cannot_link=[(0, 2)], must_link=[(2, 3)])
    labels = result.cluster
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert labels[0] != labels[2]


def test_record_confidence_is_strongest_edge_into_person():
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.92), (2, 3, 0.3)])
    result = cluster_records(4, pairs, np.array([None] * 4, dtype=object), 0.9)
    assert result.record_confidence[:3] == pytest.approx([0.99, 0.99, 0.92])
    # A singleton's confidence is 1 minus its strongest edge to anyone.
    assert result.record_confidence[3] == pytest.approx(0.7)


def test_person_confidence_is_weakest_spanning_tree_edge():
    # The triangle 0-1-2 holds even without its weakest edge (0-2); its spanning tree's
    # weakest edge is 0.95.
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.95), (0, 2, 0.91)])
    result = cluster_records(3, pairs, np.array([None] * 3, dtype=object), 0.9)
    assert result.cluster_confidence[result.cluster[0]] == pytest.approx(0.95)


def test_singletons_without_any_edge_are_certain():
    result = cluster_records(2, _pairs([]), np.array([None] * 2, dtype=object), 0.9)
    assert result.cluster.tolist() == [0, 1]
    assert result.record_confidence.tolist() == [1.0, 1.0]
    assert result.cluster_confidence.tolist() == [1.0, 1.0]


def test_clustering_is_deterministic_under_edge_order():
    rng = np.random.default_rng(3)
    rows = [
        (int(a), int(b), float(p))
        for a, b, p in zip(
            rng.integers(0, 50, 200),
            rng.integers(50, 100, 200),
            rng.uniform(0.5, 1, 200),
            strict=True,
        )
    ]
    niks = np.array(
        [f"18710150058{i:05d}" if i % 7 == 0 else None for i in range(100)], dtype=object
    )
    first = cluster_records(100, _pairs(rows), niks, 0.8)
    second = cluster_records(100, _pairs(rows[::-1]), niks, 0.8)
    assert first.cluster.tolist() == second.cluster.tolist()
    assert np.allclose(first.cluster_confidence, second.cluster_confidence)


def test_deduplicated_source_never_holds_two_records_of_one_person():
    # Registry twins 0 and 1 (no NIK) both link strongly to a programme record 2; the
    # registry lists each person once, so they stay two persons and the weaker edge is cut.
    pairs = _pairs([(0, 2, 0.99), (1, 2, 0.95), (0, 1, 0.93)])
    exclusive = np.array([0, 0, -1])
    result = cluster_records(
        3, pairs, np.array([None] * 3, dtype=object), 0.9, exclusive_source=exclusive
    )
    labels = result.cluster
    assert labels[0] == labels[2]
    assert labels[1] != labels[0]
    assert set(result.cut_edges["reason"]) == {"two records of a deduplicated source"}


def test_a_directly_linked_cannot_link_pair_is_reported_as_cut():
    pairs = _pairs([(0, 1, 0.99)])
    result = cluster_records(
        2, pairs, np.array([None] * 2, dtype=object), 0.9, cannot_link=[(1, 0)]
    )
    assert result.cluster[0] != result.cluster[1]
    assert result.cut_edges[["uid_l", "uid_r", "reason"]].values.tolist() == [[0, 1, "cannot-link"]]


def test_a_serial_typo_under_one_name_is_one_person():
    # Same region, birth date and name; serial 0002 typed as 0302 (DOMAIN.md 1.2: typos).
    niks = np.array(["3207292912550002", "3207292912550302"], dtype=object)
    names = np.array(["DDN STTN", "DDN STTN"], dtype=object)
    result = cluster_records(2, _pairs([(0, 1, 0.99)]), niks, 0.9, names=names)
    assert result.cluster[0] == result.cluster[1]
    assert len(result.conflict_clusters) == 0


def test_twins_nik_serials_apart_under_other_names_stay_two_people():
    niks = np.array(["1871015005850001", None, "1871015005850002"], dtype=object)
    names = np.array(["RN", "RN", "RD"], dtype=object)
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.95)])
    result = cluster_records(3, pairs, niks, 0.9, names=names)
    assert result.cluster[0] == result.cluster[1] != result.cluster[2]
    assert result.cut_edges[["uid_l", "uid_r"]].values.tolist() == [[1, 2]]


def test_a_serial_typo_joins_only_where_records_bearing_both_niks_share_a_name():
    # 0 and 2 carry NIKs a serial apart; 1 (no NIK) chains them. Only when the NIK-bearing
    # records themselves share a name are they one person.
    niks = np.array(["1871015005850001", None, "1871015005850007"], dtype=object)
    pairs = _pairs([(0, 1, 0.99), (1, 2, 0.95)])
    same = cluster_records(3, pairs, niks, 0.9, names=np.array(["A", "B", "A"], dtype=object))
    other = cluster_records(3, pairs, niks, 0.9, names=np.array(["A", "A", "B"], dtype=object))
    assert len(set(same.cluster.tolist())) == 1
    assert len(set(other.cluster.tolist())) == 2
