"""Importing observations: aggregated files, record-level extracts and API pushes.

Public entry points:

- :func:`start_upload` stores an uploaded file and queues the background job;
- :func:`import_path` runs an import of a file on disk now (the CLI);
- :func:`push_rows` checks and saves observations sent to the API;
- :func:`run_import` is the job itself.

Checks run in DuckDB SQL (see ``aggregated`` and ``record``); writing is one
transaction (``writer``). Errors are in ``errors``.
"""

from qls.measurement.importing.errors import (
    DefinitionProblem,
    FileProblem,
    ImportRefused,
    RowProblem,
    RowsRejected,
)
from qls.measurement.importing.runner import run_import
from qls.measurement.importing.starting import import_path, push_rows, start_upload

__all__ = [
    "DefinitionProblem",
    "FileProblem",
    "ImportRefused",
    "RowProblem",
    "RowsRejected",
    "import_path",
    "push_rows",
    "run_import",
    "start_upload",
]
