"""Which records an incremental run must look at, and their scored pairs.

The new records' possible partners are found in the store with the job's own blocking rules,
run as joins of the few new rows against the stored ones. Pass one scores every pair with a
new side; every person a new record may join (or that a changed or vanished record left) is
then re-clustered whole, so pass two scores all pairs among those persons' records, as a full
run would. Term frequencies and rare-name counts are taken over all current records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import sqlglot
from sqlglot import exp

from linkage.model.settings import RARE_NAME_MAX, model_input_sql, model_source_columns
from linkage.resolve.engine import DuckDBEngine

PASS_ONE = "predictions_new"
KEEP_THRESHOLD = 0.01
JOINED_NAME = "replace(name_key, ' ', '')"


def _rare_name(counts: str) -> str:
    """`name_key_rare` with the count of the whole store, not of the rows at hand."""
    return (
        f"CASE WHEN (SELECT c.n FROM {counts} c WHERE c.k = {JOINED_NAME}) <= {RARE_NAME_MAX} "
        f"THEN {JOINED_NAME} END"
    )


def _canonical(node: exp.Expression) -> str:
    """A condition's text with the terms of AND and OR, and the sides of =, in order."""
    if isinstance(node, exp.Paren):
        return _canonical(node.this)
    if isinstance(node, exp.And | exp.Or):
        joiner = " AND " if isinstance(node, exp.And) else " OR "
        return "(" + joiner.join(sorted(_canonical(t) for t in node.flatten())) + ")"
    if isinstance(node, exp.EQ):
        return " = ".join(sorted(_canonical(t) for t in (node.this, node.expression)))
    return node.sql(dialect="duckdb")


def is_symmetric(rule: str) -> bool:
    """Whether a blocking rule pairs the same records with l and r swapped (then joining
    the new records on one side only finds every partner)."""
    tree = sqlglot.parse_one(rule, read="duckdb")
    swapped = tree.copy()
    for column in swapped.find_all(exp.Column):
        if column.table in ("l", "r"):
            column.set("table", exp.to_identifier("r" if column.table == "l" else "l"))
    return _canonical(tree) == _canonical(swapped)


@dataclass
class Scope:
    """The records an incremental run re-clusters (ordered as a full run orders them, `uid`
    0..n-1, `is_new`), each one's stored person (None if new), and their scored pairs."""

    records: pa.Table
    previous_person: np.ndarray
    candidates: int  # stored records a blocking rule pairs with a new one
    touched: int  # persons a new record may join


def tf_columns(settings: dict) -> list[str]:
    return sorted(
        {
            level["tf_adjustment_column"]
            for comparison in settings["comparisons"]
            for level in comparison["comparison_levels"]
            if level.get("tf_adjustment_column")
        }
    )


