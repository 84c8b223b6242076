"""Standardization on Spark gives the DuckDB job's records, rejects and uids, row for row."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("pyspark")

from linkage.config import config_from_dict
from linkage.job import read_and_standardize
from linkage.progress import Reporter
from linkage.spark.standardize import _partition_count

HEADER = "ID Data;No. NIK;Nama Lengkap;Tgl. Lahir;Desa;Alamat\n"
ROWS = [
    'A-1;1871014101800001;Siti Aminah;1980-01-01;Kedaton;"Jl. Mawar 3, RT 01\nRW 02"\n',
    ' A-2 ;;Budi Santoso;;Kedaton;""\n',
    "A-3;1871015512900002;Dewi Lestari;15-12-1990;Sukarame;Gg. Melati\n",
    "A-1;1871014101800001;Siti Aminah;1980-01-01;Kedaton;duplicate ID, later row\n",
    ";;;;;no ID and no name\n",
    "A-4;;Ñoman Sudarsono;1975;Way Halim;Jl. Cendana\n",
    "A-2;;Budi Santosa;;Kedaton;padded ID above is the same ID\n",
]


@pytest.mark.parametrize(
    ("rows", "cores", "partitions"),
    [
        (300, 2, 1),
        (39_000, 2, 2),
        (448_000, 2, 4),
        (1_000_000, 16, 16),
        (285_000_000, 200, 1_600),
    ],
)
def test_partition_count_keeps_every_core_busy(rows, cores, partitions):
    assert _partition_count(rows, cores) == partitions


@pytest.mark.slow
def test_spark_standardizes_a_source_as_the_duckdb_job_does(spark, tmp_path, monkeypatch):
    from linkage.spark import standardize

    # Ten partitions of 28 rows: each ID's rows are spread over the file, yet must meet.
    monkeypatch.setattr(standardize, "MIN_ROWS_PER_PARTITION", 28)

    path = tmp_path / "list.csv"
    path.write_bytes((HEADER + "".join(ROWS * 40)).encode("cp1252"))
    columns = {
        "record_id": "ID Data",
        "nik": "No. NIK",
        "name": "Nama Lengkap",
        "birth_date": "Tgl. Lahir",
        "village": "Desa",
        "address": "Alamat",
    }
    source = {"name": "dinsos", "path": str(path), "encoding": "cp1252", "columns": columns}
    config = config_from_dict(
        {"sources": [source], "standardize": {"region_within": "18"}}, base=tmp_path
    )
    duck = read_and_standardize(config, Reporter.quiet())
    spark_data = standardize.read_and_standardize(
        spark, config, Reporter.quiet(), str(tmp_path / "tables")
    )

    got = spark_data.records.orderBy("uid").toArrow()
    assert got.num_rows == duck.table.num_rows == 4
    for column in got.column_names:
        expected = duck.table.column(column).to_pylist()
        assert got.column(column).to_pylist() == expected, column
    rejects = spark_data.rejects.toPandas().sort_values("row_number", ignore_index=True)
    expected_rejects = duck.rejects.sort_values("row_number", ignore_index=True)
    pd.testing.assert_frame_equal(rejects, expected_rejects, check_dtype=False)
    reasons = set(expected_rejects["reason"])
    assert {"missing record_id", "duplicate record_id within the source"} <= reasons
