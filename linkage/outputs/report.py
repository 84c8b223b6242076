"""The HTML run report: one self-contained file (charts and their JavaScript embedded) rendered
from a run folder alone, so that `linkage report RUN_DIR` can re-render it. Counts only."""

from __future__ import annotations

import datetime as dt
import json
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from linkage.outputs.overlap import (
    CODE_COLUMNS,
    PERSONS_TABLE,
    POOR_DECILE,
    REGION_LEVELS,
    build_aid_overlap,
    connect,
    level_table,
    read_run_summary,
    run_table_sql,
    source_kinds,
)
from linkage.standardize.regions import region_name

TEMPLATES = Path(__file__).parent / "templates"
TOP_REGIONS = 25
TOP_COMBINATIONS = 15
CONFIDENCE_BINS = 50
BAR_WIDTH = 560
REGION_BAR_WIDTH = 220
NIK_STATUS_COLOURS = {
    "valid": "#2e7d32",
    "masked": "#f9a825",
    "truncated": "#ef6c00",
    "invalid_date": "#c62828",
    "invalid_region": "#ad1457",
    "mangled": "#6a1b9a",
    "missing": "#9e9e9e",
}
LEVEL_TITLES = {"regency": "regency / city", "district": "district", "village": "village"}
NO_REGION = "(region unknown)"


@dataclass
class Table:
    """A small table for the template: header, rows of cells, and an optional note."""

    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None


@dataclass
class Charts:
    """Vega-Lite specs by div id, in the order the report shows them."""

    specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, chart: alt.TopLevelMixin | dict[str, Any]) -> str:
        spec = chart if isinstance(chart, dict) else chart.to_dict()
        # The embedded Vega-Lite (Splink's copy) compiles Altair's specs; the schema URL would
        # only make vega-embed warn about the version.
        spec.pop("$schema", None)
        self.specs[name] = spec
        return name


def write_report(
    run_dir: str | Path, *, out: str | Path | None = None, poor_decile: int = POOR_DECILE
) -> Path:
    """Render `report.html` (or `out`) from a run folder's outputs; returns its path."""
    run_dir = Path(run_dir)
    path = Path(out) if out is not None else run_dir / "report.html"
    path.write_text(render_report(run_dir, poor_decile=poor_decile), encoding="utf-8")
    return path


def render_report(run_dir: Path, *, poor_decile: int = POOR_DECILE) -> str:
    """The report HTML for a run folder (run.json, resolved_records, rejects, review queue,
    model.json)."""
    summary = read_run_summary(run_dir)
    resolved = run_table_sql(run_dir, "resolved_records")
    if resolved is None:
        raise FileNotFoundError(f"{run_dir}: no resolved_records.parquet or .csv here")
    charts = Charts()
    with connect() as con:
        con.execute(f"CREATE TEMP TABLE resolved AS SELECT * FROM {resolved}")
        order = _source_order(con, summary)
        context = {
            "summary": summary,
            "headline": _headline(summary),
            "sources": _sources_section(con, summary, order, charts),
            "rejects": _rejects_section(con, run_dir, charts),
            "links": _links_section(con, run_dir, summary, charts),
            "clusters": _clusters_section(con, charts),
            "confidence": _confidence_section(con, summary, charts),
            "overlap": _overlap_section(con, order, charts),
            "aid": _aid_section(con, run_dir, summary, poor_decile, charts),
        }
    context["model"] = _model_section(run_dir, charts)
    context["timings"] = Table(
        ["Stage", "Seconds"], [[k, v] for k, v in summary.get("timings", {}).items()]
    )
    return (
        _environment()
        .get_template("report.html")
        .render(
            **context,
            specs_json=_json_for_html(charts.specs),
            libraries=_chart_libraries(),
            rendered=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        )
    )


# --- sections -----------------------------------------------------------------------------


def _source_order(con: duckdb.DuckDBPyConnection, summary: dict) -> list[str]:
    """Sources in config order, then any the records name that run.json does not."""
    named = [s["name"] for s in summary.get("sources", [])]
    found = [
        r[0] for r in con.execute("SELECT DISTINCT source FROM resolved ORDER BY 1").fetchall()
    ]
    return named + [s for s in found if s not in named]


def _headline(summary: dict) -> Table:
    counts = summary.get("counts", {})
    rows = [
        ["Records linked", counts.get("records")],
        ["Rows rejected", counts.get("rejects")],
        ["Persons", counts.get("persons")],
        ["Persons with 2+ records", counts.get("persons_multi_record")],
        ["Link threshold (match probability)", summary.get("thresholds", {}).get("link")],
        ["Review band starts at", summary.get("thresholds", {}).get("review")],
    ]
    return Table(["", ""], rows)


