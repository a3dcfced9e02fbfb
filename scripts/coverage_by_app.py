"""Coverage of the product per app, from the data `make test-sqlite` collects.

    python scripts/coverage_by_app.py [--data var/coverage/.coverage]

Combines any per-process data files, prints one row per app (qls.wards,
qls.reports, ...: statements, missed, per cent covered) and the total, and
exits 2 when the total is below ``fail_under`` in pyproject.toml's
``[tool.coverage.report]``, the one place the floor is set.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "qls"


def app_of(path: str) -> str:
    """``qls.<app>`` for a file under src/qls; ``qls`` for the package's own modules."""
    parts = Path(path).resolve().relative_to(PACKAGE).parts
    return "qls" if len(parts) == 1 else f"qls.{parts[0]}"


def by_app(files: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Sum (statements, missed) of each file into its app's row."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, (statements, missed) in files.items():
        row = totals[app_of(path)]
        row[0] += statements
        row[1] += missed
    return {app: (s, m) for app, (s, m) in sorted(totals.items())}


def percent(statements: int, missed: int) -> float:
    return 100.0 if statements == 0 else 100.0 * (statements - missed) / statements


def table(rows: dict[str, tuple[int, int]]) -> list[str]:
    lines = [f"{'App':<22}{'Statements':>11}{'Missed':>8}{'Cover':>8}"]
    for app, (statements, missed) in rows.items():
        lines.append(f"{app:<22}{statements:>11}{missed:>8}{percent(statements, missed):>7.1f}%")
    statements, missed = sum(s for s, _ in rows.values()), sum(m for _, m in rows.values())
    lines.append(f"{'Total':<22}{statements:>11}{missed:>8}{percent(statements, missed):>7.1f}%")
    return lines


def measure(cov: coverage.Coverage) -> dict[str, tuple[int, int]]:
    """(statements, missed) of every product file, run or not."""
    files = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        _, statements, _, missing, _ = cov.analysis2(str(path))
        files[str(path)] = (len(statements), len(missing))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="coverage data file (default: pyproject's data_file)")
    parser.add_argument("--fail-under", type=float, help="the floor (default: pyproject's)")
    args = parser.parse_args(argv)
    where = {"data_file": args.data} if args.data else {}  # None would mean "no file"
    cov = coverage.Coverage(config_file=str(ROOT / "pyproject.toml"), data_suffix=False, **where)
    cov.load()
    cov.combine(strict=False)  # adds any per-process files left over, keeping what is there
    cov.save()
    rows = by_app(measure(cov))
    print("\n".join(table(rows)))
    statements, missed = sum(s for s, _ in rows.values()), sum(m for _, m in rows.values())
    total = percent(statements, missed)
    floor = args.fail_under
    if floor is None:
        floor = float(cov.get_option("report:fail_under") or 0)
    if round(total, 1) < floor:
        print(f"Coverage {total:.1f}% is below the floor of {floor:.1f}% (pyproject.toml).")
        return 2
    print(f"Coverage {total:.1f}% (floor {floor:.1f}%, set in pyproject.toml).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
