"""One local Spark session (local[2]) for the Spark tests; skipped without pyspark or Java."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkage.config import SparkConfig
from linkage.spark.session import MIN_JAVA, find_java, java_major_version

# pyspark 4.3 on pandas 3: a note on import and deprecations inside its own toPandas.
PYSPARK_NOISE = (
    "ignore:PySpark does not yet fully support pandas",
    "ignore:The copy keyword is deprecated::pyspark",
)
SPARK = SparkConfig(master="local[2]", shuffle_partitions=2, driver_memory="2g")


def pytest_configure(config: pytest.Config) -> None:
    for line in PYSPARK_NOISE:  # also while the test modules are being collected
        config.addinivalue_line("filterwarnings", line)


@pytest.fixture(scope="session")
def spark_config() -> dict:
    """The `spark:` section of the test jobs (they reuse the session below)."""
    return SPARK.model_dump()


def _java_ok() -> bool:
    java = find_java()
    return java is not None and (java_major_version(java) or 0) >= MIN_JAVA


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    pytest.importorskip("pyspark")
    if not _java_ok():
        pytest.skip(f"Spark needs Java {MIN_JAVA} or newer")
    from linkage.spark.session import spark_session

    session = spark_session(SPARK, Path(tmp_path_factory.mktemp("spark")))
    yield session
    session.stop()
