"""Aid-overlap tables checked against numbers worked out by hand on a seven-person run."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from linkage.outputs.overlap import write_aid_overlap

DURIAN_PAYUNG = "1871061001"  # Tanjungkarang Pusat, Kota Bandar Lampung
GOTONG_ROYONG = "1871061002"  # Tanjungkarang Pusat
KOTA_BARU = "1871051002"  # Tanjungkarang Timur
KINDS = {"dtks": "registry", "pkh": "programme", "csr": "csr", "donor": "donor"}

# source, record_id, person_id, match_confidence, village, district, programme, amount, decile
RECORDS = [
    ("dtks", "d1", "P1", 1.0, DURIAN_PAYUNG, None, None, None, 2),
    ("pkh", "k1", "P1", 0.97, GOTONG_ROYONG, None, "PKH", 600_000.0, None),
    ("csr", "c1", "P1", 0.95, DURIAN_PAYUNG, None, "Sembako", 150_000.0, None),
    ("dtks", "d2", "P2", 1.0, DURIAN_PAYUNG, None, None, None, 3),
    ("dtks", "d3", "P3", 1.0, GOTONG_ROYONG, None, None, None, 7),
    ("pkh", "k4a", "P4", 0.99, KOTA_BARU, None, "PKH", 600_000.0, None),
    ("pkh", "k4b", "P4", 0.99, KOTA_BARU, None, "PKH", 600_000.0, None),
    ("csr", "c5", "P5", 0.93, None, "187105", "Bedah Rumah", 100_000.0, None),
    ("donor", "n5", "P5", 0.93, None, None, None, None, None),
    ("dtks", "d6", "P6", 1.0, KOTA_BARU, None, None, None, None),
    ("donor", "n6", "P6", 0.91, None, None, None, 50_000.0, None),
    ("dtks", "d7a", "P7", 0.95, KOTA_BARU, None, None, None, 5),
    ("dtks", "d7b", "P7", 0.99, GOTONG_ROYONG, None, None, None, 4),
]


def _resolved_table(records: list[tuple]) -> pa.Table:
    columns = {name: [] for name in _COLUMNS}
    for row_number, record in enumerate(records, start=1):
        source, record_id, person, confidence, village, district, programme, amount, decile = record
        district = district or (village[:6] if village else None)
        values = {
            "source": source,
            "record_id": record_id,
            "person_id": person,
            "match_confidence": confidence,
            "person_confidence": 0.99,
            "row_number": row_number,
            "nik_status": "valid",
            "province_code": district[:2] if district else None,
            "regency_code": district[:4] if district else None,
            "district_code": district,
            "village_code": village,
            "programme": programme,
            "amount": amount,
            "period": None,
            "decile": decile,
            "deceased": False,
        }
        for name, value in values.items():
            columns[name].append(value)
    return pa.table(columns, schema=pa.schema(list(_COLUMNS.items())))


_COLUMNS = {
    "source": pa.string(),
    "record_id": pa.string(),
    "person_id": pa.string(),
    "match_confidence": pa.float64(),
    "person_confidence": pa.float64(),
    "row_number": pa.int64(),
    "nik_status": pa.string(),
    "province_code": pa.string(),
    "regency_code": pa.string(),
    "district_code": pa.string(),
    "village_code": pa.string(),
    "programme": pa.string(),
    "amount": pa.float64(),
    "period": pa.string(),
    "decile": pa.int32(),
    "deceased": pa.bool_(),
}


def write_run(run_dir: Path, records: list[tuple] = RECORDS, *, fmt: str = "parquet") -> Path:
    """A run folder holding resolved_records and the run.json that names source kinds."""
    run_dir.mkdir(parents=True, exist_ok=True)
    table = _resolved_table(records)
    if fmt == "parquet":
        pq.write_table(table, run_dir / "resolved_records.parquet")
    else:
        table.to_pandas().to_csv(run_dir / "resolved_records.csv", index=False)
    sources = [{"name": name, "kind": kind} for name, kind in KINDS.items()]
    (run_dir / "run.json").write_text(json.dumps({"job": "fixture", "sources": sources}))
    return run_dir


def rows(path: Path, order_by: str) -> dict[str, dict]:
    frame = duckdb.sql(f"SELECT * FROM '{path}' ORDER BY {order_by}").df()
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    key = order_by.split(",")[0].strip()
    return {record[key]: record for record in records}


@pytest.fixture
def overlap(tmp_path: Path) -> dict[str, Path]:
    return write_aid_overlap(write_run(tmp_path / "run"))


PERSON_EXPECTATIONS = [
    # person, sources, aid sources, aid count, total amount, poor, poor without aid, village
    ("P1", "csr,dtks,pkh", "csr,pkh", 2, 750_000.0, True, False, DURIAN_PAYUNG),
    ("P2", "dtks", None, 0, None, True, True, DURIAN_PAYUNG),
    ("P3", "dtks", None, 0, None, False, False, GOTONG_ROYONG),
    ("P4", "pkh", "pkh", 1, 1_200_000.0, False, False, KOTA_BARU),
    ("P5", "csr,donor", "csr,donor", 2, 100_000.0, False, False, None),
    ("P6", "donor,dtks", "donor", 1, 50_000.0, False, False, KOTA_BARU),
    ("P7", "dtks", None, 0, None, True, True, GOTONG_ROYONG),
]


@pytest.mark.parametrize(
    ("person", "sources", "aid_sources", "n_aid", "amount", "poor", "poor_no_aid", "village"),
    PERSON_EXPECTATIONS,
)
def test_each_person_gets_sources_amount_and_needs_status(
    overlap, person, sources, aid_sources, n_aid, amount, poor, poor_no_aid, village
):
    row = rows(overlap["aid_overlap_persons"], "person_id")[person]
    assert row["sources"] == sources
    assert row["aid_sources"] == aid_sources
    assert row["n_aid_sources"] == n_aid
    assert row["total_amount"] == amount
    assert row["registered_poor"] is poor
    assert row["poor_without_aid"] is poor_no_aid
    assert row["village_code"] == village


def test_person_region_comes_from_the_registry_record_over_a_programme_list(overlap):
    # P1's PKH record says Gotong Royong; the DTKS record (Durian Payung) speaks for the person.
    assert rows(overlap["aid_overlap_persons"], "person_id")["P1"]["village_code"] == (
        DURIAN_PAYUNG
    )


def test_person_placed_only_to_a_district_keeps_that_district(overlap):
    row = rows(overlap["aid_overlap_persons"], "person_id")["P5"]
    assert (row["district_code"], row["regency_code"]) == ("187105", "1871")


def test_lowest_registry_decile_and_most_confident_record_speak_for_a_person(overlap):
    row = rows(overlap["aid_overlap_persons"], "person_id")["P7"]
    assert row["decile"] == 4
    assert row["village_code"] == GOTONG_ROYONG


def test_programmes_and_record_counts_per_person(overlap):
    persons = rows(overlap["aid_overlap_persons"], "person_id")
    assert persons["P1"]["programmes"] == "PKH,Sembako"
    assert persons["P4"]["records"] == 2
    assert persons["P4"]["n_sources"] == 1


VILLAGE_EXPECTATIONS = [
    # village, persons, with aid, 2+ sources, amount, amount to 2+, poor, poor without aid
    (DURIAN_PAYUNG, 2, 1, 1, 750_000.0, 750_000.0, 2, 1),
    (GOTONG_ROYONG, 2, 0, 0, None, None, 1, 1),
    (KOTA_BARU, 2, 2, 0, 1_250_000.0, None, 0, 0),
]


@pytest.mark.parametrize(
    ("village", "persons", "with_aid", "multi", "amount", "multi_amount", "poor", "poor_no_aid"),
    VILLAGE_EXPECTATIONS,
)
def test_village_counts(
    overlap, village, persons, with_aid, multi, amount, multi_amount, poor, poor_no_aid
):
    row = rows(overlap["aid_overlap_village"], "village_code")[village]
    assert (
        row["persons"],
        row["persons_with_aid"],
        row["persons_multi_aid"],
        row["total_amount"],
        row["amount_multi_aid"],
        row["registered_poor"],
        row["poor_without_aid"],
    ) == (persons, with_aid, multi, amount, multi_amount, poor, poor_no_aid)


def test_person_without_a_village_counts_in_its_district_under_no_village(overlap):
    villages = duckdb.sql(
        f"SELECT district_code, persons, persons_multi_aid FROM '{overlap['aid_overlap_village']}'"
        " WHERE village_code IS NULL"
    ).fetchall()
    assert villages == [("187105", 1, 1)]


DISTRICT_EXPECTATIONS = [
    ("187106", 4, 1, 1, 750_000.0, 750_000.0, 3, 2),
    ("187105", 3, 3, 1, 1_350_000.0, 100_000.0, 0, 0),
]


@pytest.mark.parametrize(
    ("district", "persons", "with_aid", "multi", "amount", "multi_amount", "poor", "poor_no_aid"),
    DISTRICT_EXPECTATIONS,
)
def test_district_counts(
    overlap, district, persons, with_aid, multi, amount, multi_amount, poor, poor_no_aid
):
    row = rows(overlap["aid_overlap_district"], "district_code")[district]
    assert (
        row["persons"],
        row["persons_with_aid"],
        row["persons_multi_aid"],
        row["total_amount"],
        row["amount_multi_aid"],
        row["registered_poor"],
        row["poor_without_aid"],
    ) == (persons, with_aid, multi, amount, multi_amount, poor, poor_no_aid)


def test_regency_totals_add_up_over_all_persons(overlap):
    [row] = rows(overlap["aid_overlap_regency"], "regency_code").values()
    assert row["regency_code"] == "1871"
    assert row["region_name"].startswith("Kota Bandar Lampung")
    assert (
        row["persons"],
        row["persons_with_aid"],
        row["persons_multi_aid"],
        row["total_amount"],
        row["amount_multi_aid"],
        row["registered_poor"],
        row["poor_without_aid"],
    ) == (7, 4, 2, 2_100_000.0, 850_000.0, 3, 2)


def test_region_names_come_from_the_kemendagri_table(overlap):
    village = rows(overlap["aid_overlap_village"], "village_code")[DURIAN_PAYUNG]
    assert village["region_name"].startswith("Durian Payung, Tanjungkarang Pusat")


def test_poverty_cut_off_is_a_parameter(tmp_path):
    files = write_aid_overlap(write_run(tmp_path / "run"), poor_decile=2)
    [row] = rows(files["aid_overlap_regency"], "regency_code").values()
    assert (row["registered_poor"], row["poor_without_aid"]) == (1, 0)


def test_without_registry_deciles_poverty_columns_are_unknown_not_zero(tmp_path):
    no_deciles = [(*record[:-1], None) for record in RECORDS]
    files = write_aid_overlap(write_run(tmp_path / "run", no_deciles))
    [row] = rows(files["aid_overlap_regency"], "regency_code").values()
    assert row["registered_poor"] is None
    assert row["poor_without_aid"] is None
    person = rows(files["aid_overlap_persons"], "person_id")["P2"]
    assert person["registered_poor"] is None


def test_csv_only_run_gives_csv_tables_with_codes_as_text(tmp_path):
    files = write_aid_overlap(write_run(tmp_path / "run", fmt="csv"))
    assert set(files) == {
        "aid_overlap_persons",
        "aid_overlap_regency",
        "aid_overlap_district",
        "aid_overlap_village",
    }
    assert all(path.suffix == ".csv" for path in files.values())
    text = files["aid_overlap_village"].read_text()
    assert f"{DURIAN_PAYUNG}," in text


def test_extra_csv_copies_on_request(tmp_path):
    files = write_aid_overlap(write_run(tmp_path / "run"), formats=["parquet", "csv"])
    assert files["aid_overlap_district"].suffix == ".parquet"
    assert files["aid_overlap_district_csv"].exists()
