"""The linkage job on Spark (`backend: spark`): the same config, model and persons as on DuckDB,
for lists beyond one machine. Needs the `spark` extra: pip install 'linkage[spark]'."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from linkage.spark.session import require_pyspark

if TYPE_CHECKING:
    from linkage.config import JobConfig
    from linkage.job import JobResult
    from linkage.progress import Reporter

# pyspark 4.3 warns on import that pandas 3 is not fully supported; the Arrow round trips this
# package makes are checked by its tests.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")


def run_job_spark(
    config: JobConfig, reporter: Reporter | None = None, *, incremental: bool = False
) -> JobResult:
    """`linkage.job.run_job` on Spark; says how to install pyspark when it is missing."""
    require_pyspark()
    from linkage.spark.job import run_job_spark as run

    return run(config, reporter, incremental=incremental)