class StoreSide:
    """Views over the store (inside the run's transaction): the current stored records
    (`inc_stored`, gone ones left out), the new ones (`inc_new`), and their model input."""

    def __init__(self, con: duckdb.DuckDBPyConnection, extra_fields: list[str]):
        self.con, self.extra = con, extra_fields
        keys = ("source", "record_id", "row_number", "nik", "nik_flags", "name_key")
        self.columns = sorted({*keys, "content_hash", *model_source_columns(extra_fields)})

    def prepare(self, new: pa.Table, source_order: list[str]) -> None:
        con = self.con
        if new.num_columns:
            con.register("inc_new_arrow", new)
            rows = "inc_new_arrow"
        else:  # no source was read: no new records, shaped like the stored ones
            rows = "(SELECT * FROM run_records LIMIT 0)"
        con.execute(
            "CREATE OR REPLACE TEMP TABLE inc_new AS "
            f"SELECT (-1 - row_number() OVER ())::BIGINT AS uid, * FROM {rows}"
        )
        if new.num_columns:
            con.unregister("inc_new_arrow")
        con.register(
            "inc_order_df", pd.DataFrame({"source": source_order}).reset_index(names="rank")
        )
        con.execute("CREATE OR REPLACE TEMP TABLE inc_source_order AS SELECT * FROM inc_order_df")
        con.unregister("inc_order_df")
        # Stored uids are row ids (>= 0); new rows count down from -1.
        con.execute(
            """
            CREATE OR REPLACE TEMP VIEW inc_stored AS
            SELECT r.rowid AS uid, r.* FROM run_records r
            WHERE NOT EXISTS (SELECT 1 FROM inc_gone g
                              WHERE g.source = r.source AND g.record_id = r.record_id)
            """
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE inc_name_counts AS
            SELECT k, count(*) AS n FROM (
                SELECT {JOINED_NAME} AS k FROM inc_stored
                UNION ALL SELECT {JOINED_NAME} FROM inc_new)
            WHERE k IS NOT NULL GROUP BY k
            """
        )
        exact = {"name_key_rare": _rare_name("inc_name_counts")}
        con.execute(
            "CREATE OR REPLACE TEMP TABLE inc_new_input AS "
            + model_input_sql("inc_new", self.extra, exact)
        )
        # The stored side's `name_key_rare` is every joined name: equal to a new record's
        # (rare by the whole count) exactly when the name is that rare one.
        loose = {"name_key_rare": JOINED_NAME}
        con.execute(
            "CREATE OR REPLACE TEMP VIEW inc_stored_input AS "
            + model_input_sql("inc_stored", self.extra, loose)
        )

    def candidates(self, rules: list[str]) -> int:
        """Stored records that any rule pairs with a new one (a rule that is not symmetric
        is joined both ways round)."""
        columns = sorted({c for rule in rules for c in re.findall(r'\b[lr]\."?(\w+)"?', rule)})
        keys = ", ".join(["unique_id", *columns])
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE inc_stored_keys AS SELECT {keys} FROM inc_stored_input"
        )
        parts = []
        for rule in rules:
            parts.append(
                f"SELECT r.unique_id AS uid FROM inc_new_input l JOIN inc_stored_keys r ON {rule}"
            )
            if not is_symmetric(rule):
                parts.append(
                    f"SELECT l.unique_id AS uid FROM inc_stored_keys l "
                    f"JOIN inc_new_input r ON {rule}"
                )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE inc_candidates AS " + "\nUNION\n".join(parts)
        )
        self.con.execute("DROP TABLE inc_stored_keys")
        return self.con.execute("SELECT count(*) FROM inc_candidates").fetchall()[0][0]

    def tf_lookups(self, columns: list[str]) -> dict[str, pa.Table]:
        """Each column's term frequencies over every current record (Splink's formula)."""
        lookups = {}
        for column in columns:
            lookups[column] = self.con.sql(
                f"""
                SELECT {column}, count(*)::DOUBLE / sum(count(*)) OVER () AS tf_{column}
                FROM (SELECT {column} FROM inc_stored_input
                      UNION ALL SELECT {column} FROM inc_new_input)
                WHERE {column} IS NOT NULL GROUP BY {column}
                """
            ).to_arrow_table()
        return lookups

    def local_records(self, chosen: str) -> pa.Table:
        """The new records and the stored ones listed in table `chosen` (row ids of current
        records), numbered in a full run's order (source order, then row), with each stored
        one's person; only the columns the model and the clustering read."""
        stored = ", ".join(f's."{c}"' for c in self.columns)
        columns = ", ".join(f'n."{c}"' for c in self.columns)
        return self.con.sql(
            f"""
            SELECT (row_number() OVER (ORDER BY o.rank, x.row_number, x.record_id) - 1)::BIGINT
                       AS uid, x.*
            FROM (
                SELECT {stored}, FALSE AS is_new, m.person_id AS previous_person
                FROM run_records s SEMI JOIN {chosen} c ON s.rowid = c.uid
                JOIN memberships m USING (source, record_id)
                UNION ALL BY NAME
                SELECT {columns}, TRUE AS is_new, NULL::VARCHAR AS previous_person
                FROM inc_new n
            ) x JOIN inc_source_order o USING (source)
            ORDER BY uid
            """
        ).to_arrow_table()

    def name_counts(self, records: pa.Table) -> pa.Table:
        self.con.register("inc_local_arrow", records.select(["name_key"]))
        counts = self.con.sql(
            f"SELECT c.* FROM inc_name_counts c WHERE c.k IN "
            f"(SELECT {JOINED_NAME} FROM inc_local_arrow)"
        ).to_arrow_table()
        self.con.unregister("inc_local_arrow")
        return counts

    def persons_records(self, persons: list[str]) -> None:
        """`inc_chosen`: the stored uids of every current record of these persons."""
        self.con.register("inc_persons_df", pd.DataFrame({"person_id": persons}, dtype=object))
        self.con.execute(
            """
            CREATE OR REPLACE TEMP TABLE inc_chosen AS
            SELECT s.uid FROM inc_stored s JOIN memberships m USING (source, record_id)
            WHERE m.person_id IN (SELECT person_id FROM inc_persons_df)
            """
        )
        self.con.unregister("inc_persons_df")


def score_scope(
    side: StoreSide,
    engine: DuckDBEngine,
    settings: dict,
    rules: list[str],
    seed_persons: set[str],
    out_table: str,
) -> Scope:
    """Pass one over the new records and their candidates, pass two over the affected
    persons whole; `seed_persons` are affected whatever the new records (records gone,
    labels given). Fills `out_table` with pass two's pairs."""
    candidates = side.candidates(rules)
    lookups = side.tf_lookups(tf_columns(settings))
    records = side.local_records("inc_candidates")
    previous = records.column("previous_person").to_numpy(zero_copy_only=False)
    _load(side, engine, records)
    engine.predict(
        settings,
        KEEP_THRESHOLD,
        PASS_ONE,
        rule_filter="l.is_new OR r.is_new",
        tf_lookups=lookups,
        validate=False,
    )
    touched = engine.con.execute(
        f"SELECT unique_id_l FROM {PASS_ONE} UNION SELECT unique_id_r FROM {PASS_ONE}"
    ).fetchnumpy()["unique_id_l"]
    touched_persons = {p for p in previous[touched.astype(np.int64)] if p is not None}
    side.persons_records(sorted(touched_persons | seed_persons))
    records = side.local_records("inc_chosen")
    previous = records.column("previous_person").to_numpy(zero_copy_only=False)
    _load(side, engine, records)
    engine.predict(settings, KEEP_THRESHOLD, out_table, tf_lookups=lookups, validate=False)
    return Scope(
        records.drop_columns(["previous_person"]), previous, candidates, len(touched_persons)
    )


def _load(side: StoreSide, engine: DuckDBEngine, records: pa.Table) -> None:
    engine.con.register("name_counts_arrow", side.name_counts(records))
    engine.con.execute("CREATE OR REPLACE TABLE name_counts AS SELECT * FROM name_counts_arrow")
    engine.con.unregister("name_counts_arrow")
    engine.replace_records(
        records.drop_columns(["previous_person"]),
        side.extra,
        flags=True,
        overrides={"name_key_rare": _rare_name("name_counts")},
    )
