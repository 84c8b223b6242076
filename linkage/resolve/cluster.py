"""Cluster scored pairs into persons, split NIK conflicts, and compute match confidence.

Connected components at the link threshold (scipy's sparse graph routines), then, only inside
components that hold two different valid NIKs (more than one typo apart, or a serial apart
under different names) or an analyst's cannot-link pair, a constrained Kruskal pass that never
joins such records: the edges it refuses are the weakest links that would have chained two
persons, and they go to review.
Confidence follows DESIGN.md 4: a record's strongest edge into its person; a person's weakest
maximum-spanning-tree edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from jellyfish import damerau_levenshtein_distance
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

_EPSILON = 1e-12  # keeps p == 1 edges as non-zero weights in the sparse MST


@dataclass
class Clustering:
    """Cluster label per record, record/cluster confidence, and the edges cut for conflicts."""

    cluster: np.ndarray  # int label per record (dense 0..k-1, ordered by first member)
    record_confidence: np.ndarray  # float per record
    cluster_confidence: np.ndarray  # float per cluster label
    cut_edges: pd.DataFrame  # uid_l, uid_r, match_probability, reason
    conflict_clusters: np.ndarray  # labels of clusters that came out of a conflict split


NikNames = dict[str, set[str]]  # a trusted NIK -> the name keys of the records that carry it


def _two_people(a: str, b: str, names_a: set[str], names_b: set[str]) -> bool:
    if damerau_levenshtein_distance(a, b) > 1:
        return True
    # Same region and birth date but another serial is how twins look, unless the records
    # bearing the two NIKs share a name: twins are not given one name, a mistyped serial is.
    return a[:12] == b[:12] and not (names_a & names_b)


def niks_conflict(niks: NikNames | set[str]) -> bool:
    """Two valid NIKs mean two people, unless one is a typo of the other (one digit changed or
    two neighbours swapped) in its region or date digits, or in its serial under one name."""
    if len(niks) < 2:
        return False
    named = niks if isinstance(niks, dict) else {nik: set() for nik in niks}
    ordered = sorted(named)
    return any(
        _two_people(a, b, named[a], named[b])
        for i, a in enumerate(ordered)
        for b in ordered[i + 1 :]
    )


def _nik_names(niks: np.ndarray, names: np.ndarray, members: np.ndarray) -> NikNames:
    found: NikNames = {}
    for member in members:
        nik = niks[member]
        if nik is not None:
            bucket = found.setdefault(nik, set())
            name = names[member]
            if isinstance(name, str) and name:  # read only here: no pass over all records
                bucket.add(name)
    return found


class _UnionFind:
    """Union-find whose sets remember what makes two sets different people: their trusted
    NIKs, the deduplicated sources they hold records of, and analysts' cannot-links."""

    def __init__(self, niks: dict[int, NikNames], sources: dict[int, int]):
        self.parent: dict[int, int] = {}
        self.niks: dict[int, NikNames] = niks
        self.sources: dict[int, set[int]] = {k: {v} for k, v in sources.items()}
        self.cannot: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def refusal(self, a: int, b: int) -> str | None:
        """Why the sets rooted at a and b must stay apart (None: they may join)."""
        if niks_conflict(_merged(self.niks.get(a, {}), self.niks.get(b, {}))):
            return "two different valid NIKs"
        if self.sources.get(a, set()) & self.sources.get(b, set()):
            return "two records of a deduplicated source"
        if any(self.find(m) == b for m in self.cannot.get(a, ())):
            return "cannot-link"
        return None

    def union(self, a: int, b: int) -> None:
        self.parent[b] = a
        if b in self.niks:
            self.niks[a] = _merged(self.niks.get(a, {}), self.niks.pop(b))
        for store in (self.sources, self.cannot):
            moved = store.pop(b, set())
            if moved:
                store.setdefault(a, set()).update(moved)


def _merged(a: NikNames, b: NikNames) -> NikNames:
    if not b:
        return a
    merged = {nik: set(names) for nik, names in a.items()}
    for nik, names in b.items():
        merged.setdefault(nik, set()).update(names)
    return merged


