"""Job config validation: every error names the YAML path and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linkage.config import ConfigError, load_config


@pytest.fixture
def job(tmp_path: Path):
    (tmp_path / "dinsos.csv").write_text("NIK;NAMA;TGL\n1871015005850003;SITI AMINAH;10-05-1985\n")

    def write(config: dict) -> Path:
        path = tmp_path / "job.yaml"
        path.write_text(yaml.safe_dump(config))
        return path

    return write


def _source(**overrides):
    source = {
        "name": "dinsos",
        "kind": "agency",
        "path": "dinsos.csv",
        "delimiter": ";",
        "columns": {"nik": "NIK", "name": "NAMA", "birth_date": "TGL"},
    }
    source.update(overrides)
    return source


def test_valid_config_resolves_paths_relative_to_the_file(job, tmp_path):
    config = load_config(job({"sources": [_source()]}))
    assert config.sources[0].path == tmp_path / "dinsos.csv"
    assert config.output.dir == tmp_path / "out"
    assert config.thresholds.link > config.thresholds.review


def test_missing_column_names_source_index_field_file_and_columns(job):
    bad = _source(columns={"nik": "NIK_KTP", "name": "NAMA"})
    with pytest.raises(ConfigError) as err:
        load_config(job({"sources": [_source(name="a"), _source(name="b"), bad]}))
    message = str(err.value)
    assert 'sources[2].columns.nik: column "NIK_KTP" not found in dinsos.csv' in message
    assert "columns are NIK, NAMA, TGL" in message


def test_unknown_field_is_named_with_the_allowed_ones(job):
    with pytest.raises(ConfigError, match=r"sources\[0\]\.columns\.nama: unknown field"):
        load_config(job({"sources": [_source(columns={"nama": "NAMA"})]}))


def test_extra_fields_must_be_declared_with_a_type(job):
    config = load_config(
        job({"fields": {"member_no": "id"}, "sources": [_source(columns={"member_no": "NIK"})]})
    )
    assert config.extra_fields == {"member_no": "id"}
    with pytest.raises(ConfigError, match=r"fields\.member_no"):
        load_config(job({"fields": {"member_no": "number"}, "sources": [_source()]}))


@pytest.mark.parametrize(
    ("patch", "path"),
    [
        ({"thresholds": {"link": "high"}}, "thresholds.link"),
        ({"thresholds": {"link": 0.5, "review": 0.8}}, "thresholds"),
        ({"backend": "oracle"}, "backend"),
        ({"output": {"formats": ["xls"]}}, "output.formats[0]"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_type_errors_name_the_yaml_path(job, patch, path):
    with pytest.raises(ConfigError) as err:
        load_config(job({"sources": [_source()], **patch}))
    assert f": {path}: " in str(err.value)


def test_source_kind_and_duplicate_names(job):
    with pytest.raises(ConfigError, match=r"sources\[0\]\.kind"):
        load_config(job({"sources": [_source(kind="bank")]}))
    with pytest.raises(ConfigError, match="two sources are named 'dinsos'"):
        load_config(job({"sources": [_source(), _source()]}))


def test_missing_file_and_sheet_are_reported(job):
    with pytest.raises(ConfigError, match=r"sources\[0\].*file not found"):
        load_config(job({"sources": [_source(path="nowhere.csv")]}))


def test_sources_can_be_included_from_another_file(job, tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "dinsos.csv").write_text("NIK;NAMA\n1871015005850003;SITI\n")
    (folder / "sources.yaml").write_text(
        yaml.safe_dump({"sources": [_source(columns={"nik": "NIK", "name": "NAMA"})]})
    )
    config = load_config(job({"sources": "lists/sources.yaml"}))
    assert config.sources[0].path == folder / "dinsos.csv"


def test_febrl4_config_declares_general_fields():
    # configs/demo.yaml is exercised end to end by tests/test_demo.py.
    path = Path(__file__).resolve().parents[1] / "configs" / "febrl4.yaml"
    config = load_config(path, check_columns=False)
    assert [s.name for s in config.sources] == ["dataset4a", "dataset4b"]
    assert config.extra_fields["soc_sec_id"] == "id"
    assert config.model.train


def test_demo_spark_config_is_the_demo_job_on_spark():
    configs = Path(__file__).resolve().parents[1] / "configs"
    demo = yaml.safe_load((configs / "demo.yaml").read_text())
    spark = yaml.safe_load((configs / "demo-spark.yaml").read_text())
    assert spark.pop("backend") == "spark"
    assert spark.pop("spark")["master"].startswith("local[")
    for raw in (demo, spark):
        raw.pop("name")
        raw["output"].pop("dir")
    assert spark == demo  # same sources, model, thresholds and blocking: the same persons
