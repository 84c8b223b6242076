"""Reading lists: canonical columns and record IDs as the job sees them."""

from __future__ import annotations

from pathlib import Path

from linkage.config import config_from_dict
from linkage.job import read_and_standardize
from linkage.progress import Reporter


def test_rows_with_an_empty_record_id_are_rejected_as_missing_not_as_duplicates(tmp_path: Path):
    path = tmp_path / "list.csv"
    rows = ["id,nik,nama", "A-1,,Siti Aminah", ",,Budi Santoso", ",,Dewi Lestari", "A-2,,Agus"]
    path.write_text("\n".join(rows) + "\n")
    columns = {"record_id": "id", "nik": "nik", "name": "nama"}
    config = config_from_dict(
        {"sources": [{"name": "dinsos", "path": str(path), "columns": columns}]}, base=tmp_path
    )
    data = read_and_standardize(config, Reporter.quiet())
    rejects = data.rejects.sort_values("row_number")
    assert rejects["row_number"].tolist() == [2, 3]
    assert set(rejects["reason"]) == {"missing record_id"}
    assert rejects["record_id"].isna().all()  # not the text "nan"
    assert data.table.column("record_id").to_pylist() == ["A-1", "A-2"]