def _constrained_kruskal(
    nodes: np.ndarray,
    edges: pd.DataFrame,
    niks: np.ndarray,
    names: np.ndarray,
    exclusive: np.ndarray,
    cannot_pairs: list[tuple[int, int]],
) -> tuple[dict[int, int], list[tuple[int, int, float]], list[tuple[int, int, float, str]]]:
    """Join records strongest edge first, refusing joins that would make one person of two."""
    uf = _UnionFind(
        {int(n): _nik_names(niks, names, np.array([n])) for n in nodes if niks[n] is not None},
        {int(n): int(exclusive[n]) for n in nodes if exclusive[n] >= 0},
    )
    for a, b in cannot_pairs:
        uf.cannot.setdefault(a, set()).add(b)
        uf.cannot.setdefault(b, set()).add(a)
    kept: list[tuple[int, int, float]] = []
    cut: list[tuple[int, int, float, str]] = []
    ordered = edges.sort_values(
        ["match_probability", "uid_l", "uid_r"], ascending=[False, True, True], kind="stable"
    )
    for u, v, p in ordered[["uid_l", "uid_r", "match_probability"]].itertuples(index=False):
        ru, rv = uf.find(int(u)), uf.find(int(v))
        if ru == rv:
            continue
        if ru > rv:
            ru, rv = rv, ru
        reason = uf.refusal(ru, rv)
        if reason is None:
            uf.union(ru, rv)
            kept.append((int(u), int(v), float(p)))
        else:
            cut.append((int(u), int(v), float(p), reason))
    roots = {int(n): uf.find(int(n)) for n in nodes}
    return roots, kept, cut


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Dense labels ordered by each cluster's first record, so output order is stable."""
    _, first_index, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_index, kind="stable"), kind="stable")
    return order[inverse]


def cluster_records(
    n_records: int,
    pairs: pd.DataFrame,
    niks: np.ndarray,
    link_threshold: float,
    *,
    exclusive_source: np.ndarray | None = None,
    must_link: list[tuple[int, int]] | None = None,
    cannot_link: list[tuple[int, int]] | None = None,
    names: np.ndarray | None = None,
) -> Clustering:
    """Cluster `n_records` records (uids 0..n-1) from scored `pairs` (uid_l, uid_r, p).

    `pairs` may hold edges below the link threshold: they only feed singleton confidence.
    `niks` holds each record's trusted valid NIK or None, `names` its name key (two NIKs a
    serial typo apart are one person's only under one name). `exclusive_source` holds, per
    record, a code for a source known to list each person once (-1 otherwise): two records of
    such a source never end in one person.
    """
    niks = _text_or_none(niks)
    if names is None:
        names = np.full(n_records, None, dtype=object)
    if exclusive_source is None:
        exclusive_source = np.full(n_records, -1, dtype=np.int64)
    pairs = pairs[["uid_l", "uid_r", "match_probability"]].astype(
        {"uid_l": np.int64, "uid_r": np.int64, "match_probability": float}
    )
    links = pairs[pairs["match_probability"] >= link_threshold]
    if must_link:
        forced = pd.DataFrame(must_link, columns=["uid_l", "uid_r"]).assign(match_probability=1.0)
        links = pd.concat([links, forced], ignore_index=True)
    cannot_link = cannot_link or []
    refused = pd.DataFrame(columns=["uid_l", "uid_r", "match_probability"])
    if cannot_link:
        # An analyst said "different persons": the direct link is cut (and reported).
        blocked = pd.MultiIndex.from_tuples([tuple(sorted(p)) for p in cannot_link])
        key = pd.MultiIndex.from_arrays(
            [links[["uid_l", "uid_r"]].min(axis=1), links[["uid_l", "uid_r"]].max(axis=1)]
        )
        refused = links[key.isin(blocked)]
        links = links[~key.isin(blocked)]

    graph = coo_matrix(
        (np.ones(len(links)), (links["uid_l"].to_numpy(), links["uid_r"].to_numpy())),
        shape=(n_records, n_records),
    )
    _, labels = connected_components(graph, directed=False)

    conflicted = _conflicted_components(labels, niks, names, exclusive_source, cannot_link)
    in_conflict = np.isin(labels, conflicted)
    edge_label = labels[links["uid_l"].to_numpy()] if len(links) else np.array([], dtype=int)
    conflict_edges = links[np.isin(edge_label, conflicted)] if len(links) else links
    clean_edges = links[~np.isin(edge_label, conflicted)] if len(links) else links

    mst = _maximum_spanning_edges(n_records, clean_edges)
    cut_rows: list[tuple[int, int, float, str]] = []
    if len(conflicted):
        nodes = np.flatnonzero(in_conflict)
        roots, kept, cut_rows = _constrained_kruskal(
            nodes, conflict_edges, niks, names, exclusive_source, cannot_link
        )
        offset = labels.max() + 1
        for node, root in roots.items():
            labels[node] = offset + root
        mst = pd.concat(
            [mst, pd.DataFrame(kept, columns=["uid_l", "uid_r", "match_probability"])],
            ignore_index=True,
        )
    labels = _relabel(labels)
    conflict_labels = np.unique(labels[in_conflict]) if in_conflict.any() else np.array([], int)

    record_conf = _record_confidence(n_records, pairs, labels)
    cluster_conf = _cluster_confidence(labels, mst, record_conf)
    cut = pd.DataFrame(cut_rows, columns=["uid_l", "uid_r", "match_probability", "reason"])
    if len(refused):
        cut = pd.concat([cut, refused.assign(reason="cannot-link")], ignore_index=True)
    return Clustering(labels, record_conf, cluster_conf, cut, conflict_labels)


