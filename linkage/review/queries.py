"""What the review pages read from the identity store: the queue ordered by impact, the two
records of a pair, and the persons and edges of a conflict cluster."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from linkage.review.labels import DECISIONS, Pair, active_labels
from linkage.review.scoring import PAIR_COLUMNS, score_pairs

STATUSES = ("open", "unsure", "decided", "all")
CONFLICT_REASONS = (
    "two different valid NIKs",
    "two records of a deduplicated source",
    "cannot-link",
)
AMOUNT_UNIT = 100_000  # rupiah: aid amounts count by orders of magnitude above this
PAGE_SIZE = 50
EDGE_FLOOR = 0.01  # the run keeps no weaker pair either


@dataclass(frozen=True)
class Filters:
    """Queue filters: a region code prefix, a source, and the decision status."""

    region: str = ""
    source: str = ""
    status: str = "open"

    @classmethod
    def of(cls, region: str | None, source: str | None, status: str | None) -> Filters:
        region = "".join(ch for ch in (region or "") if ch.isdigit())
        return cls(region, (source or "").strip(), status if status in STATUSES else "open")

    def query(self) -> dict[str, str]:
        """The filters as URL parameters (defaults left out)."""
        values = {"region": self.region, "source": self.source}
        if self.status != "open":
            values["status"] = self.status
        return {k: v for k, v in values.items() if v}


def has_run(con: duckdb.DuckDBPyConnection) -> bool:
    tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    return {"run_records", "run_review_queue", "run_model"} <= tables


def last_run_id(con: duckdb.DuckDBPyConnection) -> int | None:
    return con.execute("SELECT max(run_id) FROM runs WHERE status = 'committed'").fetchall()[0][0]


def pair_key(source_l: Any, record_l: Any, source_r: Any, record_r: Any) -> str:
    """One key for a pair in either orientation."""
    a, b = f"{source_l}\x1f{record_l}", f"{source_r}\x1f{record_r}"
    return f"{a}\x1e{b}" if a <= b else f"{b}\x1e{a}"


def _keys(frame: pd.DataFrame) -> list[str]:
    return [pair_key(*row) for row in frame[PAIR_COLUMNS].itertuples(index=False)]


QUEUE_SQL = """
WITH queue AS (SELECT row_number() OVER () AS position, * FROM run_review_queue),
involved AS (SELECT person_id_l AS person_id FROM queue UNION SELECT person_id_r FROM queue),
people AS (
    SELECT m.person_id, count(*) AS records, coalesce(sum(r.amount), 0) AS amount
    FROM memberships m
    JOIN involved USING (person_id)
    LEFT JOIN run_records r USING (source, record_id)
    GROUP BY m.person_id
)
SELECT q.position, q.source_l, q.record_id_l, q.source_r, q.record_id_r,
       q.person_id_l, q.person_id_r, q.reason, q.match_probability,
       rl.name_raw AS name_l, rr.name_raw AS name_r,
       coalesce(rl.village_code, rl.district_code, rl.regency_code) AS region_l,
       coalesce(rr.village_code, rr.district_code, rr.regency_code) AS region_r,
       rl.regency_code AS regency_l, rr.regency_code AS regency_r,
       coalesce(pl.records, 1) + coalesce(pr.records, 1) AS records,
       coalesce(pl.amount, 0) + coalesce(pr.amount, 0) AS amount
FROM queue q
JOIN run_records rl ON rl.source = q.source_l AND rl.record_id = q.record_id_l
JOIN run_records rr ON rr.source = q.source_r AND rr.record_id = q.record_id_r
LEFT JOIN people pl ON pl.person_id = q.person_id_l
LEFT JOIN people pr ON pr.person_id = q.person_id_r
"""


def impact(
    match_probability: np.ndarray, conflict: np.ndarray, records: np.ndarray, amount: np.ndarray
) -> np.ndarray:
    """How much a decision on a pair matters: uncertainty x persons' size x aid at stake.

    Uncertainty is 1 at p = 0.5 and 0 at p = 0 or 1; for an edge a rule cut (two NIKs, a
    deduplicated source, a cannot-link) it is the model's p, since the stronger the model
    says "same", the more the cut needs a human. Size and money count by orders of
    magnitude, so one huge cluster does not bury everything else.
    """
    p = np.asarray(match_probability, dtype=float)
    uncertainty = np.where(conflict, p, 1.0 - np.abs(2.0 * p - 1.0))
    size = np.log2(1.0 + np.asarray(records, dtype=float))
    money = 1.0 + np.log10(1.0 + np.asarray(amount, dtype=float) / AMOUNT_UNIT)
    return uncertainty * size * money


def load_queue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The last run's review queue with impact, ordered most important first (`rank`)."""
    queue = con.execute(QUEUE_SQL).df()
    queue["conflict"] = queue["reason"].isin(CONFLICT_REASONS)
    queue["impact"] = impact(
        queue["match_probability"].to_numpy(),
        queue["conflict"].to_numpy(),
        queue["records"].to_numpy(),
        queue["amount"].fillna(0).to_numpy(),
    )
    queue = queue.sort_values(["impact", "position"], ascending=[False, True], kind="stable")
    queue = queue.reset_index(drop=True)
    queue["rank"] = np.arange(len(queue))
    queue["key"] = _keys(queue)
    return queue