def _sources_section(
    con: duckdb.DuckDBPyConnection, summary: dict, order: list[str], charts: Charts
) -> dict[str, Any]:
    kinds = {s["name"]: s.get("kind") for s in summary.get("sources", [])}
    per_source = summary.get("counts", {}).get("sources", {})
    stats = {
        row[0]: row[1:]
        for row in con.execute(
            """
            WITH ps AS (SELECT DISTINCT person_id, source FROM resolved),
            spread AS (SELECT person_id, count(*) AS n FROM ps GROUP BY person_id)
            SELECT source, count(*) AS persons, count(*) FILTER (WHERE n >= 2) AS shared
            FROM ps JOIN spread USING (person_id) GROUP BY source
            """
        ).fetchall()
    }
    rows = []
    for source in order:
        counts = per_source.get(source, {})
        persons, shared = stats.get(source, (0, 0))
        rows.append(
            [
                source,
                kinds.get(source, "?"),
                counts.get("read"),
                counts.get("records"),
                counts.get("rejects"),
                persons,
                shared,
            ]
        )
    table = Table(
        ["Source", "Kind", "Rows read", "Records", "Rejected", "Persons", "Also in another source"],
        rows,
    )
    status = con.execute(
        "SELECT source, coalesce(nik_status, 'missing') AS nik_status, count(*) AS records "
        "FROM resolved GROUP BY ALL"
    ).df()
    chart = (
        alt.Chart(status)
        .mark_bar()
        .encode(
            x=alt.X("records:Q", title="Records", stack="zero"),
            y=alt.Y("source:N", sort=order, title=None),
            color=alt.Color(
                "nik_status:N",
                title="NIK status",
                sort=list(NIK_STATUS_COLOURS),
                scale=alt.Scale(
                    domain=list(NIK_STATUS_COLOURS), range=list(NIK_STATUS_COLOURS.values())
                ),
            ),
            tooltip=["source", "nik_status", alt.Tooltip("records:Q", format=",")],
        )
        .properties(width=BAR_WIDTH, title="Records per source by NIK status")
    )
    return {"table": table, "chart": charts.add("nik-status", chart)}


def _rejects_section(
    con: duckdb.DuckDBPyConnection, run_dir: Path, charts: Charts
) -> dict[str, Any]:
    rejects = run_table_sql(run_dir, "rejects")
    if rejects is None:
        return {"table": None, "chart": None}
    frame = con.execute(
        f"SELECT source, reason, count(*) AS rows FROM {rejects} GROUP BY ALL "
        "ORDER BY rows DESC, source, reason"
    ).df()
    table = Table(["Source", "Reason", "Rows"], frame.to_numpy().tolist())
    if frame.empty:
        return {"table": table, "chart": None}
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(rows):Q", title="Rows rejected"),
            y=alt.Y("reason:N", sort="-x", title=None),
            color=alt.Color("source:N", title="Source"),
            tooltip=["source", "reason", alt.Tooltip("rows:Q", format=",")],
        )
        .properties(width=BAR_WIDTH, title="Rejected rows by reason")
    )
    return {"table": table, "chart": charts.add("rejects", chart)}


