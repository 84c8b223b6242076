"""Benchmarks side by side: linkage against plain Splink and recordlinkage, accuracy and speed.

    .venv/bin/python benchmarks/run.py                  # 10k, 100k, 1M records + FEBRL1-4
    .venv/bin/python benchmarks/run.py --sizes 10k,100k --tools linkage,splink --no-febrl

Each tool runs in its own process, one after the other, on the same synthetic lists (written
by `linkage synth`) and on FEBRL1-4; its stage times, peak memory, comparisons, blocking
recall and accuracy (by `linkage.evaluate`) go to benchmarks/RESULTS.md and a chart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import common
import febrl
import report
import score
import yaml
from measure import Measured, run_measured

from linkage.config import DEFAULT_MODEL

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BENCH_VENV = BENCH / ".venv-rl"
# What the recordlinkage venv holds: recordlinkage needs pandas < 3 (ENVIRONMENT.md 1); the
# chart's matplotlib lives there too, to keep the core venv as it is.
BENCH_VENV_PACKAGES = (
    "recordlinkage==0.16", "pandas<3", "pyarrow", "openpyxl", "pyyaml", "matplotlib",
)  # fmt: skip
TOOLS = ("linkage", "linkage-train", "splink", "recordlinkage")
DEFAULT_SIZES = "10k,100k,1M"
# Plain Splink is also clustered at these thresholds after its timed run: the report shows it
# at its best, a bar that needs the truth to pick.
SPLINK_SWEEP = (0.9, 0.95, 0.99, 0.999, 0.9999)
# `linkage synth` writes about 1.23 records per person (seven lists, overlapping).
RECORDS_PER_PERSON = 1.2276
SEED = 7
JOB_SEED = 42
# The job's canonical fields -> the baselines' generic field names (unmapped fields unused).
BASELINE_FIELD = {
    "record_id": "record_id", "nik": "id_number", "kk": "household", "name": "name",
    "birth_date": "birth_date", "birth_year": "birth_year", "age": "age", "sex": "sex",
    "address": "street", "village": "locality", "district": "district", "regency": "region",
    "phone": "phone", "postcode": "postcode",
}  # fmt: skip
FEBRL_COLUMNS = {
    "record_id": "rec_id", "first_name": "given_name", "last_name": "surname",
    "birth_date": "date_of_birth", "id_number": "soc_sec_id", "street_number": "street_number",
    "street": ["address_1", "address_2"], "locality": "suburb", "postcode": "postcode",
    "region": "state",
}  # fmt: skip
FEBRL_SETS = {
    "febrl1": ["dataset1"],
    "febrl2": ["dataset2"],
    "febrl3": ["dataset3"],
    "febrl4": ["dataset4a", "dataset4b"],
}
SCRIPTS = {
    "linkage": BENCH / "linkage_tool.py",
    "linkage-train": BENCH / "linkage_tool.py",
    "splink": BENCH / "baselines" / "splink_baseline.py",
    "recordlinkage": BENCH / "baselines" / "recordlinkage_baseline.py",
}


@dataclass
class Dataset:
    """One benchmark input: the files, the truth, and how each tool reads them."""

    name: str
    kind: str  # synthetic | febrl
    records: int
    truth: Path
    hard_negatives: Path | None
    profile: str  # the baselines' settings: person | febrl
    baseline_sources: list[dict[str, Any]]
    linkage: dict[str, Any]  # the job config, without output and model
    id_length: int | None = None


@dataclass
class Plan:
    tools: list[str]
    model: Path
    link_threshold: float | None
    splink_threshold: float
    rl_timeout: float
    timeout: float
    work: Path
    rl_python: Path | None
    max_comparisons: float | None = None
    notes: dict[str, str] = field(default_factory=dict)


def parse_size(text: str) -> int:
    """'10k' -> 10_000, '1M' -> 1_000_000, '2000' -> 2000."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 1M, 2000)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def size_label(records: int) -> str:
    if records >= 1_000_000 and records % 1_000_000 == 0:
        return f"{records // 1_000_000}M"
    if records >= 1_000 and records % 1_000 == 0:
        return f"{records // 1_000}k"
    return str(records)


# --- Data ------------------------------------------------------------------------------------


def synthesize(records: int, seed: int, data_dir: Path) -> Path:
    """`linkage synth` for about `records` records (reused when already written)."""
    persons = max(1, round(records / RECORDS_PER_PERSON))
    target = data_dir / "synth" / f"p{persons}-s{seed}"
    if (target / "sources.yaml").exists():
        return target
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, "-m", "linkage.cli", "synth", "--persons", str(persons)]
    subprocess.run([*command, "--seed", str(seed), "--out", str(partial)], check=True)
    partial.rename(target)
    return target


