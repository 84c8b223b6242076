"""Incremental runs: link only new or changed records into the persons already in the store.

New records are compared against every record and each other (blocking rules narrowed to
pairs with a new side); the persons they touch are re-clustered locally on all pairs among
their records, scored with the term frequencies of the whole data, as a full run would.
Persons no new record touches keep their records, confidence and ID.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linkage.resolve.cluster import Clustering, cluster_records
from linkage.resolve.engine import MODEL_INPUT, DuckDBEngine

if TYPE_CHECKING:
    from linkage.config import JobConfig
    from linkage.job import Standardized
    from linkage.store import IdentityStore

PASS_ONE = "predictions_new"
PREDICTIONS = "predictions"
KEEP_THRESHOLD = 0.01


def with_unchanged_records(
    data: Standardized, store: IdentityStore, config: JobConfig
) -> Standardized:
    """Add the stored standardized rows of unchanged records; number all rows as a full run
    would (source order, then row order) and flag the new ones."""
    store.con.register("unchanged_keys", data.unchanged)
    store.con.register("new_records", data.table)
    store.con.register(
        "source_order",
        pd.DataFrame({"source": [s.name for s in config.sources]}).reset_index(names="rank"),
    )
    columns = ", ".join(f'"{c}"' for c in data.table.column_names)
    combined = store.con.sql(
        f"""
        WITH old AS (
            SELECT r.* EXCLUDE (row_number), k.row_number, FALSE AS is_new,
                   m.person_id AS previous_person
            FROM run_records r
            JOIN unchanged_keys k USING (source, record_id)
            JOIN memberships m USING (source, record_id)
        ),
        both_ AS (
            SELECT {columns}, is_new, previous_person FROM old
            UNION ALL BY NAME
            SELECT {columns}, TRUE AS is_new, NULL::VARCHAR AS previous_person FROM new_records
        )
        SELECT (row_number() OVER (ORDER BY o.rank, b.row_number) - 1)::BIGINT AS uid, b.*
        FROM both_ b JOIN source_order o USING (source)
        ORDER BY uid
        """
    ).to_arrow_table()
    for name in ("unchanged_keys", "new_records", "source_order"):
        store.con.unregister(name)
    data.previous_person = combined.column("previous_person").to_numpy(zero_copy_only=False)
    data.replace_table(combined.drop_columns(["previous_person"]))
    return data


def _tf_columns(settings: dict) -> list[str]:
    return sorted(
        {
            level["tf_adjustment_column"]
            for comparison in settings["comparisons"]
            for level in comparison["comparison_levels"]
            if level.get("tf_adjustment_column")
        }
    )


def predict_incremental(
    engine: DuckDBEngine, settings: dict, records: pd.DataFrame, previous: np.ndarray
) -> np.ndarray:
    """Score what changed; returns the mask of affected records and fills `predictions`.

    Pass one finds every record a new record may join; pass two scores all pairs among
    those records (so the local clustering sees the same edges a full run would).
    """
    linker = engine.predict(settings, KEEP_THRESHOLD, PASS_ONE, rule_filter="l.is_new OR r.is_new")
    touched = engine.con.execute(
        f"SELECT unique_id_l FROM {PASS_ONE} UNION SELECT unique_id_r FROM {PASS_ONE}"
    ).fetchnumpy()["unique_id_l"]
    affected = records["is_new"].to_numpy(dtype=bool).copy()
    affected[touched.astype(np.int64)] = True
    # Whole persons are re-clustered: every record of a touched person takes part.
    touched_persons = set(previous[affected]) - {None}
    affected |= pd.Series(previous).isin(touched_persons).to_numpy()
    subset = pd.DataFrame({"unique_id": records.loc[affected, "uid"].to_numpy()})
    engine.con.register("affected_ids", subset)
    engine.con.execute(
        f"CREATE OR REPLACE TABLE affected_input AS SELECT m.* FROM {MODEL_INPUT} m "
        "JOIN affected_ids USING (unique_id)"
    )
    engine.con.unregister("affected_ids")
    table = engine.db_api.register("affected_input", dataset_display_name="affected")
    local = engine.linker(settings, table)
    for column in _tf_columns(settings):
        full = linker.table_management.compute_tf_table(column)
        local.table_management.register_term_frequency_lookup(full, column)
    engine.predict(settings, KEEP_THRESHOLD, PREDICTIONS, linker=local)
    return affected


def cluster_incremental(
    records: pd.DataFrame,
    affected: np.ndarray,
    store: IdentityStore,
    *,
    pairs: pd.DataFrame,
    niks: np.ndarray,
    link_threshold: float,
    exclusive_source: np.ndarray,
    must_link: list[tuple[int, int]],
    cannot_link: list[tuple[int, int]],
    names: np.ndarray | None = None,
) -> Clustering:
    """Cluster the affected records locally; everyone else keeps their stored person."""
    local_uids = np.flatnonzero(affected)
    position = np.full(len(records), -1, dtype=np.int64)
    position[local_uids] = np.arange(len(local_uids))

    def local_pairs(items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [
            (int(position[a]), int(position[b]))
            for a, b in items
            if position[a] >= 0 and position[b] >= 0
        ]

    local_edges = pairs.assign(
        uid_l=position[pairs["uid_l"].to_numpy()], uid_r=position[pairs["uid_r"].to_numpy()]
    )
    local = cluster_records(
        len(local_uids),
        local_edges,
        niks[local_uids],
        link_threshold,
        exclusive_source=exclusive_source[local_uids],
        must_link=local_pairs(must_link),
        cannot_link=local_pairs(cannot_link),
        names=names[local_uids] if names is not None else None,
    )
    stored = store.con.execute(
        "SELECT m.source, m.record_id, m.person_id, m.confidence, p.confidence AS person_conf "
        "FROM memberships m JOIN persons p USING (person_id)"
    ).df()
    kept = records.loc[~affected, ["source", "record_id"]].merge(
        stored, on=["source", "record_id"], how="left"
    )
    keys = np.empty(len(records), dtype=object)
    keys[local_uids] = [f"new:{label}" for label in local.cluster]
    keys[~affected] = ("old:" + kept["person_id"].astype(str)).to_numpy()
    labels = pd.factorize(keys)[0]  # first-appearance order = order of first record
    record_conf = np.empty(len(records))
    record_conf[local_uids] = local.record_confidence
    record_conf[~affected] = kept["confidence"].to_numpy(dtype=float)
    cluster_conf = np.empty(int(labels.max()) + 1 if len(labels) else 0)
    cluster_conf[labels[local_uids]] = local.cluster_confidence[local.cluster]
    cluster_conf[labels[~affected]] = kept["person_conf"].to_numpy(dtype=float)
    cut = local.cut_edges.assign(
        uid_l=local_uids[local.cut_edges["uid_l"].to_numpy(dtype=np.int64)],
        uid_r=local_uids[local.cut_edges["uid_r"].to_numpy(dtype=np.int64)],
    )
    conflicts = np.unique(labels[local_uids][np.isin(local.cluster, local.conflict_clusters)])
    return Clustering(labels, record_conf, cluster_conf, cut, conflicts)