def _links_section(
    con: duckdb.DuckDBPyConnection, run_dir: Path, summary: dict, charts: Charts
) -> dict[str, Any]:
    counts = summary.get("counts", {})
    thresholds = summary.get("thresholds", {})
    steps = [
        ("Candidate pairs from blocking (estimate)", counts.get("expected_comparisons")),
        ("Pairs scored and kept", counts.get("scored_pairs")),
        (
            f"Pairs in the review band ({thresholds.get('review')} to {thresholds.get('link')})",
            counts.get("review_pairs"),
        ),
        (f"Pairs linked (>= {thresholds.get('link')})", counts.get("linked_pairs")),
    ]
    rows = [[label, value] for label, value in steps]
    rows += [
        ["Persons split because they held two valid NIKs", counts.get("conflict_persons")],
        ["Links cut to split them", counts.get("cut_edges")],
        ["Largest person (records)", counts.get("largest_person")],
    ]
    queue = run_table_sql(run_dir, "review_queue")
    if queue is not None:
        for reason, n in con.execute(
            f"SELECT reason, count(*) FROM {queue} GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall():
            rows.append([f"Review queue: {reason}", n])
    funnel = pd.DataFrame([{"step": label, "pairs": value} for label, value in steps if value])
    chart = None
    if not funnel.empty:
        chart = charts.add(
            "pairs",
            alt.Chart(funnel)
            .mark_bar()
            .encode(
                x=alt.X(
                    "pairs:Q", title="Pairs (log scale)", scale=alt.Scale(type="log"), stack=None
                ),
                y=alt.Y("step:N", sort=None, title=None),
                tooltip=["step", alt.Tooltip("pairs:Q", format=",")],
            )
            .properties(width=BAR_WIDTH, title="From candidate pairs to links"),
        )
    return {"table": Table(["", ""], rows), "chart": chart}


def _clusters_section(con: duckdb.DuckDBPyConnection, charts: Charts) -> dict[str, Any]:
    frame = con.execute(
        "SELECT size, count(*) AS persons FROM "
        "(SELECT count(*) AS size FROM resolved GROUP BY person_id) GROUP BY size ORDER BY size"
    ).df()
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("size:O", title="Records per person", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("persons:Q", title="Persons"),
            tooltip=[
                alt.Tooltip("size:O", title="records"),
                alt.Tooltip("persons:Q", format=","),
            ],
        )
        .properties(width=alt.Step(48), title="Cluster sizes")
    )
    table = Table(["Records per person", "Persons"], frame.to_numpy().tolist())
    return {"table": table, "chart": charts.add("cluster-sizes", chart)}


def _confidence_section(
    con: duckdb.DuckDBPyConnection, summary: dict, charts: Charts
) -> dict[str, Any]:
    bins = CONFIDENCE_BINS
    frame = con.execute(
        f"""
        WITH persons AS (
            SELECT person_id, any_value(person_confidence) AS confidence
            FROM resolved GROUP BY person_id
        ),
        values AS (
            SELECT 'Records: match confidence' AS what, match_confidence AS confidence
            FROM resolved
            UNION ALL
            SELECT 'Persons: cluster confidence', confidence FROM persons
        )
        SELECT what, least(floor(confidence * {bins}), {bins - 1}) / {bins} AS bin_start,
               count(*) AS count
        FROM values WHERE confidence IS NOT NULL GROUP BY ALL
        """
    ).df()
    frame["bin_end"] = frame["bin_start"] + 1 / bins
    link = summary.get("thresholds", {}).get("link", 0.9)
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("bin_start:Q", title="Confidence", scale=alt.Scale(domain=[0, 1], nice=False)),
            x2="bin_end:Q",
            y=alt.Y("count:Q", title="Count (log scale)", scale=alt.Scale(type="log"), stack=None),
            tooltip=[
                alt.Tooltip("bin_start:Q", title="from", format=".2f"),
                alt.Tooltip("bin_end:Q", title="to", format=".2f"),
                alt.Tooltip("count:Q", format=","),
            ],
        )
    )
    rule = alt.Chart().mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x=alt.datum(link))
    chart = (
        alt.layer(bars, rule, data=frame)
        .properties(width=340, height=220)
        .facet(column=alt.Column("what:N", title=None))
        .properties(title=f"Confidence (dashed line: link threshold {link})")
    )
    return {"chart": charts.add("confidence", chart)}


def _overlap_section(
    con: duckdb.DuckDBPyConnection, order: list[str], charts: Charts
) -> dict[str, Any]:
    frame = con.execute(
        """
        WITH ps AS (SELECT DISTINCT person_id, source FROM resolved)
        SELECT a.source AS source_a, b.source AS source_b, count(*) AS persons
        FROM ps a JOIN ps b USING (person_id) GROUP BY ALL
        """
    ).df()
    base = alt.Chart(frame).encode(
        x=alt.X("source_b:N", sort=order, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("source_a:N", sort=order, title=None),
    )
    heat = base.mark_rect().encode(
        color=alt.Color("persons:Q", title="Persons", scale=alt.Scale(scheme="blues")),
        tooltip=["source_a", "source_b", alt.Tooltip("persons:Q", format=",")],
    )
    dark = float(frame["persons"].max()) / 2 if len(frame) else 0.0
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("persons:Q", format=","),
        color=alt.condition(alt.datum.persons > dark, alt.value("white"), alt.value("black")),
    )
    chart = (heat + text).properties(
        width=alt.Step(56),
        height=alt.Step(34),
        title="Persons appearing in both sources (diagonal: persons in the source)",
    )
    return {"chart": charts.add("source-overlap", chart)}


