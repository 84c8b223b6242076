"""Train the shipped model `models/id-beneficiary.json` on synthetic Lampung lists.

The training data (seed 1) is a different population from the one the model is judged on
(`linkage synth --persons 20000 --seed 7`), so the shipped model's accuracy is measured on
data it has not seen.

    python benchmarks/train_default_model.py [--persons 60000] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from linkage.config import config_from_dict
from linkage.job import train_only
from linkage.progress import Reporter
from linkage.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "id-beneficiary.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()
    from rich.console import Console

    reporter = Reporter(console=Console())
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        with reporter.stage("Synthesize training lists") as stage:
            summary = synthesize(args.persons, args.seed, data)
            stage.detail = f"{summary.total_records:,} records"
        config = config_from_dict(
            {
                "name": "id-beneficiary",
                "seed": 42,
                "sources": str(data / "sources.yaml"),
                "standardize": {"region_within": "18"},
                "model": {"train": True},
                "output": {"dir": str(Path(tmp) / "out")},
            },
            base=Path(tmp),
        )
        train_only(config, args.out, reporter)
    print(f"model written to {args.out}")


if __name__ == "__main__":
    main()
