"""One local Spark session for every Spark test (a JVM takes seconds to start).

Local mode on two cores, few shuffle partitions and small Arrow batches, so
that series cross batch boundaries; see qls.spc.spark.session for the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from qls.spc.spark.session import get_session

    session = get_session(
        "local[2]",
        "qls-tests",
        **{
            "spark.sql.shuffle.partitions": "3",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "1g",
            "spark.sql.execution.arrow.maxRecordsPerBatch": "64",
        },
    )
    yield session
    session.stop()
