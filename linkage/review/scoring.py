"""Score chosen record pairs of the store's last run with a model, exactly as the run did.

Each pair's two records are copied under a shared `pair_key` and Splink blocks on that key,
so it compares exactly the chosen pairs; term frequencies come from all of the run's records,
so weights match the run's. Used for labelled pairs (m from labels, evaluation) and for the
edges of a conflict cluster.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from linkage.model.settings import CORE_INPUTS, model_input_sql
from linkage.resolve.engine import DuckDBEngine

PAIR_COLUMNS = ["source_l", "record_id_l", "source_r", "record_id_r"]
PAIR_KEY = "pair_key"


def run_settings(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The Splink settings of the store's last run (its prior, m and u)."""
    rows = con.execute("SELECT settings_json FROM run_model").fetchall()
    return json.loads(rows[0][0])


def extra_fields(con: duckdb.DuckDBPyConnection, settings: dict[str, Any]) -> list[str]:
    """Config-declared fields the model compares: comparisons beyond the core ones, whose
    output column is the field itself."""
    columns = {row[0] for row in con.execute("DESCRIBE run_records").fetchall()}
    names = [c["output_column_name"] for c in settings["comparisons"]]
    return [n for n in names if n not in CORE_INPUTS and n in columns]


def tf_columns(settings: dict[str, Any]) -> list[str]:
    return sorted(
        {
            level["tf_adjustment_column"]
            for comparison in settings["comparisons"]
            for level in comparison["comparison_levels"]
            if level.get("tf_adjustment_column")
        }
    )


def _sides_sql() -> str:
    """Each pair's two records as model input rows, uid = 2 * pair_key + side."""
    return f"""
        SELECT p.{PAIR_KEY} * 2 + s.side AS uid, p.{PAIR_KEY}, r.*
        FROM review_pairs p
        CROSS JOIN (VALUES (0), (1)) AS s(side)
        JOIN run_records r
          ON r.source = CASE WHEN s.side = 0 THEN p.source_l ELSE p.source_r END
         AND r.record_id = CASE WHEN s.side = 0 THEN p.record_id_l ELSE p.record_id_r END
        WHERE p.{PAIR_KEY} IN (
            SELECT p2.{PAIR_KEY} FROM review_pairs p2
            JOIN run_records a ON a.source = p2.source_l AND a.record_id = p2.record_id_l
            JOIN run_records b ON b.source = p2.source_r AND b.record_id = p2.record_id_r)
    """


def _term_frequencies(
    con: duckdb.DuckDBPyConnection, column: str, extra: list[str]
) -> pd.DataFrame:
    """Splink's term frequency of each value of `column` over all of the run's records,
    for the values the chosen pairs hold."""
    everyone = model_input_sql("(SELECT 0::BIGINT AS uid, * FROM run_records)", extra)
    chosen = model_input_sql("review_sides", extra)
    return con.execute(
        f"""
        SELECT * FROM (
            SELECT {column}, count(*) / sum(count(*)) OVER () AS tf_{column}
            FROM ({everyone}) WHERE {column} IS NOT NULL GROUP BY {column})
        WHERE {column} IN (SELECT {column} FROM ({chosen}))
        """
    ).df()


def score_pairs(
    con: duckdb.DuckDBPyConnection, pairs: pd.DataFrame, settings: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Match probability, match weight, and per comparison the level (`gamma_<name>`) and
    weight (`mw_<name>`, term frequency included) of each pair (source_l, record_id_l,
    source_r, record_id_r) on `con` (an identity store with a run). Pairs naming a record
    that is not in the run are left out."""
    settings = settings or run_settings(con)
    extra = extra_fields(con, settings)
    chosen = pairs[PAIR_COLUMNS].astype(str).reset_index(drop=True)
    chosen[PAIR_KEY] = range(len(chosen))
    con.register("review_pairs", chosen)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE review_sides AS {_sides_sql()}")
        sides = con.sql("SELECT * FROM review_sides").to_arrow_table()
        frequencies = {c: _term_frequencies(con, c, extra) for c in tf_columns(settings)}
        con.execute("DROP TABLE review_sides")
    finally:
        con.unregister("review_pairs")
    if sides.num_rows == 0:
        return _empty(chosen, settings)
    scored = _predict(sides, frequencies, settings, extra)
    scored[PAIR_KEY] = scored["unique_id_l"] // 2
    result = chosen.merge(scored, on=PAIR_KEY).sort_values(PAIR_KEY)
    return result.drop(columns=[PAIR_KEY, "unique_id_l", "unique_id_r"]).reset_index(drop=True)


def _predict(
    sides: Any, frequencies: dict[str, pd.DataFrame], settings: dict[str, Any], extra: list[str]
) -> pd.DataFrame:
    pairwise = {
        **settings,
        "retain_matching_columns": True,  # keeps each comparison's level (gamma_)
        "retain_intermediate_calculation_columns": True,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": f"l.{PAIR_KEY} = r.{PAIR_KEY}", "sql_dialect": "duckdb"}
        ],
    }
    engine = DuckDBEngine(threads=1)
    try:
        engine.load_records(sides)
        engine.model_input([*extra, PAIR_KEY])
        linker = engine.linker(pairwise)
        for column, table in frequencies.items():
            lookup = engine.db_api.register(table)
            linker.table_management.register_term_frequency_lookup(lookup, column)
        engine.predict(pairwise, None, "scored", linker=linker)
        columns = [row[0] for row in engine.con.execute("DESCRIBE scored").fetchall()]
        weights = [c for c in columns if c.startswith(("mw_", "gamma_"))]
        frame = engine.con.execute(
            f"SELECT unique_id_l, unique_id_r, match_probability, match_weight, "
            f"{', '.join(weights)} FROM scored"
        ).df()
    finally:
        engine.close()
    return _with_tf_in_weights(frame)


def _with_tf_in_weights(frame: pd.DataFrame) -> pd.DataFrame:
    """`mw_<name>` including its term-frequency adjustment, as the run's review queue has."""
    for column in [c for c in frame.columns if c.startswith("mw_tf_adj_")]:
        name = column.removeprefix("mw_tf_adj_")
        frame[f"mw_{name}"] = frame[f"mw_{name}"] + frame[column].fillna(0.0)
    return frame.drop(columns=[c for c in frame.columns if c.startswith("mw_tf_adj_")])


def _empty(chosen: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    names = [c["output_column_name"] for c in settings["comparisons"]]
    columns = [
        *PAIR_COLUMNS,
        "match_probability",
        "match_weight",
        *(f"gamma_{n}" for n in names),
        *(f"mw_{n}" for n in names),
    ]
    return pd.DataFrame(columns=columns)


def level_of(comparison: dict[str, Any], gamma: int) -> dict[str, Any] | None:
    """The settings level a comparison vector value names: Splink numbers the non-null
    levels from the top, the first getting n - 1 and the last ('else') 0; null is -1."""
    levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
    if gamma < 0 or gamma >= len(levels):
        return None
    return levels[len(levels) - 1 - gamma]