def _count_rows(truth: Path) -> int:
    with open(truth, "rb") as fh:
        return sum(1 for _ in fh) - 1


def synth_dataset(records: int, seed: int, data_dir: Path) -> Dataset:
    folder = synthesize(records, seed, data_dir)
    listed = yaml.safe_load((folder / "sources.yaml").read_text())["sources"]
    sources = []
    for source in listed:
        columns = {
            BASELINE_FIELD[k]: v for k, v in source["columns"].items() if k in BASELINE_FIELD
        }
        sources.append(
            {
                **source,
                "path": str(folder / source["path"]),
                "reference_date": str(source.get("reference_date") or "") or None,
                "columns": columns,
            }
        )
    return Dataset(
        name=f"synth-{size_label(records)}",
        kind="synthetic",
        records=_count_rows(folder / "truth.csv"),
        truth=folder / "truth.csv",
        hard_negatives=folder / "hard_negatives.csv",
        profile="person",
        baseline_sources=sources,
        linkage={"sources": str(folder / "sources.yaml"), "standardize": {"region_within": "18"}},
        id_length=16,
    )


def febrl_datasets(data_dir: Path) -> list[Dataset]:
    """FEBRL1-3 (one file each, dedupe) and FEBRL4 (two files), linkage configured like
    configs/febrl4.yaml (general field types, trained on the data)."""
    folder = febrl.fetch(data_dir / "febrl")
    template = yaml.safe_load((ROOT / "configs" / "febrl4.yaml").read_text())
    columns = template["sources"][0]["columns"]
    datasets = []
    for name, files in FEBRL_SETS.items():
        linkage_sources = [
            {"name": f, "kind": "registry", "path": str(folder / f"{f}.csv"), "columns": columns}
            for f in files
        ]
        baseline_sources = [
            {"name": f, "path": str(folder / f"{f}.csv"), "columns": FEBRL_COLUMNS} for f in files
        ]
        truth = folder / f"truth_{name}.csv"
        datasets.append(
            Dataset(
                name=name,
                kind="febrl",
                records=_count_rows(truth),
                truth=truth,
                hard_negatives=None,
                profile="febrl",
                baseline_sources=baseline_sources,
                linkage={
                    "sources": linkage_sources,
                    "fields": template["fields"],
                    "blocking": template["blocking"],
                    "training": template["model"].get("training", {}),
                },
            )
        )
    return datasets


# --- Running one tool ------------------------------------------------------------------------


def linkage_config(dataset: Dataset, tool: str, out_dir: Path, plan: Plan) -> dict[str, Any]:
    config = {
        "name": dataset.name,
        "seed": JOB_SEED,
        "output": {"dir": str(out_dir / "linkage-out"), "formats": ["parquet"]},
    }
    if plan.link_threshold is not None:
        link = plan.link_threshold
        config["thresholds"] = {"link": link, "review": min(0.3, link)}
    training = dataset.linkage.get("training")
    config.update({k: v for k, v in dataset.linkage.items() if k != "training"})
    if plan.max_comparisons is not None:
        config["blocking"] = {**config.get("blocking", {}), "max_comparisons": plan.max_comparisons}
    if dataset.kind == "febrl" or tool == "linkage-train" or not plan.model.exists():
        config["model"] = {"train": True, **({"training": training} if training else {})}
    else:
        config["model"] = {"path": str(plan.model)}
    return config


def write_task(dataset: Dataset, tool: str, out_dir: Path, plan: Plan) -> Path:
    task: dict[str, Any] = {
        "dataset": dataset.name,
        "out_dir": str(out_dir),
        "seed": JOB_SEED,
        "link_threshold": plan.splink_threshold if tool == "splink" else plan.link_threshold,
        "profile": dataset.profile,
        "id_length": dataset.id_length,
        "sources": dataset.baseline_sources,
        "sweep": [t for t in SPLINK_SWEEP if t != plan.splink_threshold]
        if tool == "splink"
        else [],
    }
    if tool.startswith("linkage"):
        config_path = out_dir / "job.yaml"
        config_path.write_text(yaml.safe_dump(linkage_config(dataset, tool, out_dir, plan)))
        task["config"] = str(config_path)
    path = out_dir / "task.json"
    path.write_text(json.dumps(task, indent=1))
    return path


def tool_command(tool: str, task: Path, plan: Plan) -> list[str]:
    python = plan.rl_python if tool == "recordlinkage" else Path(sys.executable)
    return [str(python), str(SCRIPTS[tool]), str(task)]


