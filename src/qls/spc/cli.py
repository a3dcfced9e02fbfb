"""``qls spc``: analyse a CSV of points, write the results as CSV (and SVGs).

Exit status 0 on success, 2 on bad input or usage (with one line on
stderr, ``file:line: column: problem``), and no output file is left
behind on failure: everything is written to temporary files renamed at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from itertools import pairwise
from typing import Any

# Only light modules here: ``--help`` and usage errors answer before NumPy,
# pyarrow and the engine are imported (run() imports them).
from ._names import CHARTS, RULE_SETS
from .errors import SpcError, SpcInputError, one_line

RATIO = ("p", "pp", "u", "up")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qls spc",
        description="Statistical process control charts (Making Data Count XmR, run, "
        "p, p', u, u', c, g, t) for every series in a CSV.",
    )
    parser.add_argument(
        "points", metavar="POINTS.csv", help="series_id,x,y (or series_id,x,numerator,denominator)"
    )
    parser.add_argument(
        "--options",
        metavar="OPTIONS.csv",
        help="series_id,improvement_direction,target,rebase,fix_after_n_points,screen_outliers",
    )
    parser.add_argument("--chart", choices=CHARTS, default="xmr")
    parser.add_argument(
        "--rules",
        choices=RULE_SETS,
        default=None,
        help="special-cause rules (default mdc; anhoej for run charts)",
    )
    parser.add_argument("--out", metavar="RESULT.csv", required=True)
    parser.add_argument("--summary", metavar="SUMMARY.csv")
    parser.add_argument("--svg", metavar="DIR", help="write one SVG chart per series here")
    return parser


def _locate(exc: SpcInputError, points: str, options: str | None) -> SpcInputError:
    """Name the file, and the line a person would count (blank lines and quoted
    line breaks included), of an error the engine raised about a row."""
    if exc.file is not None:
        return exc
    from .io.reading import line_of_row

    path = options if exc.table == "options" and options else points
    if exc.row is None:
        return exc.located(file=path)
    line = line_of_row(path, exc.row)
    message = exc.message
    if exc.first_row is not None:
        first = line_of_row(path, exc.first_row)
        message += f" (first at line {first})" if first is not None else ""
    return SpcInputError(
        message, column=exc.column, row=exc.row, table=exc.table, file=path, line=line
    )


# Rows per batch when the command line analyses a big file a batch at a time.
BATCH_ROWS = 250_000


def series_batches(points: Any, rows: int) -> list[tuple[int, int]] | None:
    """Row ranges of about ``rows`` rows that never split a series, or None.

    Series are independent, so whole series can be analysed a batch at a
    time and the results written in input order, giving the same bytes with
    a fraction of the memory. That needs each series in one contiguous
    block (the usual shape of an extract); otherwise None.
    """
    import numpy as np
    import pyarrow.compute as pc

    from ._arrow import array
    from ._segments import _boundaries

    n = points.num_rows
    if n <= rows:
        return None
    ids = points.column("series_id").combine_chunks()
    if ids.null_count:
        return None  # the whole-file path names the empty id's line
    starts = np.concatenate(([0], np.flatnonzero(_boundaries(ids)) + 1))
    if len(pc.unique(ids.take(array(starts.astype(np.int64))))) != len(starts):
        return None
    at = np.searchsorted(starts, np.arange(rows, n, rows))
    cuts = np.unique(starts[at[at < len(starts)]])
    edges = [0, *(int(c) for c in cuts if 0 < c < n), n]
    return list(pairwise(edges))


def _options_of(options: Any, ids: Any) -> Any:
    import pyarrow.compute as pc

    if options is None:
        return None
    return options.filter(pc.is_in(options.column("series_id"), value_set=pc.unique(ids)))


def _options_all_known(options: Any, points: Any) -> bool:
    import pyarrow.compute as pc

    if options is None:
        return True
    if "series_id" not in options.column_names:
        return False
    opt_ids = options.column("series_id")
    pt_ids = points.column("series_id")
    if opt_ids.type != pt_ids.type or opt_ids.null_count:
        return False
    known = pc.is_in(opt_ids, value_set=pc.unique(pt_ids))
    return bool(pc.all(known).as_py()) if len(opt_ids) else True


def run(args: argparse.Namespace) -> None:
    from .io.reading import read_options, read_points
    from .io.writing import atomic_outputs, needs_quotes

    value_columns = ["numerator", "denominator"] if args.chart in RATIO else ["y"]
    points = read_points(args.points, value_columns)
    options = read_options(args.options) if args.options else None
    batches = None
    if not args.svg and _options_all_known(options, points) and not needs_quotes(points):
        batches = series_batches(points, BATCH_ROWS)
    with atomic_outputs([args.out, args.summary]) as (out_tmp, summary_tmp):
        assert out_tmp is not None
        if batches is not None:
            try:
                _run_batches(args, points, options, batches, out_tmp, summary_tmp)
                return
            except SpcError:
                pass  # the whole-file run below reports it with its line
        _run_whole(args, points, options, out_tmp, summary_tmp)


def _run_batches(
    args: argparse.Namespace,
    points: Any,
    options: Any,
    batches: list[tuple[int, int]],
    out_tmp: str,
    summary_tmp: str | None,
) -> None:
    import pyarrow as pa

    from ._engine import analyse
    from .io.writing import write_csv

    summaries = []
    with open(out_tmp, "wb") as out:
        for k, (start, stop) in enumerate(batches):
            part = points.slice(start, stop - start)
            opts = _options_of(options, part.column("series_id"))
            result = analyse(part, opts, chart=args.chart, rules=args.rules)
            # Batches run only when no series id needs quotes (see run()).
            write_csv(result.points, out, header=k == 0, plain_text=True)
            summaries.append(result.summary)
            del result
    if summary_tmp is not None:
        write_csv(pa.concat_tables(summaries), summary_tmp)


def _run_whole(
    args: argparse.Namespace,
    points: Any,
    options: Any,
    out_tmp: str,
    summary_tmp: str | None,
) -> None:
    from ._engine import analyse
    from .io.writing import write_csv

    try:
        result = analyse(points, options, chart=args.chart, rules=args.rules)
    except SpcInputError as exc:
        raise _locate(exc, args.points, args.options) from None
    write_csv(result.points, out_tmp)
    if summary_tmp is not None:
        write_csv(result.summary, summary_tmp)
    if args.svg:
        # Imported here so the engine and CSV path never pay for the chart code.
        from .charts import series_svg

        os.makedirs(args.svg, exist_ok=True)
        for sid in result.summary.column("series_id").to_pylist():
            name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(sid))
            with open(os.path.join(args.svg, f"{name}.svg"), "w", encoding="utf-8") as f:
                f.write(series_svg(result, sid))


def tune_allocator() -> bool:
    """Let glibc keep freed memory for reuse in this process (a batch job).

    The engine allocates arrays of tens of megabytes; glibc hands anything
    above 32 MB straight back to the kernel, so every batch pays page faults
    afresh (here about a second of system time on 6 million rows). Raising
    the mmap and trim thresholds makes freed arrays reusable. Process-wide,
    so only the command line (and the benchmark) call it, never the library.

    Arrow's buffers go to the same allocator (``pa.system_memory_pool()``)
    and glibc keeps one arena (``M_ARENA_MAX``) instead of one per thread:
    with a memory pool of Arrow's own beside glibc's, and the CSV writer's
    threads each keeping an arena of freed memory, the command line held
    about 250 MB for a 600,000-row file (8 MB of CSV) and 450 MB for 6
    million rows; with one allocator and one arena, about 170 MB and 360 MB.
    Returns False where there is no glibc (Arrow's pool is left as it is).
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_arena_max, m_trim_threshold, m_mmap_threshold = -8, -1, -3
        ok = libc.mallopt(m_mmap_threshold, 1 << 30) == 1
        ok = ok and libc.mallopt(m_trim_threshold, (1 << 31) - 1) == 1
        ok = ok and libc.mallopt(m_arena_max, 1) == 1
    except (OSError, AttributeError):
        return False
    if ok:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    return bool(ok)


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``qls spc`` and ``python -m qls.spc``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    tune_allocator()
    for path in (args.points, args.options):
        if path is not None and not os.path.isfile(path):
            print(f"{path}: no such file", file=sys.stderr)
            return 2
    try:
        run(args)
    except SpcInputError as exc:
        print(one_line(exc), file=sys.stderr)
        return 2
    except SpcError as exc:
        print(f"qls spc: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = exc.filename if exc.filename is not None else "qls spc"
        print(f"{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
