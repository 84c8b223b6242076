"""The Spark session a `backend: spark` job runs in, built from the config's `spark:` section;
a missing pyspark or Java becomes one clear sentence instead of a JVM stack trace."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from linkage.config import ConfigError, SparkConfig

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MIN_JAVA = 17  # Spark 4 runs on Java 17 or 21
_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


class SparkUnavailable(ConfigError):
    """`backend: spark` was asked for, but pyspark or Java is missing or too old."""


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable(
            "backend: spark needs pyspark, which is not installed; "
            "install it with: pip install 'linkage[spark]'"
        ) from None


def java_major_version(java: str) -> int | None:
    """The major version `java -version` reports (8 for "1.8.0_292"), None if unreadable."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = _JAVA_VERSION.search(done.stderr + done.stdout)
    if found is None:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def find_java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def require_java() -> None:
    java = find_java()
    if java is None:
        raise SparkUnavailable(
            f"backend: spark needs Java {MIN_JAVA} or newer, and none was found; install a JDK "
            f"(e.g. apt-get install openjdk-{MIN_JAVA}-jre-headless) or set JAVA_HOME"
        )
    major = java_major_version(java)
    if major is None or major < MIN_JAVA:
        found = f"Java {major}" if major else "a Java whose version could not be read"
        raise SparkUnavailable(
            f"backend: spark needs Java {MIN_JAVA} or newer, but {java} is {found}; "
            f"install a newer JDK or point JAVA_HOME at one"
        )


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def checkpoint_dir(config: SparkConfig, work_dir: Path) -> str:
    """Splink writes its intermediate tables here; executors on a cluster must all reach it."""
    if config.checkpoint_dir is not None:
        return str(config.checkpoint_dir)
    if not is_local(config.master):
        raise ConfigError(
            "spark.checkpoint_dir: set a directory every executor can reach (HDFS, S3, a "
            f"shared disk) to run on {config.master}"
        )
    return str(work_dir / "checkpoints")


def spark_session(config: SparkConfig, work_dir: Path) -> SparkSession:
    """The active session if there is one (a notebook's, a test's), else a new one."""
    require_pyspark()
    require_java()
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder = (
        SparkSession.builder.master(config.master)
        .appName(config.app_name)
        .config("spark.driver.memory", config.driver_memory)
        .config("spark.sql.shuffle.partitions", str(config.shuffle_partitions))
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # Lists come in cp1252 and latin-1; Spark 4 alone reads only a few Unicode charsets.
        .config("spark.sql.legacy.javaCharsets", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if is_local(config.master):
        # Python workers must import linkage: pyspark starts them from PYSPARK_PYTHON.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.local.dir", str(work_dir / "local"))
            .config("spark.sql.warehouse.dir", str(work_dir / "warehouse"))
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(checkpoint_dir(config, work_dir))
    return spark
