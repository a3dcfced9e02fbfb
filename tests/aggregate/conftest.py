"""The Spark tests here share the SPC tests' session-scoped local Spark."""

from tests.spc.spark_session import spark  # noqa: F401
