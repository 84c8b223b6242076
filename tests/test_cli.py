"""The command line: every verb has a real example; user mistakes are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from linkage.cli import main


def test_group_help_lists_examples():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "linkage demo" in result.output


@pytest.mark.parametrize("verb", sorted(main.commands))
def test_every_verb_help_shows_an_example(verb):
    result = CliRunner().invoke(main, [verb, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"linkage {verb}" in result.output


def test_config_error_is_one_line_without_traceback(tmp_path: Path):
    (tmp_path / "list.csv").write_text("NIK,NAMA\n1871015005850003,SITI\n")
    config = tmp_path / "job.yaml"
    config.write_text(
        "sources:\n  - name: dinsos\n    path: list.csv\n    columns: {nik: NIK_KTP, name: NAMA}\n"
    )
    result = CliRunner().invoke(main, ["run", str(config)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert 'sources[0].columns.nik: column "NIK_KTP" not found in list.csv' in result.output


def test_errors_never_show_a_full_nik(tmp_path: Path):
    # A column *named* like an NIK value is echoed back masked.
    (tmp_path / "list.csv").write_text("1871015005850003,NAMA\nx,SITI\n")
    config = tmp_path / "job.yaml"
    config.write_text(
        "sources:\n  - name: d\n    path: list.csv\n    columns: {nik: NIK, name: NAMA}\n"
    )
    result = CliRunner().invoke(main, ["run", str(config)])
    assert result.exit_code == 2
    assert "1871015005850003" not in result.output
    assert "1871********0003" in result.output


def test_standardize_writes_canonical_parquet_and_rejects(tmp_path: Path):
    import pandas as pd

    source = tmp_path / "dinsos.csv"
    source.write_text(
        "NIK_KTP;NAMA;TGL_LHR\n"
        "'1871 0150 0585 0003;HJ. SITI AMINAH, S.Pd;10-05-1985\n"
        ";;\n"
        "1871XXXXXXXX0004;Moh. Djoko Soesilo;17 Agustus 1945\n",
        encoding="latin-1",
    )
    out = tmp_path / "dinsos.parquet"
    result = CliRunner().invoke(
        main,
        [
            "standardize",
            str(source),
            "--out",
            str(out),
            "--delimiter",
            ";",
            "--columns",
            "nik=NIK_KTP,name=NAMA,birth_date=TGL_LHR",
        ],
    )
    assert result.exit_code == 0, result.output
    records = pd.read_parquet(out)
    assert records["nik"].iloc[0] == "1871015005850003"
    assert pd.isna(records["nik"].iloc[1])
    assert records["name"].tolist() == ["siti aminah", "muhammad djoko soesilo"]
    # Old spelling is kept in the name and folded in the key.
    from linkage.standardize.names import parse_name

    assert records["name_key"].iloc[1] == parse_name("MUHAMAD JOKO SUSILO").key
    assert records["nik_pattern"].iloc[1] == "1871????????0004"
    rejects = pd.read_parquet(tmp_path / "dinsos.rejects.parquet")
    assert rejects["row_number"].tolist() == [2]
    assert "1871015005850003" not in result.output