def _aid_section(
    con: duckdb.DuckDBPyConnection,
    run_dir: Path,
    summary: dict,
    poor_decile: int,
    charts: Charts,
) -> dict[str, Any]:
    queries = build_aid_overlap(con, run_dir, kinds=source_kinds(summary), poor_decile=poor_decile)
    totals = con.execute(
        f"""
        SELECT count(*) FILTER (WHERE n_aid_sources >= 1),
               count(*) FILTER (WHERE n_aid_sources >= 2),
               sum(total_amount),
               sum(total_amount) FILTER (WHERE n_aid_sources >= 2),
               count(*) FILTER (WHERE registered_poor),
               count(*) FILTER (WHERE poor_without_aid),
               count(*) FILTER (WHERE deceased AND n_aid_sources >= 1),
               bool_and(registered_poor IS NOT NULL)
        FROM {PERSONS_TABLE}
        """
    ).fetchone()
    with_aid, multi, amount, multi_amount, poor, poor_no_aid, deceased, deciles = totals
    deciles = bool(deciles)
    rows = [
        ["Persons on at least one aid list", with_aid],
        ["Persons receiving aid from 2 or more sources", multi],
        ["Total amount on aid lists", amount],
        ["Amount to persons with 2 or more sources", multi_amount],
        ["Persons marked deceased who are on an aid list", deceased],
    ]
    if deciles:
        rows += [
            [f"Registered poor (welfare decile 1-{poor_decile})", poor],
            ["Registered poor receiving nothing from any aid list", poor_no_aid],
        ]
    combinations = con.execute(
        f"""
        SELECT aid_sources, count(*) AS persons, sum(total_amount) AS amount
        FROM {PERSONS_TABLE} WHERE n_aid_sources >= 2
        GROUP BY aid_sources ORDER BY persons DESC, aid_sources LIMIT {TOP_COMBINATIONS}
        """
    ).fetchall()
    spread = con.execute(
        f"SELECT n_aid_sources, count(*) AS persons FROM {PERSONS_TABLE} GROUP BY 1 ORDER BY 1"
    ).df()
    spread_chart = (
        alt.Chart(spread)
        .mark_bar()
        .encode(
            x=alt.X("n_aid_sources:O", title="Aid sources per person", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("persons:Q", title="Persons"),
            tooltip=["n_aid_sources", alt.Tooltip("persons:Q", format=",")],
        )
        .properties(width=300, title="Persons by number of aid sources")
    )
    levels = {
        level: _region_level(con, queries[level_table(level)], level, deciles, charts)
        for level in REGION_LEVELS
    }
    return {
        "totals": Table(["", ""], rows),
        "combinations": Table(
            ["Aid sources", "Persons", "Amount"], [list(r) for r in combinations]
        ),
        "spread_chart": charts.add("aid-spread", spread_chart),
        "levels": levels,
        "deciles": deciles,
        "poor_decile": poor_decile,
    }


def _short_label(name: object, parent_code: object, level: str) -> str:
    """Labels: the region and its parent ("Kedaton, Kota Bandar Lampung"), or where a person
    could only be placed in a larger region, that region."""
    if isinstance(name, str):
        return ", ".join(name.split(", ")[: 1 if level == "regency" else 2])
    if isinstance(parent_code, str):
        place = region_name(parent_code) or parent_code
        return f"{LEVEL_TITLES[level].capitalize()} unknown, in {place}"
    return NO_REGION


def _labels(frame: pd.DataFrame, level: str) -> list[str]:
    parents = list(CODE_COLUMNS[: REGION_LEVELS.index(level) + 1])
    deepest = frame[parents[::-1]].bfill(axis=1).iloc[:, 0]
    return [
        _short_label(name, parent, level)
        for name, parent in zip(frame["region_name"], deepest, strict=True)
    ]


def _region_level(
    con: duckdb.DuckDBPyConnection, sql: str, level: str, deciles: bool, charts: Charts
) -> dict[str, Any]:
    frame = con.execute(sql).df()
    total = len(frame)
    frame["label"] = _labels(frame, level)
    columns = ["Region", "Persons", "With aid", "2+ aid sources", "Total amount"]
    fields = ["label", "persons", "persons_with_aid", "persons_multi_aid", "total_amount"]
    if deciles:
        columns += ["Registered poor", "Poor without aid"]
        fields += ["registered_poor", "poor_without_aid"]
    top = frame.head(TOP_REGIONS)
    note = None
    if total > TOP_REGIONS:
        note = (
            f"The {TOP_REGIONS} of {total:,} regions with most persons on 2+ aid lists; "
            f"every region is in {level_table(level)}.parquet."
        )
    section: dict[str, Any] = {
        "title": LEVEL_TITLES[level],
        "table": Table(columns, _cells(top[fields]), note),
        "charts": [],
    }
    if level == "village":
        return section
    section["charts"].append(
        charts.add(
            f"multi-aid-{level}",
            _region_bars(
                top,
                "persons_multi_aid",
                f"Persons with aid from 2+ sources, by {LEVEL_TITLES[level]}",
                "#1565c0",
            ),
        )
    )
    if deciles:
        poor = frame.sort_values(["poor_without_aid", "label"], ascending=[False, True]).head(
            TOP_REGIONS
        )
        section["charts"].append(
            charts.add(
                f"poor-without-aid-{level}",
                _region_bars(
                    poor,
                    "poor_without_aid",
                    f"Registered poor receiving nothing, by {LEVEL_TITLES[level]}",
                    "#c62828",
                ),
            )
        )
    return section


def _region_bars(frame: pd.DataFrame, value: str, title: str, colour: str) -> alt.Chart:
    data = frame.loc[frame[value] > 0, ["label", value, "persons"]].rename(columns={value: "count"})
    return (
        alt.Chart(data)
        .mark_bar(color=colour)
        .encode(
            x=alt.X("count:Q", title="Persons"),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip("label:N", title="region"),
                alt.Tooltip("count:Q", title="persons", format=","),
                alt.Tooltip("persons:Q", title="all persons", format=","),
            ],
        )
        .properties(width=REGION_BAR_WIDTH, title=title)
    )


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


