"""Opening an extract in DuckDB: CSV, XLSX or Parquet to something SQL can scan.

DuckDB reads the file where it lies (a CSV of ten million rows is never
loaded into Python). XLSX is converted to a CSV first, with openpyxl, because
DuckDB's Excel reader is an extension fetched at run time. Structural faults
(a line with too few values, bytes that are not UTF-8) are collected by
DuckDB's ``store_rejects`` with their line numbers.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
from django.conf import settings

from qls.core import spreadsheets
from qls.measurement.importing.errors import FileProblem, RowProblem

LINE = "__line"
REJECTS = "qls_reject_errors"
REJECT_SCANS = "qls_reject_scans"


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory cap and a spill directory.

    ``QLS_DUCKDB_MEMORY_LIMIT`` (default 1GB) bounds DuckDB's own buffers, so
    an import of a large extract spills to disk rather than starving the web
    processes; ``QLS_DUCKDB_THREADS`` defaults to the CPU count.
    """
    spill = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    config = {
        "memory_limit": getattr(settings, "QLS_DUCKDB_MEMORY_LIMIT", "1GB"),
        "threads": int(getattr(settings, "QLS_DUCKDB_THREADS", os.cpu_count() or 2)),
        "temp_directory": str(spill),
        "preserve_insertion_order": True,
    }
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET enable_progress_bar = false")
    return con


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def normalise(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


@dataclass
class Source:
    """A scannable extract: ``sql`` goes after FROM.

    ``columns`` maps normalised header names to the names in the file. Lines
    come from ``line_column`` when the source carries them (XLSX, Parquet);
    for a CSV they are worked out from the record's position by ``lines_for``.
    """

    path: Path
    kind: str
    columns: dict[str, str]
    line_column: str | None = None
    cleanup: list[Path] = field(default_factory=list)

    def scan_sql(self, varchar: Iterable[str] = (), *, all_varchar: bool = False) -> str:
        path = quote_literal(str(self.path))
        if self.kind == "parquet":
            return f"read_parquet({path}, file_row_number=true)"
        options = [
            "header=true",
            "delim=','",
            "quote='\"'",
            "escape='\"'",
            "store_rejects=true",
            f"rejects_table='{REJECTS}'",
            f"rejects_scan='{REJECT_SCANS}'",
        ]
        if all_varchar:
            options.append("all_varchar=true")
        else:
            types = {self.columns[n]: "VARCHAR" for n in varchar if n in self.columns}
            if self.line_column:
                types[self.line_column] = "BIGINT"
            if types:
                inner = ", ".join(f"{quote_literal(k)}: '{v}'" for k, v in types.items())
                options.append("types={" + inner + "}")
        return f"read_csv({path}, {', '.join(options)})"

    def line_sql(self, position: str = "rowid") -> str:
        if self.kind == "parquet":
            return "file_row_number + 1"
        if self.line_column:
            return quote_ident(self.line_column)
        return position

    def structural_problems(self, con: duckdb.DuckDBPyConnection) -> list[RowProblem]:
        """Lines DuckDB could not read (wrong number of values, bad bytes, quoting)."""
        if self.kind == "parquet":
            return []
        try:
            rows = con.execute(
                f"SELECT line, error_type, error_message FROM {REJECTS} ORDER BY line LIMIT 1000"
            ).fetchall()
        except duckdb.CatalogException:
            return []
        last_line = _last_line_number(self.path)
        problems = []
        for line, error_type, message in rows:
            problems.append(RowProblem(int(line), _explain(error_type, message, line, last_line)))
        return problems

    def close(self) -> None:
        for path in self.cleanup:
            path.unlink(missing_ok=True)


def _explain(error_type: str, message: str, line: int, last_line: int) -> str:
    if error_type == "INVALID ENCODING" or "unicode" in message.lower():
        return "the text is not UTF-8; save the file as 'CSV UTF-8' and upload it again"
    if error_type in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        cut = " - the file looks truncated (cut off)" if line >= last_line else ""
        return f"{message.rstrip('.')}{cut}"
    if error_type == "UNQUOTED VALUE" or "quote" in message.lower():
        cut = " - the file may be truncated (cut off)" if line >= last_line else ""
        return f"a quoted value is not closed properly{cut}"
    return message


def _last_line_number(path: Path) -> int:
    with path.open("rb") as handle:
        count = 0
        tail = b""
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
            tail = chunk
    # A final line without a newline still counts.
    return count + (0 if tail.endswith(b"\n") else 1)


def open_source(con: duckdb.DuckDBPyConnection, path: Path, file_name: str) -> Source:
    """Check the file type and header and return a Source; raises FileProblem."""
    suffix = Path(file_name).suffix.lower()
    if not path.exists() or path.stat().st_size == 0:
        raise FileProblem("The file is empty.")
    if suffix in (".csv", ".txt"):
        source = Source(path, "csv", {})
    elif suffix == ".xlsx":
        source = Source(_xlsx_to_csv(path), "csv", {}, line_column=LINE)
        source.cleanup.append(source.path)
    elif suffix == ".parquet":
        source = Source(path, "parquet", {})
    elif suffix == ".xls":
        raise FileProblem(
            "Old Excel (.xls) files cannot be read. Save it as an Excel Workbook (.xlsx) or CSV UTF-8."
        )
    else:
        raise FileProblem("The file must be a .csv, .xlsx or .parquet file.")
    try:
        described = con.execute(
            f"DESCRIBE SELECT * FROM {source.scan_sql(all_varchar=True)}"
        ).fetchall()
    except duckdb.Error as error:
        source.close()
        detail = _first_line(error)
        if "sniff" in detail.lower():
            detail = (
                "its layout cannot be worked out. Check that values are separated by commas "
                'and that every opening quote (") is closed; a file cut off in the middle of '
                "a quoted value looks like this"
            )
        raise FileProblem(f"The file cannot be read as {source.kind.upper()}: {detail}.") from error
    names = [row[0] for row in described if row[0] not in (LINE, "file_row_number")]
    columns: dict[str, str] = {}
    for name in names:
        key = normalise(name)
        if key in columns:
            source.close()
            raise FileProblem(f"The column {name!r} appears twice in the header.")
        columns[key] = name
    source.columns = columns
    return source


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_to_csv(path: Path) -> Path:
    """First sheet to a UTF-8 CSV with a ``__line`` column holding the sheet row.

    The workbook is streamed by the shared reader, which refuses one that
    unpacks beyond the limits before any cell is read (docs/deployment.md).
    """
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="qls-xlsx-")
    out = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            width = 0
            header_seen = False
            for row_number, row in spreadsheets.iter_rows(path):
                cells = [_cell_text(v) for v in row]
                if not any(cells):
                    continue
                if not header_seen:
                    while cells and not cells[-1]:
                        cells.pop()
                    width = len(cells)
                    writer.writerow([*cells, LINE])
                    header_seen = True
                    continue
                cells = (cells + [""] * width)[:width]
                writer.writerow([*cells, row_number])
        if not header_seen:
            raise FileProblem("The workbook's first sheet is empty.")
    except spreadsheets.SpreadsheetRefused as error:
        out.unlink(missing_ok=True)
        raise FileProblem(error.message) from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def csv_lines(path: Path, positions: Iterable[int]) -> dict[int, int]:
    """File line numbers of records at the given 0-based positions (header excluded).

    DuckDB skips blank lines and a quoted value may span lines, so a record's
    position is not its line number; this walks the file (only as far as the
    highest position asked for) the way DuckDB counts records.
    """
    wanted = sorted(set(positions))
    if not wanted:
        return {}
    found: dict[int, int] = {}
    target = iter(wanted)
    next_wanted: int | None = next(target)
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        reader = csv.reader(stream)
        start = 1
        header = True
        position = -1
        for row in reader:
            line = start
            start = reader.line_num + 1
            if not row:
                continue
            if header:
                header = False
                continue
            position += 1
            if position == next_wanted:
                found[position] = line
                next_wanted = next(target, None)
                if next_wanted is None:
                    break
    return found