def measured_entry(measured: Measured) -> dict[str, Any]:
    """Times and memory of a finished run, per stage and per labelled span."""
    rss, pss = measured.peak()
    spans = []
    for span in measured.spans:
        span_rss, span_pss = measured.peak(span.start, span.end)
        spans.append(
            {
                "stage": span.stage,
                "label": span.label,
                "seconds": span.seconds,
                "peak_rss_mb": span_rss,
                "peak_pss_mb": span_pss,
                "rss_growth_mb": measured.rss_at(span.end) - measured.rss_at(span.start),
            }
        )
    done = measured.done or {}
    return {
        "total_s": measured.total_seconds,
        "stages": measured.stage_seconds(),
        "spans": spans,
        "peak_rss_mb": rss,
        "peak_pss_mb": pss,
        "max_process_rss_mb": done.get("maxrss_kb", 0) / 1024,
        "cpu_s": measured.cpu_seconds,
        "others_share": measured.others_share,
        "scored_pairs": done.get("scored_pairs"),
        "expected_comparisons": done.get("expected_comparisons"),
    }


def run_tool(dataset: Dataset, tool: str, plan: Plan) -> dict[str, Any]:
    out_dir = plan.work / dataset.name / tool
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    task = write_task(dataset, tool, out_dir, plan)
    timeout = plan.rl_timeout if tool == "recordlinkage" else plan.timeout
    env = {**os.environ, "PYTHONPATH": str(BENCH)}
    measured = run_measured(
        tool_command(tool, task, plan),
        env=env,
        log=out_dir / "tool.log",
        events=out_dir / common.EVENTS,
        timeout=timeout,
    )
    entry: dict[str, Any] = {
        "dataset": dataset.name,
        "kind": dataset.kind,
        "records": dataset.records,
        "tool": tool,
        "note": plan.notes.get(tool, ""),
        "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "linkage_git": report.linkage_git(),
    }
    if measured.timed_out:
        return {**entry, "status": "timeout", "note": f"did not finish in {timeout:.0f} s"}
    if not measured.ok:
        tail = (out_dir / "tool.log").read_text().strip().splitlines()[-1:] or ["no output"]
        return {**entry, "status": "failed", "note": f"exit {measured.returncode}: {tail[0]}"}
    entry.update(measured_entry(measured), status="ok")
    truth = score.load_truth(dataset.truth)
    entry.update(score.accuracy(truth, out_dir, score.load_hard_negatives(dataset.hard_negatives)))
    entry.update(score.blocking(truth, out_dir))
    if tool == "splink":
        entry["by_threshold"] = score.threshold_sweep(
            truth, out_dir, SPLINK_SWEEP, plan.splink_threshold
        )
    return entry


# --- The whole run ---------------------------------------------------------------------------