def _model_section(run_dir: Path, charts: Charts) -> dict[str, Any]:
    path = run_dir / "model.json"
    if not path.exists():
        return {"table": None, "charts": []}
    model = json.loads(path.read_text(encoding="utf-8"))
    metadata = model.get("linkage_model", {})
    settings = model["splink_settings"]
    training = metadata.get("training", {})
    data = metadata.get("data_summary", {})
    rows = [
        ["Trained at", metadata.get("trained_at")],
        ["Splink version", metadata.get("splink_version")],
        ["Seed", metadata.get("seed")],
        ["Training records", data.get("records")],
        ["Training sources", ", ".join(data.get("sources", []))],
        ["Prior: probability two random records match", _prior(settings)],
        ["Comparisons", ", ".join(c["output_column_name"] for c in settings["comparisons"])],
        [
            "Levels left without an m estimate",
            ", ".join(training.get("levels_without_m_estimate", [])),
        ],
    ]
    weights, m_u = _splink_model_charts(settings)
    return {
        "table": Table(["", ""], rows),
        "charts": [charts.add("match-weights", weights), charts.add("m-u", m_u)],
    }


def _prior(settings: dict[str, Any]) -> str:
    p = settings.get("probability_two_random_records_match")
    return f"{p:.3g} (one in {1 / p:,.0f})" if p else "?"


def _splink_model_charts(settings: dict[str, Any]) -> tuple[dict, dict]:
    """Splink's own match-weight and m/u chart specs, fed from the saved settings (no linker
    needed), so the report shows the model exactly as Splink users know it."""
    from splink import SettingsCreator

    dialect = settings.get("sql_dialect") or "duckdb"
    model = SettingsCreator.from_path_or_dict(settings).get_settings(dialect)
    specs = []
    for chart in (model.match_weights_chart(), model.m_u_parameters_chart()):
        spec = chart.chart_dict
        spec["data"]["values"] = [
            {k: v for k, v in record.items() if k != "sql_condition"}
            for record in spec["data"]["values"]
        ]
        specs.append(spec)
    return specs[0], specs[1]


# --- rendering ----------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = format_cell
    return env


def format_cell(value: Any) -> str:
    """Numbers with thousands separators; missing values as a dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        value = float(value)
        return f"{value:,.0f}" if value.is_integer() or abs(value) >= 100 else f"{value:,.3g}"
    return str(value)


def _json_for_html(value: Any) -> str:
    """JSON that cannot close the script element it sits in."""
    text = json.dumps(value, default=_json_default)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} into a chart spec")


def _chart_libraries() -> list[str]:
    """vega, vega-lite and vega-embed as shipped inside the Splink wheel (offline, no CDN)."""
    from splink.internals.html_utils import load_chart_libraries

    libraries = load_chart_libraries()
    return [libraries[name] for name in ("vega", "vega-lite", "vega-embed")]
