"""A Spark session for the command line, the benchmark and the tests.

On a cluster (Databricks, say) the session already exists and is reused
as it is. Started here, it runs in local mode bound to 127.0.0.1 with no
web UI, and its Python workers use this interpreter and find ``qls`` on an
absolute PYTHONPATH (Spark starts them in a folder of its own).
"""

from __future__ import annotations

import os
import sys
from typing import Any


def get_session(master: str = "local[*]", app: str = "qls", **conf: str) -> Any:
    """The active Spark session, or a new one on ``master`` with ``conf`` set."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    paths = [os.path.abspath(p) for p in [here, *paths]]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.session.timeZone": "UTC",
        **conf,
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def local_path(path: str) -> str:
    """An absolute path for a local file; a URL (``s3://``, ``dbfs:/``...) unchanged.

    The JVM resolves relative paths against its own starting folder, which
    is not the caller's once the process has changed folder.
    """
    if ":" in path.split("/", 1)[0]:
        return path
    return os.path.abspath(path)
