"""Print the shape of src/: how many modules, their median and 90th percentile size.

Run from the repository root: ``python scripts/module_sizes.py`` (no Django,
no third-party packages). A module is a ``.py`` file under ``src/``; migrations
are left out because Django writes them, not us. Size is the number of lines,
blank lines and comments included, as ``wc -l`` counts them, so anyone can
check a figure by hand.

The targets come from the restructuring issue: the model codebases we compare
ourselves with sit at a median of about 50 lines and a 90th percentile of
180-320.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

MEDIAN_TARGET = 70
P90_TARGET = 320
LARGEST = 15


@dataclass(frozen=True)
class Shape:
    sizes: dict[str, int]

    @property
    def count(self) -> int:
        return len(self.sizes)

    @property
    def median(self) -> float:
        return statistics.median(self.sizes.values())

    @property
    def p90(self) -> int:
        return percentile(list(self.sizes.values()), 90)

    def largest(self, n: int = LARGEST) -> list[tuple[str, int]]:
        return sorted(self.sizes.items(), key=lambda item: (-item[1], item[0]))[:n]


def percentile(values: list[int], pct: float) -> int:
    """The nearest-rank percentile: the smallest value with pct% of values at or below it.

    Nearest rank always answers with a real module's size, so "the 90th
    percentile is 369" names a module you can open.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)
    9
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def measure(src: Path) -> Shape:
    """Line counts of every module under src, keyed by its path relative to src."""
    sizes = {
        path.relative_to(src).as_posix(): count_lines(path)
        for path in sorted(src.rglob("*.py"))
        if "migrations" not in path.relative_to(src).parts
    }
    return Shape(sizes)


def report(shape: Shape) -> str:
    def verdict(value: float, target: int) -> str:
        return "ok" if value <= target else "over"

    lines = [
        f"modules: {shape.count}",
        f"median:  {shape.median:g} lines (target <= {MEDIAN_TARGET}, {verdict(shape.median, MEDIAN_TARGET)})",
        f"p90:     {shape.p90} lines (target <= {P90_TARGET}, {verdict(shape.p90, P90_TARGET)})",
        "",
        f"the {LARGEST} largest:",
    ]
    lines += [f"  {size:6d}  {name}" for name, size in shape.largest()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_src = Path(__file__).resolve().parent.parent / "src"
    parser.add_argument("src", nargs="?", type=Path, default=default_src)
    args = parser.parse_args(argv)
    shape = measure(args.src)
    if not shape.count:
        print(f"no modules under {args.src}", file=sys.stderr)
        return 2
    print(report(shape))
    return 0


if __name__ == "__main__":
    sys.exit(main())
