"""`linkage demo`: synthesize lists, run the demo config on them, evaluate against the truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.console import Console

from linkage.config import config_from_dict
from linkage.evaluate import Evaluation, evaluate_files
from linkage.job import JobResult, run_job
from linkage.progress import Reporter
from linkage.synth import synthesize

DEMO_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "demo.yaml"


@dataclass
class DemoOutcome:
    data_dir: Path
    result: JobResult
    evaluation: Evaluation


def run_demo(
    work_dir: Path, *, persons: int = 3000, seed: int = 7, console: Console | None = None
) -> DemoOutcome:
    work_dir = Path(work_dir).resolve()
    data_dir = work_dir / "data"
    reporter = Reporter(console=console)
    with reporter.stage("Synthesize demo lists") as stage:
        summary = synthesize(persons, seed, data_dir)
        records = summary.total_records
        stage.detail = f"{summary.persons:,} persons, {records:,} records"
    raw = yaml.safe_load(DEMO_CONFIG.read_text())
    raw["sources"] = str(data_dir / "sources.yaml")
    raw["output"] = {**raw.get("output", {}), "dir": str(work_dir / "out")}
    config = config_from_dict(raw, base=DEMO_CONFIG.parent, origin=str(DEMO_CONFIG))
    result = run_job(config, reporter)
    evaluation = evaluate_files(
        data_dir / "truth.csv", result.files["resolved_records"], data_dir / "hard_negatives.csv"
    )
    return DemoOutcome(data_dir, result, evaluation)
