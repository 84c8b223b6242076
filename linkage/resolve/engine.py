"""The SQL engine a job runs on (DuckDB embedded): tables in, Splink linker, scored pairs out."""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from splink import DuckDBAPI, Linker
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from splink.internals.splink_dataframe import SplinkDataFrame

from linkage.model.settings import UNIQUE_ID, model_input_sql

RECORDS = "records"
MODEL_INPUT = "model_input"


def _narrowed(rule: object, condition: str) -> dict:
    sql = rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
    return {"blocking_rule": f"({sql}) AND ({condition})", "sql_dialect": "duckdb"}


class BudgetError(RuntimeError):
    """The blocking rules would generate more comparisons than the job allows."""


@dataclass
class BlockingCount:
    rule: str
    marginal: int
    cumulative: int


class DuckDBEngine:
    """One DuckDB connection holding the job's records, model input and predictions."""

    def __init__(
        self,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_dir: str | None = None,
    ):
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET threads = {threads or os.cpu_count() or 2}")
        if memory_limit:
            # Past the limit DuckDB spills to disk instead of growing.
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        if temp_dir:
            self.con.execute(f"SET temp_directory = '{temp_dir}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.db_api = DuckDBAPI(connection=self.con)
        self._model_input: SplinkDataFrame | None = None
        self._registrations = 0  # Splink wants a new name for every registration

    def load_records(self, records: pa.Table) -> None:
        """Register the standardized records (with `uid`) as the `records` table."""
        self.con.register("records_arrow", records)
        self.con.execute(f"CREATE OR REPLACE TABLE {RECORDS} AS SELECT * FROM records_arrow")
        self.con.unregister("records_arrow")

    def model_input(
        self,
        extra_fields: list[str],
        *,
        flags: bool = False,
        overrides: dict[str, str] | None = None,
    ) -> SplinkDataFrame:
        """The model's input columns; `flags` keeps `is_new` for incremental runs."""
        extra = [*extra_fields, *(["is_new"] if flags else [])]
        sql = model_input_sql(RECORDS, extra, overrides)
        self.con.execute(f"CREATE OR REPLACE TABLE {MODEL_INPUT} AS {sql}")
        self._registrations += 1
        self._model_input = self.db_api.register(
            MODEL_INPUT,
            dataset_display_name="records",
            table_name=f"{MODEL_INPUT}_{self._registrations}",
        )
        return self._model_input

    def linker(
        self, settings: object, table: SplinkDataFrame | None = None, *, validate: bool = True
    ) -> Linker:
        """A Splink linker on the model input; `validate=False` skips Splink's check of the
        settings against the columns (an incremental run's model was checked by the full
        run that set the store's rules, on the same fields)."""
        table = table or self._model_input
        if table is None:
            raise RuntimeError("model_input() must be called before linker()")
        return Linker(table, settings, log_level=logging.WARNING, validate_settings=validate)

    def predict(
        self,
        settings: dict,
        threshold: float,
        out_table: str,
        *,
        linker: Linker | None = None,
        rule_filter: str | None = None,
        tf_lookups: dict[str, pa.Table] | None = None,
        validate: bool = True,
    ) -> Linker:
        """Score the blocked pairs into `out_table`; `rule_filter` narrows every rule;
        `tf_lookups` (column -> value, tf_column) replace the frequencies of the loaded rows."""
        if rule_filter:
            settings = {
                **settings,
                "blocking_rules_to_generate_predictions": [
                    _narrowed(rule, rule_filter)
                    for rule in settings["blocking_rules_to_generate_predictions"]
                ],
            }
        linker = linker or self.linker(settings, validate=validate)
        for column, lookup in (tf_lookups or {}).items():
            name = f"tf_lookup_{column}"
            self.con.register(f"{name}_arrow", lookup)
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
            self.con.unregister(f"{name}_arrow")
            self._registrations += 1
            table = self.db_api.register(name, table_name=f"{name}_{self._registrations}")
            linker.table_management.register_term_frequency_lookup(table, column)
        predictions = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        self.con.execute(
            f"CREATE OR REPLACE TABLE {out_table} AS SELECT * FROM {predictions.physical_name}"
        )
        return linker

    def count_comparisons(self, rules: list, *, sample: float = 1.0) -> list[BlockingCount]:
        """Comparisons each rule adds (Splink's counting, exact unless `sample` < 1)."""
        with warnings.catch_warnings():
            # A sampled count only guards the comparison budget: a rare rule's few sampled
            # pairs are no reason to alarm the user.
            warnings.filterwarnings("ignore", message="The sampled blocking analysis estimate")
            records = count_comparisons_from_blocking_rules(
                self._model_input,
                blocking_rules=rules,
                link_type="dedupe_only",
                unique_id_column_name=UNIQUE_ID,
                record_sample_proportion=sample,
            )
        return [
            BlockingCount(
                rule=str(r["blocking_rule"]),
                marginal=int(r["marginal_comparison_count"]),
                cumulative=int(r["cumulative_comparison_count"]),
            )
            for r in records
        ]

    def table(self, name: str) -> pd.DataFrame:
        return self.con.table(name).df()

    def pairs_arrays(self, predictions: str) -> pd.DataFrame:
        """The three columns clustering needs, as compact numpy-backed columns."""
        frame = self.con.execute(
            f"SELECT unique_id_l AS uid_l, unique_id_r AS uid_r, match_probability "
            f"FROM {predictions}"
        ).df()
        return frame.astype({"uid_l": np.int64, "uid_r": np.int64, "match_probability": float})

    def replace_records(self, records: pa.Table, extra_fields: list[str], **options) -> None:
        """Load another set of records and rebuild the model input from them."""
        self.load_records(records)
        self.model_input(extra_fields, **options)

    def close(self) -> None:
        self.con.close()
