"""Dense positions over a distributed table, in order, across partitions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_with_position_numbers_rows_in_order_across_partitions(spark):
    from linkage.spark.frames import with_position

    rows = [(f"s{i % 3}", 1000 - i) for i in range(500)]
    frame = spark.createDataFrame(rows, "source string, row_number long").repartition(7)
    numbered, count = with_position(frame, "uid", ["source", "row_number"], start=0)
    got = sorted((r.uid, r.source, r.row_number) for r in numbered.collect())
    assert count == 500
    assert [g[0] for g in got] == list(range(500))
    assert [(g[1], g[2]) for g in got] == sorted((s, n) for s, n in rows)


def test_with_position_keeps_file_order_and_names_with_dots(spark, tmp_path):
    from linkage.spark.frames import with_position

    path = tmp_path / "list.csv"
    path.write_text("No. HP,Nama\n" + "".join(f"08{i},name {i}\n" for i in range(50)))
    frame = spark.read.csv(str(path), header=True)
    numbered, _ = with_position(frame, "row", start=1)
    got = sorted((r.row, r["Nama"]) for r in numbered.collect())
    assert got == [(i + 1, f"name {i}") for i in range(50)]
