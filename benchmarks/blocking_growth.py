"""How the default blocking rules' comparisons grow with the number of records: exact counts
per rule on the synthetic Lampung lists at several sizes, and each rule's growth exponent, the
basis of the cluster sizing note (docs/spark-sizing.md).

    .venv/bin/python benchmarks/blocking_growth.py                     # 10k, 100k, 1M records
    .venv/bin/python benchmarks/blocking_growth.py --persons 8146,81460

Prints a table and replaces the "Blocking growth" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from results_md import RESULTS, write_section  # noqa: E402
from spark_vs_duckdb import data_dir  # noqa: E402

SECTION = "## Blocking growth"


def counts_at(folder: Path) -> tuple[int, list[tuple[str, int]]]:
    """(records, [(rule, marginal comparisons)]) for the default job on one synthetic set."""
    from linkage.config import config_from_dict
    from linkage.job import _with_blocking, engine_for, read_and_standardize
    from linkage.model.io import load_model
    from linkage.progress import Reporter

    config = config_from_dict(
        {"sources": str(folder / "sources.yaml"), "standardize": {"region_within": "18"}},
        base=folder,
    )
    data = read_and_standardize(config, Reporter.quiet())
    engine = engine_for(config)
    try:
        engine.load_records(data.table)
        engine.model_input(list(config.extra_fields))
        settings = _with_blocking(load_model(config.model_path).settings, config)
        rules = settings["blocking_rules_to_generate_predictions"]
        counts = engine.count_comparisons(rules, sample=1.0)
        return data.count, [(c.rule, c.marginal) for c in counts]
    finally:
        engine.close()


def _short(rule: str) -> str:
    return " ".join(rule.split())[:90].replace("|", "\\|")


def table(sizes: list[tuple[int, list[tuple[str, int]]]], project: list[int]) -> str:
    """Counts per rule and size; the exponent k in comparisons ~ records^k between the two
    largest sizes (1: the rule's blocks stay the same size as lists grow; 2: all-pairs), and
    each rule's count projected to the `project` sizes along its own k."""
    (n_small, small), (n_large, large) = sizes[-2], sizes[-1]
    head = " | ".join([f"{n:,} records" for n, _ in sizes] + [f"{n:,} projected" for n in project])
    lines = [
        SECTION,
        "",
        "`python benchmarks/blocking_growth.py`: comparisons each default blocking rule adds "
        "(exact, Splink's counting) on the synthetic Lampung lists, and the growth exponent k "
        f"(comparisons ~ records^k) between {n_small:,} and {n_large:,} records; the "
        "projections extend each rule along its own k with the same regions (denser villages),"
        " an estimate, not a measurement.",
        "",
        f"| rule | {head} | k |",
        "|---|" + "---:|" * (len(sizes) + len(project) + 1),
    ]
    projected = [0] * len(project)
    for i, (rule, _) in enumerate(large):
        cells = [f"{counts[i][1]:,}" for _, counts in sizes]
        a, b = small[i][1], large[i][1]
        k = math.log(b / a) / math.log(n_large / n_small) if a and b else 1.0
        for j, n in enumerate(project):
            estimate = round(b * (n / n_large) ** k)
            projected[j] += estimate
            cells.append(f"{estimate:,}")
        lines.append(f"| `{_short(rule)}` | {' | '.join(cells)} | {k:.2f} |")
    totals = [sum(c for _, c in counts) for _, counts in sizes]
    k_all = math.log(totals[-1] / totals[-2]) / math.log(n_large / n_small)
    cells = " | ".join(f"**{t:,}**" for t in totals + projected)
    lines.append(f"| **all rules** | {cells} | **{k_all:.2f}** |")
    records = [n for n, _ in sizes] + project
    per_record = ", ".join(f"{t / n:.2f}" for t, n in zip(totals + projected, records, strict=True))
    lines += ["", f"Comparisons per record: {per_record}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", default="8146,81460,814598")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=BENCH / "data" / "synth")
    parser.add_argument("--project", default="10000000", help="record counts to project to")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    project = [int(n) for n in args.project.split(",") if n]
    sizes = []
    for persons in (int(p) for p in args.persons.split(",")):
        sizes.append(counts_at(data_dir(persons, args.seed, args.data)))
        print(f"{sizes[-1][0]:,} records counted", flush=True)
    text = table(sizes, project)
    print(text)
    if not args.no_write:
        write_section(text, SECTION)
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
