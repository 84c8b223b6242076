"""End to end on a small population: files, ground truth, decodable NIKs, planted hard negatives."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
import yaml

from linkage.standardize.region_table import regions_by_code
from linkage.synth import SynthSummary, synthesize
from linkage.synth.population import HARD_NEGATIVE_KINDS, Population, build_population

PERSONS, SEED = 500, 11
REFERENCE = date(2025, 6, 30)
CANONICAL = {
    "record_id",
    "nik",
    "kk",
    "name",
    "birth_date",
    "birth_year",
    "age",
    "sex",
    "address",
    "street",
    "rt",
    "rw",
    "dusun",
    "village",
    "district",
    "regency",
    "province",
    "region_code",
    "postcode",
    "phone",
    "programme",
    "amount",
    "period",
    "decile",
}
KINDS = {"registry", "programme", "agency", "csr", "institution", "donor"}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    out = tmp_path_factory.mktemp("synth")
    return out, synthesize(PERSONS, SEED, out, reference_date=REFERENCE)


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(PERSONS, SEED, REFERENCE)


@pytest.fixture(scope="module")
def config(run: tuple[Path, SynthSummary]) -> list[dict]:
    out, _ = run
    return yaml.safe_load((out / "sources.yaml").read_text(encoding="utf-8"))["sources"]


def _read_source(out: Path, source: dict) -> tuple[list[str], list[dict[str, object]]]:
    """Read a source exactly as its config entry declares it."""
    path = out / source["path"]
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True)[source["sheet"]]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(c) for c in rows[0]]
        return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return table.column_names, table.to_pylist()
    text = path.read_bytes().decode(source["encoding"])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=source["delimiter"])
    return list(reader.fieldnames or []), list(reader)


def _truth(out: Path) -> list[dict[str, str]]:
    with (out / "truth.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _decode_nik(nik: str) -> tuple[str, int, int, int, str]:
    """region6, day, month, two-digit year, sex (test-local; the engine has its own decoder)."""
    day = int(nik[6:8])
    sex = "F" if day > 40 else "M"
    return nik[:6], day - 40 if sex == "F" else day, int(nik[8:10]), int(nik[10:12]), sex


def test_same_persons_and_seed_give_identical_files(
    run: tuple[Path, SynthSummary], tmp_path: Path
) -> None:
    _out, summary = run
    again = synthesize(PERSONS, SEED, tmp_path, reference_date=REFERENCE)
    assert [p.name for p in again.files] == [p.name for p in summary.files]
    for path in summary.files:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_other_seed_gives_other_people(run: tuple[Path, SynthSummary], tmp_path: Path) -> None:
    out, _ = run
    synthesize(PERSONS, SEED + 1, tmp_path, reference_date=REFERENCE)
    assert (tmp_path / "truth.csv").read_bytes() != (out / "truth.csv").read_bytes()


def test_summary_counts_persons_and_records(run: tuple[Path, SynthSummary]) -> None:
    out, summary = run
    assert summary.persons == PERSONS
    assert set(summary.records) == {"dtks", "pkh", "blt_dd", "csr", "panti", "dinsos", "donor"}
    assert summary.total_records == len(_truth(out))
    assert 0.8 < summary.records_per_person < 2.0


def test_sources_yaml_lists_every_file_with_allowed_fields(
    run: tuple[Path, SynthSummary], config: list[dict]
) -> None:
    out, summary = run
    assert (
        (out / "sources.yaml")
        .read_text()
        .startswith(f"# written by linkage synth --persons {PERSONS} --seed {SEED}\n")
    )
    assert [s["name"] for s in config] == list(summary.records)
    for source in config:
        assert source["kind"] in KINDS
        assert (out / source["path"]).is_file()
        assert set(source["columns"]) <= CANONICAL
        assert date.fromisoformat(source["reference_date"]) <= REFERENCE
        if source["path"].endswith(".csv"):
            assert {"delimiter", "encoding"} <= set(source)
        if source["path"].endswith(".xlsx"):
            assert "sheet" in source


def test_each_source_is_readable_as_declared_with_its_columns(
    run: tuple[Path, SynthSummary], config: list[dict]
) -> None:
    out, summary = run
    for source in config:
        header, rows = _read_source(out, source)
        assert set(source["columns"].values()) <= set(header), source["name"]
        assert len(rows) == summary.records[source["name"]]


def test_truth_and_records_correspond_one_to_one(
    run: tuple[Path, SynthSummary], config: list[dict]
) -> None:
    out, _ = run
    truth = _truth(out)
    truth_ids = Counter((t["source"], t["record_id"]) for t in truth)
    assert max(truth_ids.values()) == 1
    file_ids = []
    for source in config:
        _, rows = _read_source(out, source)
        column = source["columns"].get("record_id")
        ids = [str(r[column]) for r in rows] if column else [str(i + 1) for i in range(len(rows))]
        assert len(set(ids)) == len(ids), source["name"]
        file_ids += [(source["name"], i) for i in ids]
    assert set(file_ids) == set(truth_ids)
    assert all(t["person_id"].startswith("P") and t["household_id"].startswith("H") for t in truth)


def test_registry_niks_decode_to_the_persons_birth_date_and_sex(population: Population) -> None:
    kecamatan = {code for code, r in regions_by_code().items() if r.level == 3}
    agree = 0
    for p in population.persons:
        region, day, month, yy, sex = _decode_nik(p.nik)
        assert region in kecamatan
        assert sex == p.sex
        assert int(p.nik[12:]) >= 1
        assert p.nik_birth_date is not None
        assert (day, month, yy) == (
            p.nik_birth_date.day,
            p.nik_birth_date.month,
            p.nik_birth_date.year % 100,
        )
        agree += p.nik_birth_date == p.birth_date
    assert agree >= 0.95 * len(population.persons)


def test_registry_rows_mostly_carry_their_own_nik_date_and_sex(
    run: tuple[Path, SynthSummary], config: list[dict]
) -> None:
    out, _ = run
    _, rows = _read_source(out, next(s for s in config if s["name"] == "dtks"))
    consistent = with_nik = 0
    for row in rows:
        if not row["NIK"]:
            continue
        with_nik += 1
        _, day, month, yy, sex = _decode_nik(str(row["NIK"]))
        born = row["TGL_LAHIR"]
        same_date = (day, month, yy) == (int(born[:2]), int(born[3:5]), int(born[8:]))
        consistent += same_date and sex == ("M" if row["JNS_KEL"] == "1" else "F")
    assert consistent >= 0.93 * with_nik


def test_twins_share_household_and_birth_date_with_consecutive_serials(
    population: Population,
) -> None:
    twins = [(a, b) for a, b, kind in population.hard_negatives if kind == "twin"]
    assert twins
    for a, b in twins:
        x, y = population.persons[a], population.persons[b]
        assert x.household == y.household and x.birth_date == y.birth_date
        if x.nik[:12] == y.nik[:12]:  # same sex and NIK date: issued one after the other
            assert abs(int(x.nik[12:]) - int(y.nik[12:])) == 1


def test_every_hard_negative_kind_is_present_and_means_what_it_says(
    run: tuple[Path, SynthSummary], population: Population
) -> None:
    out, summary = run
    assert set(summary.hard_negatives) == set(HARD_NEGATIVE_KINDS)
    persons = population.persons
    for a, b, kind in population.hard_negatives:
        x, y = persons[a], persons[b]
        assert a != b
        if kind == "same_name_stranger":
            assert x.name.upper() == y.name.upper() and x.household != y.household
        elif kind == "parent_child_same_name":
            assert x.name.upper() == y.name.upper() and x.household == y.household
        else:
            assert x.household == y.household
    with (out / "hard_negatives.csv").open(encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    assert len(listed) == len(population.hard_negatives)
    assert {row["kind"] for row in listed} == set(HARD_NEGATIVE_KINDS)


def test_agency_file_is_latin1_not_utf8(run: tuple[Path, SynthSummary]) -> None:
    out, _ = run
    data = (out / "dinsos.csv").read_bytes()
    assert any(byte >= 0x80 for byte in data)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("latin-1").splitlines()[0].startswith("ID_DATA;NIK;")


def test_identifier_columns_stay_text(run: tuple[Path, SynthSummary], config: list[dict]) -> None:
    out, _ = run
    _, dtks = _read_source(out, next(s for s in config if s["name"] == "dtks"))
    assert all(len(r["KODE_WILAYAH"]) == 10 and r["KODE_WILAYAH"].isdigit() for r in dtks)
    assert all(len(r["NO_KK"]) == 16 for r in dtks)
    schema = pq.read_schema(out / "pkh.parquet")
    assert str(schema.field("nik_pengurus").type) == "string"
    assert str(schema.field("id_kpm").type) == "string"


def test_numeric_nik_cells_in_the_workbook_lost_their_last_digit(
    run: tuple[Path, SynthSummary], config: list[dict]
) -> None:
    out, _ = run
    _, rows = _read_source(out, next(s for s in config if s["name"] == "blt_dd"))
    numeric = [r["NIK"] for r in rows if isinstance(r["NIK"], int)]
    assert numeric
    assert all(value % 10 == 0 for value in numeric)
