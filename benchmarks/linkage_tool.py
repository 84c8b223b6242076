"""Runs one `linkage` job for the benchmark, as a black box through `linkage.job.run_job`.

    python benchmarks/linkage_tool.py TASK.json   (PYTHONPATH=benchmarks)

Stage spans come from the job's own Reporter; after the timed run, the job's model input and
blocking rules are dumped so that the orchestrator can measure blocking recall.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import common

from linkage import job
from linkage.config import load_config
from linkage.progress import Reporter, Stage
from linkage.resolve.engine import MODEL_INPUT, RECORDS, DuckDBEngine

# The job's stage labels (by prefix) -> the benchmark's stage names.
STAGE_OF_LABEL = (
    ("Read and standardize", "standardize"),
    ("Load records", "standardize"),
    ("Train model", "train"),
    ("Load model", "train"),
    ("Count comparisons", "block"),
    ("Predict", "predict"),
    ("Cluster", "cluster"),
    ("Write outputs", "write"),
    ("Aid overlap and report", "write"),
)


def stage_of(label: str) -> str:
    return next((stage for prefix, stage in STAGE_OF_LABEL if label.startswith(prefix)), "other")


@dataclass
class SpanReporter(Reporter):
    """The job's quiet reporter that also writes each stage's wall-clock span."""

    clock: common.StageClock | None = None

    @contextmanager
    def stage(self, label: str) -> Iterator[Stage]:
        start = time.time()
        with super().stage(label) as stage:
            yield stage
        if self.clock is not None:
            self.clock.span(stage_of(label), label, start, time.time())


def _rule_sql(rule: object) -> str:
    return rule["blocking_rule"] if isinstance(rule, dict) else str(rule)


class EngineWatch:
    """Keeps the job's DuckDB engine open past `run_job` and notes the settings it predicted
    with, so that its model input and blocking rules can be dumped after the timed run."""

    def __init__(self) -> None:
        self.engine: DuckDBEngine | None = None
        self.settings: dict | None = None
        self._close = DuckDBEngine.close
        self._predict = DuckDBEngine.predict
        watch = self

        def keep_open(engine: DuckDBEngine) -> None:
            watch.engine = engine

        def predict(engine: DuckDBEngine, settings: dict, *args, **kwargs):
            watch.settings = settings
            return watch._predict(engine, settings, *args, **kwargs)

        DuckDBEngine.close = keep_open
        DuckDBEngine.predict = predict

    def dump_blocking(self, out_dir: Path) -> None:
        """Model input keyed by source/record_id, and the rules the job blocked with."""
        rules = self.settings["blocking_rules_to_generate_predictions"]
        target = out_dir / common.BLOCKING_INPUT
        self.engine.con.execute(
            f"COPY (SELECT r.source, r.record_id, m.* FROM {MODEL_INPUT} m "
            f"JOIN {RECORDS} r ON r.uid = m.unique_id) TO '{target}' (FORMAT parquet)"
        )
        common.write_blocking_rules(out_dir, [_rule_sql(r) for r in rules])
        self._close(self.engine)


def main() -> None:
    task = common.load_task()
    out_dir = Path(task["out_dir"])
    clock = common.StageClock(out_dir)
    config = load_config(task["config"])
    watch = EngineWatch()
    result = job.run_job(config, SpanReporter(console=None, clock=clock))
    clock.done(
        scored_pairs=result.counts["scored_pairs"],
        expected_comparisons=result.counts.get("expected_comparisons"),
    )
    shutil.copyfile(result.files["resolved_records"], out_dir / common.RESOLVED)
    shutil.copyfile(result.files["run"], out_dir / "run.json")
    watch.dump_blocking(out_dir)


if __name__ == "__main__":
    main()
