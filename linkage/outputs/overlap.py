"""Aid overlap ("tumpang tindih"): who receives aid from several sources, per person and region,
and which registered poor persons receive nothing, computed in DuckDB from a run's outputs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from csv import reader
from pathlib import Path

import duckdb
import pyarrow as pa

from linkage.outputs.tables import KIND_PRIORITY
from linkage.standardize.regions import region_label

POOR_DECILE = 4  # PKH serves deciles 1-4 (DOMAIN.md section 5)
REGISTRY_KINDS = frozenset({"registry"})  # needs registers: a listing there is not aid
REGION_LEVELS = ("regency", "district", "village")
CODE_COLUMNS = ("province_code", "regency_code", "district_code", "village_code")
PERSONS_TABLE = "aid_overlap_persons"
# Codes in resolved_records are text; a CSV reader would otherwise read them as numbers.
TEXT_COLUMNS = ("source", "record_id", "person_id", "nik_status", *CODE_COLUMNS)


OUTPUTS_MEMORY_LIMIT = "512MB"  # DuckDB spills past this; a run's peak memory stays the job's


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB without the progress bar (these outputs are written mid-run)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{OUTPUTS_MEMORY_LIMIT}'")
    return con


def level_table(level: str) -> str:
    return f"aid_overlap_{level}"


def run_table_sql(run_dir: Path, name: str) -> str | None:
    """A FROM-clause reader for one of the run's tables (Parquet preferred, else CSV)."""
    parquet, csv = run_dir / f"{name}.parquet", run_dir / f"{name}.csv"
    if parquet.exists():
        return f"read_parquet({_literal(parquet)})"
    if csv.exists():
        with open(csv, encoding="utf-8", newline="") as fh:
            header = next(reader(fh), [])
        types = ", ".join(f"'{c}': 'VARCHAR'" for c in TEXT_COLUMNS if c in header)
        return f"read_csv({_literal(csv)}, header = true, types = {{{types}}})"
    return None


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def read_run_summary(run_dir: Path) -> dict:
    """run.json of a finished run; raises FileNotFoundError naming the folder."""
    path = run_dir / "run.json"
    if not path.exists():
        raise FileNotFoundError(f"{run_dir}: no run.json here; is this a `linkage run` output?")
    return json.loads(path.read_text(encoding="utf-8"))


def source_kinds(summary: dict) -> dict[str, str]:
    return {s["name"]: s.get("kind", "programme") for s in summary.get("sources", [])}


def _register_kinds(con: duckdb.DuckDBPyConnection, kinds: dict[str, str]) -> None:
    names = list(kinds)
    table = pa.table(
        {
            "source": pa.array(names, pa.string()),
            "is_registry": pa.array([kinds[n] in REGISTRY_KINDS for n in names], pa.bool_()),
            "kind_priority": pa.array(
                [KIND_PRIORITY.get(kinds[n], len(KIND_PRIORITY) + 1) for n in names], pa.int64()
            ),
        }
    )
    con.register("overlap_kinds_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE overlap_kinds AS SELECT * FROM overlap_kinds_arrow")
    con.unregister("overlap_kinds_arrow")


# A person's region is that of one record (so that village, district and regency agree): the
# most precisely placed one, official registries first.
REC_SQL = """
CREATE OR REPLACE TEMP VIEW overlap_records AS
SELECT r.*, coalesce(k.is_registry, false) AS is_registry,
       coalesce(k.kind_priority, 99) AS kind_priority, b.bit
FROM {resolved} r LEFT JOIN overlap_kinds k USING (source)
LEFT JOIN overlap_source_bits b USING (source)
"""

# Apart from the summary below: in one aggregate the two outgrow the memory limit and spill.
HOME_SQL = """
CREATE OR REPLACE TEMP TABLE overlap_home AS
SELECT person_id,
       arg_min(
           struct_pack(province_code, regency_code, district_code, village_code),
           (village_code IS NULL, district_code IS NULL, regency_code IS NULL,
            province_code IS NULL, kind_priority, -match_confidence, source, record_id)
       ) AS home
FROM overlap_records
GROUP BY person_id
"""