def ensure_bench_venv(venv: Path = BENCH_VENV) -> Path:
    """The separate venv for recordlinkage (pandas < 3) and matplotlib, made on first use."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-U", "pip"], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *BENCH_VENV_PACKAGES], check=True
        )
    return python


def tools_for(dataset: Dataset, tools: list[str]) -> list[str]:
    """FEBRL has no shipped model: linkage always trains there (one run, not two)."""
    if dataset.kind != "febrl":
        return tools
    linkage = ["linkage-train"] if {"linkage", "linkage-train"} & set(tools) else []
    return linkage + [t for t in tools if not t.startswith("linkage")]


def plan_tools(tools: list[str], model: Path) -> tuple[list[str], dict[str, str]]:
    """Without the shipped model, `linkage` trains; if training is benchmarked anyway, it is
    the same run and is not repeated."""
    notes: dict[str, str] = {}
    if "linkage" in tools and not model.exists():
        if "linkage-train" in tools:
            tools = [t for t in tools if t != "linkage"]
            notes["linkage-train"] = f"no shipped model at {model}: only the trained run"
        else:
            notes["linkage"] = f"no shipped model at {model}: trained on the data"
    return tools, notes


def _print_entry(entry: dict[str, Any]) -> None:
    if entry["status"] != "ok":
        print(f"{entry['dataset']:>12} {entry['tool']:<14} {entry['status']}: {entry['note']}")
        return
    print(
        f"{entry['dataset']:>12} {entry['tool']:<14} {entry['total_s']:7.1f} s "
        f"{entry['peak_rss_mb']:7.0f} MB  F1 {entry['pairwise']['f1']:.4f}  "
        f"blocking recall {entry['blocking_recall']:.4f}",
        flush=True,
    )


def load_previous(path: Path, merge: bool) -> list[dict[str, Any]]:
    if not merge or not path.exists():
        return []
    return json.loads(path.read_text())["entries"]


def save(path: Path, entries: list[dict[str, Any]], commands: list[str]) -> None:
    path.write_text(json.dumps({"commands": commands, "entries": entries}, indent=1))


def _upsert(entries: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    key = (entry["dataset"], entry["tool"])
    entries[:] = [e for e in entries if (e["dataset"], e["tool"]) != key] + [entry]


def run(args: argparse.Namespace, command: str) -> list[dict[str, Any]]:
    tools, notes = plan_tools(args.tools, args.model)
    needs_venv = "recordlinkage" in tools or args.chart is not None
    plan = Plan(
        tools=tools,
        model=args.model,
        link_threshold=args.link_threshold,
        splink_threshold=args.splink_threshold,
        rl_timeout=args.rl_timeout,
        timeout=args.timeout,
        work=args.work,
        rl_python=ensure_bench_venv() if needs_venv else None,
        max_comparisons=args.max_comparisons,
        notes=notes,
    )
    args.work.mkdir(parents=True, exist_ok=True)
    results_path = args.work / "results.json"
    entries = load_previous(results_path, args.merge)
    commands = ([*json.loads(results_path.read_text())["commands"]] if entries else []) + [command]
    rl_overran: int | None = None
    for size in sorted(args.sizes) + (["febrl"] if args.febrl else []):
        datasets = (
            febrl_datasets(args.data)
            if size == "febrl"
            else [synth_dataset(size, args.seed, args.data)]
        )
        for dataset in datasets:
            for tool in tools_for(dataset, plan.tools):
                if tool == "recordlinkage" and rl_overran and dataset.kind == "synthetic":
                    entry = {
                        "dataset": dataset.name,
                        "kind": dataset.kind,
                        "records": dataset.records,
                        "tool": tool,
                        "status": "skipped",
                        "note": f"not run: did not finish {rl_overran:,} records in "
                        f"{plan.rl_timeout / 60:.0f} min",
                    }
                else:
                    entry = run_tool(dataset, tool, plan)
                if tool == "recordlinkage" and entry["status"] == "timeout":
                    rl_overran = dataset.records
                _upsert(entries, entry)
                save(results_path, entries, commands)
                _print_entry(entry)
    write_outputs(args, plan.rl_python)
    return entries


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        type=lambda text: [parse_size(s) for s in text.split(",") if s.strip()],
        help=f"records per synthetic dataset, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--tools",
        default=",".join(TOOLS),
        type=lambda text: [t.strip() for t in text.split(",") if t.strip()],
        help=f"comma-separated subset of {', '.join(TOOLS)}",
    )
    parser.add_argument("--febrl", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--seed", type=int, default=SEED, help="synthetic data seed")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="the shipped model")
    parser.add_argument(
        "--link-threshold",
        type=float,
        default=None,
        help="linkage's link threshold (default: the job config's own, 0.6)",
    )
    parser.add_argument(
        "--splink-threshold",
        type=float,
        default=0.999,
        help="plain Splink's clustering threshold (0.9 chains clusters at 1M records)",
    )
    parser.add_argument(
        "--max-comparisons",
        type=float,
        default=None,
        help="linkage's blocking.max_comparisons (default: the job's own budget)",
    )
    parser.add_argument("--rl-timeout", type=float, default=600, help="seconds per rl run")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per other run")
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--chart", type=Path, default=BENCH / "results.png")
    parser.add_argument("--no-chart", dest="chart", action="store_const", const=None)
    parser.add_argument(
        "--merge", action="store_true", help="keep other datasets' results from an earlier run"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite RESULTS.md and the chart, run nothing"
    )
    args = parser.parse_args(argv)
    unknown = set(args.tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}; choose from {TOOLS}")
    return args


def write_outputs(args: argparse.Namespace, bench_python: Path | None) -> None:
    """RESULTS.md and the chart from the work folder's results.json."""
    results = json.loads((args.work / "results.json").read_text())
    report.write(args.out, results["entries"], results["commands"], bench_python)
    if args.chart is not None and bench_python is not None:
        chart = [str(bench_python), str(BENCH / "chart.py"), str(args.work / "results.json")]
        subprocess.run([*chart, str(args.chart)], check=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.report_only:
        python = BENCH_VENV / "bin" / "python"
        write_outputs(args, python if python.exists() else None)
        return
    run(args, shlex.join([".venv/bin/python", "benchmarks/run.py", *argv]))


if __name__ == "__main__":
    main()
