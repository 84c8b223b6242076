"""The `linkage` command line: a thin layer over the library; one verb per job."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from linkage.cli_support import friendly, store_options, store_path_of

console = Console(stderr=False)
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = PROJECT_ROOT / "configs" / "demo.yaml"


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  linkage demo                                 # synthetic data, run, evaluate
  linkage synth --persons 20000 --seed 7 --out data/synth
  linkage run configs/demo.yaml
  linkage evaluate --truth data/synth/truth.csv --resolved out/resolved_records.parquet
""",
)
@click.version_option(package_name="linkage")
def main() -> None:
    """Link Indonesian social-aid beneficiary lists into persons with stable IDs."""


@main.command()
@click.option("--persons", type=click.IntRange(1), default=5000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
@click.option(
    "--reference-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default="2025-06-30",
    show_default=True,
    help="Date the lists were made (ages and two-digit years are relative to it).",
)
@friendly
def synth(persons: int, seed: int, out_dir: Path, reference_date: dt.datetime) -> None:
    """Write synthetic Lampung beneficiary lists with ground truth.

    \b
    Example:
      linkage synth --persons 20000 --seed 7 --out data/synth
    writes data/synth/{dtks.csv, pkh.parquet, blt_dd.xlsx, ...}, truth.csv,
    hard_negatives.csv and sources.yaml (the `sources:` list of a job config).
    """
    from linkage.synth import synthesize

    with console.status("Synthesizing…"):
        summary = synthesize(persons, seed, out_dir, reference_date=reference_date.date())
    table = Table(title=f"{summary.persons:,} persons in {summary.households:,} households")
    table.add_column("source")
    table.add_column("records", justify="right")
    for name, count in summary.records.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(f"Written to {out_dir} in {summary.seconds:.1f} s")


@main.command()
@click.argument("input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(path_type=Path), required=True)
@click.option(
    "--columns",
    default="",
    help="Map fields to INPUT's columns: 'nik=NIK_KTP,name=NAMA'. Unmapped fields are "
    "taken from columns that already carry the field's name.",
)
@click.option("--source", "source_name", default=None, help="Source name (default: file stem).")
@click.option("--sheet", default=None, help="XLSX sheet name.")
@click.option("--delimiter", default=None, help="CSV delimiter (default: sniffed).")
@click.option("--encoding", default="utf-8", show_default=True, help="CSV encoding or 'auto'.")
@click.option("--reference-date", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--region-within", default=None, help="Province/regency code, e.g. 18 (Lampung).")
@friendly
def standardize(
    input_path: Path,
    out_path: Path,
    columns: str,
    source_name: str | None,
    sheet: str | None,
    delimiter: str | None,
    encoding: str,
    reference_date: dt.datetime | None,
    region_within: str | None,
) -> None:
    """Standardize one list into canonical columns (see what the engine sees).

    \b
    Example:
      linkage standardize dinsos.csv --out dinsos.parquet \\
          --columns nik=NIK_KTP,name=NAMA_LENGKAP,birth_date=TGL_LHR --encoding latin-1
    writes dinsos.parquet and, for unusable rows, dinsos.rejects.parquet.
    """
    from linkage.standardize.table import standardize_file

    result = standardize_file(
        input_path,
        out_path,
        mapping=_parse_mapping(columns),
        source_name=source_name,
        sheet=sheet,
        delimiter=delimiter,
        encoding=encoding,
        reference_date=reference_date.date() if reference_date else None,
        region_within=region_within,
    )
    console.print(
        f"{result.records:,} records written to {out_path}; "
        f"{result.rejects:,} rejected" + (f" ({result.rejects_path})" if result.rejects else "")
    )
    if result.nik_status:
        summary = ", ".join(f"{k} {v:,}" for k, v in result.nik_status.items())
        console.print(f"NIK status: {summary}")


def _parse_mapping(text: str) -> dict[str, str]:
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "=" not in part:
            raise click.BadParameter(f"expected field=COLUMN, got {part!r}", param_hint="--columns")
        field, column = part.split("=", 1)
        mapping[field.strip()] = column.strip()
    return mapping


@main.command()
@click.argument("config_path", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Override output.dir of the config.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Also write CSV copies of the tables.")
@click.option("--train", is_flag=True, help="Train a model on this data instead of loading one.")
@click.option(
    "--incremental",
    is_flag=True,
    help="Link only records that are new or changed since the store's last run.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Identity store file (overrides `store:` in the config).",
)
@friendly
def run(
    config_path: Path,
    output_dir: Path | None,
    as_csv: bool,
    train: bool,
    incremental: bool,
    store_path: Path | None,
) -> None:
    """Run a linkage job: read, standardize, predict, cluster, write persons.

    \b
    Example:
      linkage run configs/demo.yaml --output out/demo
    writes resolved_records, persons, review_queue and rejects (Parquet) and the
    model used, then prints a summary. With a store (`store:` in the config or
    --store), person IDs stay stable across runs:
      linkage run configs/demo.yaml --store demo/identity.duckdb --incremental
    """
    config = _load(config_path, output_dir=output_dir, csv=as_csv, train=train)
    if store_path is not None:
        config.store = store_path
    result = _run(config, incremental=incremental)
    _print_summary(result)


def _load(config_path: Path, **overrides: Any):
    from linkage.config import load_config

    config = load_config(config_path)
    return _override(config, **overrides)


def _override(config, *, output_dir=None, csv=False, train=False):
    if output_dir is not None:
        config.output.dir = Path(output_dir)
    if csv and "csv" not in config.output.formats:
        config.output.formats.append("csv")
    if train:
        config.model.train = True
    return config


def _run(config, *, incremental: bool = False):
    from linkage.job import run_job
    from linkage.progress import Reporter

    return run_job(config, Reporter(console=console), incremental=incremental)


def _print_summary(result) -> None:
    counts = result.counts
    table = Table(title="Sources")
    for column in ("source", "read", "records", "rejects"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for name, c in counts["sources"].items():
        table.add_row(name, f"{c['read']:,}", f"{c['records']:,}", f"{c['rejects']:,}")
    console.print(table)
    totals = Table(title="Result", show_header=False)
    totals.add_column("what")
    totals.add_column("count", justify="right")
    for label, key in (
        ("records linked", "records"),
        ("rejected rows", "rejects"),
        ("pairs scored (p >= 0.01)", "scored_pairs"),
        ("pairs above link threshold", "linked_pairs"),
        ("pairs in review band", "review_pairs"),
        ("persons", "persons"),
        ("persons with 2+ records", "persons_multi_record"),
        ("largest person (records)", "largest_person"),
        ("persons split from NIK conflicts", "conflict_persons"),
    ):
        totals.add_row(label, f"{counts[key]:,}")
    console.print(totals)
    if "run_id" in counts:
        events = ", ".join(f"{k} {v:,}" for k, v in counts["events"].items())
        console.print(f"Identity store run {counts['run_id']}: {events}")
    total_time = sum(result.timings.values())
    console.print(f"Outputs in [bold]{result.output_dir}[/bold] ({total_time:.1f} s)")


@main.command()
@click.argument("config_path", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    required=True,
    help="Where to write the trained model JSON, e.g. models/dinsos.json.",
)
@click.option(
    "--labels",
    "from_labels",
    is_flag=True,
    help="Re-estimate m-probabilities from analysts' decisions in the config's "
    "identity store (starting from the store's last-run model).",
)
@friendly
def train(config_path: Path, out_path: Path, from_labels: bool) -> None:
    """Train a model (u by sampling, m by EM, seeded) on a job's sources.

    \b
    Example:
      linkage train configs/demo.yaml --out models/lampung-2025.json
    then set `model: {path: models/lampung-2025.json}` in the job config. With
    --labels, the reviewed pairs in the store refine the last run's model:
      linkage train configs/demo.yaml --labels --out models/lampung-reviewed.json
    """
    from linkage.model.io import save_model

    if from_labels:
        from linkage.review.labels import m_from_labels

        with _open_store(None, config_path) as store:
            model = m_from_labels(store)
        save_model(model, out_path)
        console.print(f"Model re-estimated from labels written to [bold]{out_path}[/bold]")
        return
    from linkage.job import train_only
    from linkage.progress import Reporter

    config = _load(config_path)
    model_path = train_only(config, out_path, Reporter(console=console))
    console.print(f"Model written to [bold]{model_path}[/bold]")


@main.command()
@click.option(
    "--truth",
    "truth_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="CSV/Parquet with source, record_id, person_id.",
)
@click.option(
    "--resolved",
    "resolved_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="resolved_records from a run.",
)
@click.option(
    "--hard-negatives",
    "hard_path",
    type=click.Path(path_type=Path),
    default=None,
    help="CSV of person_id_a, person_id_b, kind (default: beside the truth file).",
)
@click.option(
    "--labels",
    "from_labels",
    is_flag=True,
    help="Estimate precision/recall from analysts' decisions in an identity store.",
)
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@friendly
def evaluate(
    truth_path: Path | None,
    resolved_path: Path | None,
    hard_path: Path | None,
    from_labels: bool,
    store_path: Path | None,
    config_path: Path | None,
    as_json: bool,
) -> None:
    """Score a resolution against ground truth (pairwise and B-cubed), or against labels.

    \b
    Examples:
      linkage evaluate --truth data/synth/truth.csv --resolved out/resolved_records.parquet
      linkage evaluate --labels --store demo/identity.duckdb
    """
    if from_labels:
        _evaluate_labels(store_path, config_path, as_json)
        return
    if truth_path is None or resolved_path is None:
        raise click.UsageError("give --truth and --resolved, or --labels with a store")
    from linkage.evaluate import evaluate_files

    if hard_path is None:
        candidate = truth_path.parent / "hard_negatives.csv"
        hard_path = candidate if candidate.exists() else None
    evaluation = evaluate_files(truth_path, resolved_path, hard_path)
    if as_json:
        click.echo(json.dumps(evaluation.as_dict(), indent=2))
        return
    print_evaluation(evaluation)


def _evaluate_labels(store_path: Path | None, config_path: Path | None, as_json: bool) -> None:
    from linkage.review.labels import evaluate_from_labels

    threshold = 0.6
    if config_path is not None:
        from linkage.config import load_config

        threshold = load_config(config_path, check_columns=False).thresholds.link
    with _open_store(store_path, config_path) as store:
        result = evaluate_from_labels(store, link_threshold=threshold)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, default=str))
        return
    table = Table(title=f"Against {result.same_labels + result.different_labels:,} labels")
    for column in ("decisions", "precision (95% CI)", "recall (95% CI)"):
        table.add_column(column)
    for label, agreement in (("model p >= link", result.model), ("persons", result.resolution)):
        if agreement is None:
            continue
        table.add_row(label, _estimate(agreement.precision), _estimate(agreement.recall))
    console.print(table)
    console.print(
        "Reviewed pairs come from the review queue (the uncertain band), not a random sample: "
        "these estimates describe the hard cases, not every decision."
    )


def _estimate(estimate) -> str:
    if estimate.value is None:
        return "n/a"
    return f"{estimate.value:.3f} ({estimate.low:.3f}-{estimate.high:.3f})"


def print_evaluation(evaluation) -> None:
    table = Table(title=f"Accuracy on {evaluation.records:,} records")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for label, scores in (("pairwise", evaluation.pairwise), ("B-cubed", evaluation.bcubed)):
        table.add_row(label, f"{scores.precision:.4f}", f"{scores.recall:.4f}", f"{scores.f1:.4f}")
    console.print(table)
    console.print(
        f"true persons {evaluation.true_persons:,}, predicted {evaluation.predicted_persons:,}; "
        f"true pairs {evaluation.true_pairs:,}, predicted {evaluation.predicted_pairs:,}"
    )
    if evaluation.per_source_recall:
        console.print(
            "recall by source: "
            + ", ".join(f"{k} {v:.3f}" for k, v in evaluation.per_source_recall.items())
        )
    if evaluation.hard_negative_merge_rate:
        console.print(
            "wrong merges of hard negatives: "
            + ", ".join(f"{k} {v:.3%}" for k, v in evaluation.hard_negative_merge_rate.items())
        )


@main.command()
@click.option(
    "--dir",
    "work_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for data and outputs (default: a new temporary folder).",
)
@click.option("--persons", type=click.IntRange(50), default=3000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@friendly
def demo(work_dir: Path | None, persons: int, seed: int) -> None:
    """Synthesize lists, run configs/demo.yaml on them, evaluate, print where outputs are.

    \b
    Example:
      linkage demo --dir demo --persons 3000
    """
    from linkage.demo import run_demo

    work_dir = work_dir or Path(tempfile.mkdtemp(prefix="linkage-demo-"))
    outcome = run_demo(work_dir, persons=persons, seed=seed, console=console)
    _print_summary(outcome.result)
    print_evaluation(outcome.evaluation)
    if "report" in outcome.result.files:
        console.print(f"Report: [bold]{outcome.result.files['report']}[/bold]")
    console.print(f"Data: {outcome.data_dir}")
    console.print(f"Outputs: {outcome.result.output_dir}")
    for name, path in sorted(outcome.result.files.items()):
        console.print(f"  {name}: {path}")


@main.command()
@click.argument("config_path", type=click.Path(path_type=Path))
@click.option(
    "--show-values",
    is_flag=True,
    help="Also show the most common values (names are personal data: off by default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@friendly
def profile(config_path: Path, show_values: bool, as_json: bool) -> None:
    """Profile a job's sources before linking: completeness, NIK status, warnings.

    \b
    Example:
      linkage profile configs/demo.yaml
    shows per source and field the share filled in, NIK status (valid, masked,
    mangled ...), date precision, region resolution, and warnings such as KK numbers
    in the NIK column or spreadsheet-mangled NIKs.
    """
    from linkage.config import load_config
    from linkage.profile import print_profile, profile_config

    result = profile_config(load_config(config_path), show_values=show_values)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, default=str))
        return
    print_profile(result, console)


@main.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the HTML (default: RUN_DIR/report.html).",
)
@friendly
def report(run_dir: Path, out_path: Path | None) -> None:
    """Re-render the HTML run report from a run's output folder.

    \b
    Example:
      linkage report demo/out
    writes demo/out/report.html: a single self-contained file that opens offline.
    """
    from linkage.outputs.report import write_report

    path = write_report(run_dir, out=out_path)
    console.print(f"Report written to [bold]{path}[/bold]")


def _open_store(store_path: Path | None, config_path: Path | None):
    from linkage.store import IdentityStore

    return IdentityStore(store_path_of(store_path, config_path), read_only=True)


@main.command()
@click.argument("person_id")
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@friendly
def person(person_id: str, store_path: Path | None, config_path: Path | None, as_json: bool):
    """Show one person: records, sources, confidence and event history.

    \b
    Example:
      linkage person P0000042 --store demo/identity.duckdb
    """
    from linkage.lineage import person_view
    from linkage.privacy import mask_nik

    with _open_store(store_path, config_path) as store:
        view = person_view(store, person_id)
    if as_json:
        click.echo(json.dumps(view, indent=2, default=str))
        return
    info = view["person"]
    console.print(
        f"[bold]{info['person_id']}[/bold] status {info['status']}, "
        f"{info['record_count']} records, confidence {info['confidence']:.3f}"
        + (f", merged into {info['merged_into']}" if info.get("merged_into") else "")
        + (f", split from {info['split_from']}" if info.get("split_from") else "")
    )
    table = Table(title="Records")
    for column in ("source", "record_id", "name", "NIK", "birth", "village", "confidence"):
        table.add_column(column)
    for r in view["records"]:
        table.add_row(
            r["source"],
            r["record_id"],
            r.get("name_raw") or "",
            mask_nik(r.get("nik_pattern")),
            str(r.get("birth_date") or r.get("birth_year") or ""),
            r.get("village") or "",
            f"{r['confidence']:.3f}",
        )
    console.print(table)
    _print_events(view["events"], title="History")


def _print_events(events: list[dict], title: str) -> None:
    table = Table(title=title)
    for column in ("run", "event", "person", "other person", "record", "reason"):
        table.add_column(column)
    for e in events:
        record = f"{e['source']}/{e['record_id']}" if e.get("source") else ""
        table.add_row(
            str(e["run_id"]),
            e["kind"],
            e["person_id"] or "",
            e.get("other_person_id") or "",
            record,
            e.get("reason") or "",
        )
    console.print(table)


@main.command()
@click.option(
    "--since",
    "since_run",
    type=int,
    default=0,
    show_default=True,
    help="Events of runs after this run ID.",
)
@store_options
@click.option("--kind", multiple=True, help="Only these kinds (merged, split, retired, ...).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@friendly
def events(
    since_run: int,
    store_path: Path | None,
    config_path: Path | None,
    kind: tuple[str, ...],
    as_json: bool,
) -> None:
    """The change feed for downstream systems: merges, splits, retirements, moves.

    \b
    Example:
      linkage events --since 3 --store demo/identity.duckdb --json
    prints one event per line with old -> new person IDs.
    """
    from linkage.lineage import events_since

    with _open_store(store_path, config_path) as store:
        rows = events_since(store, since_run, kinds=kind)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, default=str))
        return
    _print_events(rows, title=f"Events after run {since_run}")


@main.command()
@store_options
@friendly
def runs(store_path: Path | None, config_path: Path | None) -> None:
    """List the runs committed to an identity store.

    \b
    Example:
      linkage runs --store demo/identity.duckdb
    """
    with _open_store(store_path, config_path) as store:
        frame = store.con.execute("SELECT * FROM runs ORDER BY run_id").df()
    table = Table(title="Runs")
    columns = [
        "run_id",
        "started",
        "finished",
        "job",
        "incremental",
        "records",
        "new_records",
        "persons",
        "created",
        "merged",
        "split",
        "retired",
        "moved",
    ]
    for column in columns:
        table.add_column(column)
    for row in frame[columns].itertuples(index=False):
        table.add_row(*[str(v) for v in row])
    console.print(table)


def _register_review_commands() -> None:
    from linkage.review.cli import labels, review, users

    for command in (review, users, labels):
        main.add_command(command)


_register_review_commands()


if __name__ == "__main__":
    main()