PERSONS_SQL = """
CREATE OR REPLACE TEMP TABLE {persons} AS
WITH summary AS (
    SELECT person_id,
           count(*) AS records,
           bitstring_agg(bit, 0, {last_bit}) AS sources,
           bitstring_agg(bit, 0, {last_bit}) FILTER (WHERE NOT is_registry) AS aid_sources,
           list_sort(list_distinct(list(programme))) AS programmes,
           sum(amount) AS total_amount,
           min(decile) FILTER (WHERE is_registry) AS decile,
           coalesce(bool_or(deceased), false) AS deceased
    FROM overlap_records
    GROUP BY person_id
)
SELECT person_id, {names}(sources) AS sources, bit_count(sources)::BIGINT AS n_sources,
       nullif({names}(aid_sources), '') AS aid_sources,
       coalesce(bit_count(aid_sources), 0)::BIGINT AS n_aid_sources,
       nullif(array_to_string(programmes, ','), '') AS programmes,
       total_amount, records, decile,
       {poor} AS registered_poor,
       {poor} AND aid_sources IS NULL AS poor_without_aid,
       deceased, home.province_code, home.regency_code, home.district_code, home.village_code
FROM summary JOIN overlap_home USING (person_id)
ORDER BY person_id
"""


def _register_source_bits(con: duckdb.DuckDBPyConnection, resolved: str) -> dict[str, str]:
    """One bit per source (name order): a person's sources aggregate as a bit string, far
    lighter than lists of names. Returns the template values that use it."""
    names = [
        r[0] for r in con.execute(f"SELECT DISTINCT source FROM {resolved} ORDER BY 1").fetchall()
    ]
    table = pa.table(
        {
            "source": pa.array(names, pa.string()),
            "bit": pa.array(range(len(names)), pa.int32()),
        }
    )
    con.register("source_bits_arrow", table)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE overlap_source_bits AS SELECT * FROM source_bits_arrow"
    )
    con.unregister("source_bits_arrow")
    literal = "[" + ", ".join("'" + n.replace("'", "''") + "'" for n in names) + "]::VARCHAR[]"
    con.execute(
        "CREATE OR REPLACE TEMP MACRO overlap_source_names(mask) AS array_to_string("
        f"list_filter({literal}, lambda x, i: get_bit(mask, (i - 1)::INTEGER) = 1), ',')"
    )
    return {"names": "overlap_source_names", "last_bit": str(max(len(names) - 1, 1))}


LEVEL_SQL = """
SELECT {codes}, l.label AS region_name,
       count(*) AS persons,
       count(*) FILTER (WHERE n_aid_sources >= 1) AS persons_with_aid,
       count(*) FILTER (WHERE n_aid_sources >= 2) AS persons_multi_aid,
       sum(total_amount) AS total_amount,
       sum(total_amount) FILTER (WHERE n_aid_sources >= 2) AS amount_multi_aid,
       {registered_poor} AS registered_poor,
       {poor_without_aid} AS poor_without_aid
FROM {persons} p LEFT JOIN overlap_region_labels l ON l.code = p.{level}_code
GROUP BY ALL
ORDER BY persons_multi_aid DESC, persons DESC, {level}_code NULLS LAST
"""


def has_deciles(con: duckdb.DuckDBPyConnection, resolved: str) -> bool:
    """Whether a needs registry carries welfare deciles (else 'poor' is unknown, not zero)."""
    row = con.execute(
        f"SELECT count(*) FROM {resolved} r JOIN overlap_kinds k USING (source) "
        "WHERE k.is_registry AND r.decile IS NOT NULL"
    ).fetchone()
    return bool(row and row[0])


