"""The measured-beside-target table the SPC benchmarks print.

Each ``row`` is echoed to stderr as it is measured (a long run shows its
progress); ``finish`` prints the whole table and returns the exit status:
1 if any row failed its target.
"""

from __future__ import annotations

import sys


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def row(self, name: str, measured: str, target: str, ok: bool | None) -> None:
        verdict = "-" if ok is None else ("pass" if ok else "FAIL")
        self.rows.append((name, measured, target, verdict))
        print(f"  {name}: {measured}  (target {target}) {verdict}", file=sys.stderr, flush=True)

    def finish(self) -> int:
        width = max(len(r[0]) for r in self.rows)
        mwidth = max(len(r[1]) for r in self.rows)
        twidth = max(len(r[2]) for r in self.rows)
        print()
        print(f"{'measurement':<{width}}  {'measured':<{mwidth}}  {'target':<{twidth}}  result")
        print(f"{'-' * width}  {'-' * mwidth}  {'-' * twidth}  ------")
        for name, measured, target, verdict in self.rows:
            print(f"{name:<{width}}  {measured:<{mwidth}}  {target:<{twidth}}  {verdict}")
        return 0 if all(r[3] != "FAIL" for r in self.rows) else 1