def label_status(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each labelled pair's active decision, by pair key."""
    labels = active_labels(con, DECISIONS)
    return dict(zip(_keys(labels), labels["decision"], strict=True))


def _status(decision: str | None) -> str:
    if decision is None:
        return "open"
    return "unsure" if decision == "unsure" else "decided"


def filter_queue(queue: pd.DataFrame, decisions: dict[str, str], filters: Filters) -> pd.DataFrame:
    """Queue rows matching the filters, with each row's current decision."""
    rows = queue.assign(decision=queue["key"].map(decisions))
    rows["status"] = [_status(d if isinstance(d, str) else None) for d in rows["decision"]]
    keep = np.ones(len(rows), dtype=bool)
    if filters.status != "all":
        keep &= (rows["status"] == filters.status).to_numpy()
    if filters.source:
        from_source = (rows["source_l"] == filters.source) | (rows["source_r"] == filters.source)
        keep &= from_source.to_numpy()
    if filters.region:
        in_left = rows["region_l"].fillna("").str.startswith(filters.region)
        in_right = rows["region_r"].fillna("").str.startswith(filters.region)
        keep &= (in_left | in_right).to_numpy()
    return rows[keep]


def filter_options(queue: pd.DataFrame) -> tuple[list[tuple[str, str]], list[str]]:
    """Regencies (code, name) and sources that occur in the queue, for the filter menus."""
    from linkage.review.display import region_name

    codes = sorted(set(queue["regency_l"].dropna()) | set(queue["regency_r"].dropna()))
    sources = sorted(set(queue["source_l"]) | set(queue["source_r"]))
    return [(code, region_name(code) or code) for code in codes], sources


def neighbours(rows: pd.DataFrame, queue: pd.DataFrame, pair: Pair) -> tuple[Pair | None, ...]:
    """The open rows before and after `pair` in queue order (after wraps to the first)."""
    key = pair_key(*pair)
    ranks = queue.loc[queue["key"] == key, "rank"]
    rank = int(ranks.iloc[0]) if len(ranks) else -1
    others = rows[rows["key"] != key]
    before = others[others["rank"] < rank]
    after = others[others["rank"] > rank]
    if after.empty:
        after = others

    def pair_of(frame: pd.DataFrame, index: int) -> Pair | None:
        return Pair(*frame.iloc[index][PAIR_COLUMNS]) if len(frame) else None

    return pair_of(before, -1), pair_of(after, 0)


def _plain(value: Any) -> Any:
    """A pandas cell as a plain Python value (missing -> None)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def records_of(
    con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Standardized records of the last run (with their person), by (source, record_id)."""
    if not keys:
        return {}
    wanted = pd.DataFrame(keys, columns=["source", "record_id"]).drop_duplicates()
    con.register("review_wanted", wanted)
    try:
        frame = con.execute(
            """
            SELECT r.*, m.person_id, m.confidence AS match_confidence
            FROM run_records r
            JOIN review_wanted USING (source, record_id)
            LEFT JOIN memberships m USING (source, record_id)
            """
        ).df()
    finally:
        con.unregister("review_wanted")
    return {
        (row["source"], row["record_id"]): {k: _plain(v) for k, v in row.items()}
        for row in frame.to_dict("records")
    }


def queue_row(con: duckdb.DuckDBPyConnection, pair: Pair) -> dict[str, Any] | None:
    """The pair's row of the review queue (either orientation), with its match weights."""
    frame = con.execute(
        "SELECT * FROM run_review_queue WHERE (source_l = ? AND record_id_l = ? AND "
        "source_r = ? AND record_id_r = ?) OR (source_l = ? AND record_id_l = ? AND "
        "source_r = ? AND record_id_r = ?) LIMIT 1",
        [*pair, *pair.swapped()],
    ).df()
    if frame.empty:
        return None
    return {k: _plain(v) for k, v in frame.iloc[0].to_dict().items()}


# --- conflict clusters -----------------------------------------------------------------------

MAX_PERSONS = 12
MAX_RECORDS = 40


def conflict_persons(con: duckdb.DuckDBPyConnection, start: list[str]) -> list[str]:
    """The persons a conflict split apart: `start` and those tied to it by edges a rule
    cut (two NIKs, a deduplicated source, a cannot-link), transitively, up to a limit."""
    marks = ", ".join("?" for _ in CONFLICT_REASONS)
    edges = con.execute(
        f"SELECT person_id_l, person_id_r FROM run_review_queue WHERE reason IN ({marks})",
        list(CONFLICT_REASONS),
    ).fetchall()
    linked: dict[str, set[str]] = {}
    for a, b in edges:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    found, frontier = list(dict.fromkeys(start)), list(dict.fromkeys(start))
    while frontier and len(found) < MAX_PERSONS:
        person = frontier.pop(0)
        for other in sorted(linked.get(person, ())):
            if other not in found and len(found) < MAX_PERSONS:
                found.append(other)
                frontier.append(other)
    return found


@dataclass(frozen=True)
class Node:
    index: int
    record: dict[str, Any]
    x: float
    y: float
    colour: int


@dataclass(frozen=True)
class Edge:
    a: Node
    b: Node
    match_probability: float
    match_weight: float
    within: bool
    cut_reason: str | None
    weakest: bool


@dataclass(frozen=True)
class Cluster:
    persons: list[str]
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool


def _members(con: duckdb.DuckDBPyConnection, persons: list[str]) -> tuple[list[tuple], bool]:
    marks = ", ".join("?" for _ in persons)
    rows = con.execute(
        f"SELECT source, record_id FROM memberships WHERE person_id IN ({marks}) "
        "ORDER BY person_id, source, record_id",
        persons,
    ).fetchall()
    return rows[:MAX_RECORDS], len(rows) > MAX_RECORDS


def _weakest_links(edges: pd.DataFrame) -> set[int]:
    """Per person, the weakest edge of its maximum spanning tree (Kruskal, strongest edge
    first): the bottleneck that holds the person together, as the run's confidence uses."""
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    weakest: dict[str, tuple[float, int]] = {}
    within = edges[edges["within"]].sort_values("match_probability", ascending=False)
    for index, row in within.iterrows():
        a, b = find(row["a"]), find(row["b"])
        if a == b:
            continue
        parent[b] = a
        person = row["person"]
        if person not in weakest or row["match_probability"] < weakest[person][0]:
            weakest[person] = (row["match_probability"], index)
    return {index for _, index in weakest.values()}


def conflict_cluster(con: duckdb.DuckDBPyConnection, start: list[str]) -> Cluster:
    """Members, scored edges (p >= 0.01) and weakest links of a conflict cluster."""
    persons = conflict_persons(con, start)
    keys, truncated = _members(con, persons)
    records = records_of(con, keys)
    members = [records[k] for k in keys if k in records]
    persons = list(dict.fromkeys(r["person_id"] for r in members))
    nodes = _circle(members, persons)
    pairs = pd.DataFrame(
        [
            (a.record["source"], a.record["record_id"], b.record["source"], b.record["record_id"])
            for i, a in enumerate(nodes)
            for b in nodes[i + 1 :]
        ],
        columns=PAIR_COLUMNS,
    )
    scored = score_pairs(con, pairs) if len(pairs) else pairs.assign(match_probability=[])
    return Cluster(persons, nodes, _edges(con, nodes, scored), truncated)


def _circle(members: list[dict[str, Any]], persons: list[str]) -> list[Node]:
    """Records on a circle, each person's records next to each other."""
    count = max(len(members), 1)
    nodes = []
    for i, record in enumerate(members):
        angle = 2 * math.pi * i / count - math.pi / 2
        nodes.append(
            Node(
                i + 1,
                record,
                round(200 + 160 * math.cos(angle), 1),
                round(200 + 160 * math.sin(angle), 1),
                persons.index(record["person_id"]) % 8,
            )
        )
    return nodes


def _edges(con: duckdb.DuckDBPyConnection, nodes: list[Node], scored: pd.DataFrame) -> list[Edge]:
    if scored.empty:
        return []
    by_key = {(n.record["source"], n.record["record_id"]): n for n in nodes}
    scored = scored[scored["match_probability"] >= EDGE_FLOOR].copy()
    ends = [
        (by_key[(row[0], row[1])], by_key[(row[2], row[3])])
        for row in scored[PAIR_COLUMNS].itertuples(index=False)
    ]
    scored["a"] = [a.index for a, _ in ends]
    scored["b"] = [b.index for _, b in ends]
    scored["person"] = [a.record["person_id"] for a, _ in ends]
    scored["within"] = [a.record["person_id"] == b.record["person_id"] for a, b in ends]
    cut = _cut_edges(con, sorted({n.record["person_id"] for n in nodes}))
    weakest = _weakest_links(scored)
    nodes_by_index = {n.index: n for n in nodes}
    return [
        Edge(
            nodes_by_index[row["a"]],
            nodes_by_index[row["b"]],
            float(row["match_probability"]),
            float(row["match_weight"]),
            bool(row["within"]),
            cut.get(pair_key(*(row[c] for c in PAIR_COLUMNS))),
            index in weakest,
        )
        for index, row in scored.sort_values("match_probability", ascending=False).iterrows()
    ]


def _cut_edges(con: duckdb.DuckDBPyConnection, persons: list[str]) -> dict[str, str]:
    """Why the run cut each queued edge between these persons, by pair key."""
    marks = ", ".join("?" for _ in persons)
    reasons = ", ".join("?" for _ in CONFLICT_REASONS)
    rows = con.execute(
        f"SELECT source_l, record_id_l, source_r, record_id_r, reason FROM run_review_queue "
        f"WHERE person_id_l IN ({marks}) AND reason IN ({reasons})",
        [*persons, *CONFLICT_REASONS],
    ).fetchall()
    return {pair_key(*row[:4]): row[4] for row in rows}
