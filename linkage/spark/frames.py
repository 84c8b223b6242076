"""Small helpers over Spark tables: columns by their exact name, and dense positions (0, 1, 2,
… in a given order) without moving every row into one partition as a global window would."""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

_PARTITION = "__partition"
_ROW_ID = "__row_id"
_OFFSET = "__offset"
_ROW_ID_BITS = 33  # monotonically_increasing_id keeps the partition index above these bits


def col(name: str) -> Column:
    """A column by its exact name: source headers hold dots and spaces ("No. HP")."""
    return F.col("`" + name.replace("`", "``") + "`")


def with_position(
    frame: DataFrame, name: str, order_by: Sequence[str] = (), *, start: int = 0
) -> tuple[DataFrame, int]:
    """`frame` with a column `name` numbering its rows from `start` in `order_by` order (the
    partitions' own order when empty: a file's row order as Spark read it), and its row count.

    Each partition counts its rows; a partition's first position is the sum of the counts
    before it. The tagged rows are checkpointed so that counting and numbering see one and the
    same partitioning.
    """
    if order_by:
        frame = frame.orderBy(*order_by)
    tagged = frame.select(
        "*",
        F.spark_partition_id().alias(_PARTITION),
        F.monotonically_increasing_id().alias(_ROW_ID),
    ).checkpoint(eager=True)
    counts = sorted(tuple(row) for row in tagged.groupBy(_PARTITION).count().collect())
    offsets, running = [], start
    for partition, count in counts:
        offsets.append((partition, running))
        running += count
    spark = frame.sparkSession
    offset_table = spark.createDataFrame(offsets, f"{_PARTITION} int, {_OFFSET} long")
    local = F.col(_ROW_ID) - F.shiftleft(F.col(_PARTITION).cast("long"), _ROW_ID_BITS)
    numbered = tagged.join(F.broadcast(offset_table), _PARTITION).select(
        *(col(c) for c in frame.columns), (local + F.col(_OFFSET)).alias(name)
    )
    return numbered, running - start