def _text_or_none(values: np.ndarray) -> np.ndarray:
    return np.array([v if isinstance(v, str) and v else None for v in values], dtype=object)


def _conflicted_components(
    labels: np.ndarray,
    niks: np.ndarray,
    names: np.ndarray,
    exclusive: np.ndarray,
    cannot_link: list[tuple[int, int]],
) -> np.ndarray:
    """Components holding two NIKs, two records of a deduplicated source, or a cannot-link."""
    frame = pd.DataFrame({"label": labels, "nik": niks}).dropna(subset=["nik"])
    distinct = frame.groupby("label")["nik"].nunique()
    several = frame[frame["label"].isin(distinct[distinct > 1].index)]
    conflicted = {
        label
        for label, members in several.groupby("label").groups.items()
        if niks_conflict(_nik_names(niks, names, members.to_numpy()))
    }
    listed = pd.DataFrame({"label": labels, "source": exclusive})
    listed = listed[listed["source"] >= 0]
    doubled = listed.duplicated(["label", "source"], keep=False)
    conflicted.update(listed.loc[doubled, "label"].tolist())
    for a, b in cannot_link:
        if labels[a] == labels[b]:
            conflicted.add(labels[a])
    return np.array(sorted(conflicted), dtype=labels.dtype)


def _maximum_spanning_edges(n_records: int, edges: pd.DataFrame) -> pd.DataFrame:
    if edges.empty:
        return pd.DataFrame(columns=["uid_l", "uid_r", "match_probability"])
    weight = (1.0 - edges["match_probability"].to_numpy()) + _EPSILON
    matrix = coo_matrix(
        (weight, (edges["uid_l"].to_numpy(), edges["uid_r"].to_numpy())),
        shape=(n_records, n_records),
    ).tocsr()
    tree = minimum_spanning_tree(matrix).tocoo()
    return pd.DataFrame(
        {
            "uid_l": tree.row,
            "uid_r": tree.col,
            "match_probability": np.clip(1.0 - (tree.data - _EPSILON), 0.0, 1.0),
        }
    )


def _record_confidence(n_records: int, pairs: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Strongest edge into the own person; for singletons 1 - strongest edge to anyone."""
    both = pd.concat(
        [
            pairs.rename(columns={"uid_l": "uid", "uid_r": "other"}),
            pairs.rename(columns={"uid_r": "uid", "uid_l": "other"}),
        ],
        ignore_index=True,
    )
    same = labels[both["uid"].to_numpy()] == labels[both["other"].to_numpy()]
    inside = both[same].groupby("uid")["match_probability"].max()
    anyone = both.groupby("uid")["match_probability"].max()
    sizes = np.bincount(labels)
    singleton = sizes[labels] == 1
    confidence = np.ones(n_records)
    if len(anyone):
        strongest = np.zeros(n_records)
        strongest[anyone.index.to_numpy()] = anyone.to_numpy()
        confidence[singleton] = 1.0 - strongest[singleton]
    if len(inside):
        idx = inside.index.to_numpy()
        keep = ~singleton[idx]
        confidence[idx[keep]] = inside.to_numpy()[keep]
    return confidence


def _cluster_confidence(
    labels: np.ndarray, mst: pd.DataFrame, record_conf: np.ndarray
) -> np.ndarray:
    """Weakest edge of each person's maximum spanning tree (singletons: their own confidence)."""
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    confidence = np.ones(n_clusters)
    sizes = np.bincount(labels, minlength=n_clusters)
    singles = np.flatnonzero(sizes == 1)
    if len(singles):
        first_member = np.full(n_clusters, -1)
        first_member[labels[::-1]] = np.arange(len(labels))[::-1]
        confidence[singles] = record_conf[first_member[singles]]
    if len(mst):
        edge_cluster = labels[mst["uid_l"].to_numpy().astype(int)]
        weakest = pd.Series(mst["match_probability"].to_numpy()).groupby(edge_cluster).min()
        confidence[weakest.index.to_numpy()] = weakest.to_numpy()
    return confidence
