"""Starting Spark: pyspark and Java are checked with one clear sentence each."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from linkage.config import ConfigError, SparkConfig
from linkage.spark import session
from linkage.spark.session import SparkUnavailable


def _fake_java(tmp_path: Path, banner: str) -> str:
    java = tmp_path / "java"
    java.write_text(f"#!/bin/sh\necho '{banner}' >&2\n")
    java.chmod(0o755)
    return str(java)


@pytest.mark.parametrize(
    ("banner", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('openjdk version "11.0.2" 2019-01-15', 11),
        ('java version "1.8.0_292"', 8),
        ("no version here", None),
    ],
)
def test_java_major_version_reads_old_and_new_banners(tmp_path, banner, major):
    assert session.java_major_version(_fake_java(tmp_path, banner)) == major


def test_missing_java_says_what_to_install(monkeypatch):
    monkeypatch.setattr(session, "find_java", lambda: None)
    with pytest.raises(SparkUnavailable, match=r"Java 17 or newer.*JAVA_HOME"):
        session.require_java()


def test_old_java_is_named_in_the_message(monkeypatch, tmp_path):
    java = _fake_java(tmp_path, 'java version "1.8.0_292"')
    monkeypatch.setattr(session, "find_java", lambda: java)
    with pytest.raises(SparkUnavailable, match="is Java 8"):
        session.require_java()


def test_missing_pyspark_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` fail
    with pytest.raises(SparkUnavailable, match=r"pip install 'linkage\[spark\]'"):
        session.require_pyspark()


def test_spark_errors_are_config_errors_so_the_cli_prints_one_sentence():
    assert issubclass(SparkUnavailable, ConfigError)


def test_a_cluster_run_needs_a_shared_checkpoint_dir(tmp_path):
    cluster = SparkConfig(master="spark://head:7077")
    with pytest.raises(ConfigError, match=r"spark\.checkpoint_dir"):
        session.checkpoint_dir(cluster, tmp_path)
    shared = SparkConfig(master="yarn", checkpoint_dir=Path("/shared/ckpt"))
    assert session.checkpoint_dir(shared, tmp_path) == "/shared/ckpt"
    assert session.checkpoint_dir(SparkConfig(), tmp_path) == str(tmp_path / "checkpoints")


def test_the_identity_store_is_refused_on_spark(tmp_path, synth_dir):
    pytest.importorskip("pyspark")
    from linkage.config import config_from_dict
    from linkage.spark import run_job_spark

    raw = {"sources": str(synth_dir / "sources.yaml"), "backend": "spark"}
    config = config_from_dict({**raw, "store": str(tmp_path / "s.duckdb")}, base=synth_dir)
    with pytest.raises(ConfigError, match="backend: duckdb"):
        run_job_spark(config)


def test_the_cli_runs_backend_spark_and_says_how_to_install_pyspark(
    monkeypatch, tmp_path, synth_dir
):
    from click.testing import CliRunner

    from linkage.cli import main

    config = tmp_path / "spark.yaml"
    config.write_text(f"sources: {synth_dir / 'sources.yaml'}\nbackend: spark\n")
    monkeypatch.setitem(sys.modules, "pyspark", None)
    result = CliRunner().invoke(main, ["run", str(config)])
    assert result.exit_code != 0
    assert "pip install 'linkage[spark]'" in result.output
    assert "Traceback" not in result.output
