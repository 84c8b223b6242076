"""The table layer: one parse per distinct value, chunked Arrow output, rejects with reasons."""

from __future__ import annotations

import pandas as pd

from linkage.standardize.batch import standardize, standardize_table


def _frame(ids, names):
    return pd.DataFrame(
        {
            "source": "s",
            "row_number": range(1, len(ids) + 1),
            "record_id": ids,
            "name": names,
            "nik": ["1871015005850003"] * len(ids),
        }
    )


def test_duplicate_ids_are_rejected_across_chunks():
    frame = _frame(["1", "2", "3", "1", "4", "2"], ["A B"] * 6)
    result = standardize_table(frame, chunk_rows=2)
    assert result.table.column("record_id").to_pylist() == ["1", "2", "3", "4"]
    assert result.rejects["row_number"].tolist() == [4, 6]
    assert set(result.rejects["reason"]) == {"duplicate record_id within the source"}


def test_chunked_output_equals_one_pass():
    frame = _frame([str(i) for i in range(9)], ["SITI AMINAH", "Moh. Djoko", None] * 3)
    chunked = standardize_table(frame, chunk_rows=4).table.to_pandas()
    whole = standardize(frame).records
    assert chunked["name_key"].tolist() == whole["name_key"].tolist()
    assert chunked["nik"].tolist() == whole["nik"].tolist()


def test_rows_without_nik_or_name_are_rejected_with_reason():
    frame = _frame(["1", "2"], ["A", None])
    frame.loc[1, "nik"] = None
    result = standardize(frame)
    assert result.rejects[["record_id", "reason"]].values.tolist() == [
        ["2", "no usable NIK and no name"]
    ]