def build_aid_overlap(
    con: duckdb.DuckDBPyConnection,
    run_dir: Path,
    *,
    kinds: dict[str, str] | None = None,
    poor_decile: int = POOR_DECILE,
) -> dict[str, str]:
    """Create the overlap tables in `con`; returns table name -> SQL that selects it.

    `kinds` (source -> kind) defaults to run.json's; registry sources count as needs
    registers, every other kind as aid.
    """
    resolved = run_table_sql(run_dir, "resolved_records")
    if resolved is None:
        raise FileNotFoundError(f"{run_dir}: no resolved_records.parquet or .csv here")
    _register_kinds(con, kinds if kinds is not None else source_kinds(read_run_summary(run_dir)))
    deciles = has_deciles(con, resolved)
    poor = f"coalesce(decile <= {int(poor_decile)}, false)" if deciles else "NULL::BOOLEAN"
    bits = _register_source_bits(con, resolved)
    con.execute(REC_SQL.format(resolved=resolved))
    con.execute(HOME_SQL)
    con.execute(PERSONS_SQL.format(persons=PERSONS_TABLE, poor=poor, **bits))
    con.execute("DROP TABLE overlap_home")
    _register_region_labels(con)
    queries = {PERSONS_TABLE: f"SELECT * FROM {PERSONS_TABLE}"}
    for depth, level in enumerate(REGION_LEVELS, start=2):
        queries[level_table(level)] = LEVEL_SQL.format(
            codes=", ".join(CODE_COLUMNS[:depth]),
            level=level,
            persons=PERSONS_TABLE,
            registered_poor=_count_if("registered_poor", deciles),
            poor_without_aid=_count_if("poor_without_aid", deciles),
        )
    return queries


def _count_if(column: str, known: bool) -> str:
    return f"count(*) FILTER (WHERE {column})" if known else "NULL::BIGINT"


def _register_region_labels(con: duckdb.DuckDBPyConnection) -> None:
    """Display names for every code in use (at most the ~90,000 Kemendagri codes)."""
    codes: set[str] = set()
    for level in REGION_LEVELS:
        rows = con.execute(
            f"SELECT DISTINCT {level}_code FROM {PERSONS_TABLE} WHERE {level}_code IS NOT NULL"
        ).fetchall()
        codes.update(row[0] for row in rows)
    ordered = sorted(codes)
    table = pa.table(
        {
            "code": pa.array(ordered, pa.string()),
            "label": pa.array([region_label(c) for c in ordered], pa.string()),
        }
    )
    con.register("region_labels_arrow", table)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE overlap_region_labels AS SELECT * FROM region_labels_arrow"
    )
    con.unregister("region_labels_arrow")


def run_formats(run_dir: Path) -> list[str]:
    """The formats the run wrote its tables in (so the overlap tables match them)."""
    found = [f for f in ("parquet", "csv") if (run_dir / f"resolved_records.{f}").exists()]
    return found or ["parquet"]


def write_aid_overlap(
    run_dir: str | Path,
    *,
    formats: Iterable[str] | None = None,
    poor_decile: int = POOR_DECILE,
    kinds: dict[str, str] | None = None,
) -> dict[str, Path]:
    """Write the aid-overlap tables next to the run's other tables; returns name -> path.

    Tables: `aid_overlap_persons` and one per region level (`aid_overlap_regency`,
    `_district`, `_village`). Formats default to those of the run's resolved_records.
    """
    run_dir = Path(run_dir)
    formats = list(formats) if formats is not None else run_formats(run_dir)
    files: dict[str, Path] = {}
    with connect() as con:
        for name, sql in build_aid_overlap(
            con, run_dir, kinds=kinds, poor_decile=poor_decile
        ).items():
            for position, fmt in enumerate(formats):
                path = run_dir / f"{name}.{fmt}"
                option = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(HEADER)"
                con.execute(f"COPY ({sql}) TO {_literal(path)} {option}")
                files[name if position == 0 else f"{name}_{fmt}"] = path
    return files
