"""The ``qls`` console command.

``qls spc ...`` runs the SPC engine on CSV files without Django
(``--engine spark`` runs it on Spark), and ``qls aggregate`` turns
record-level extracts into points with DuckDB or Spark. Everything
else is handed to Django's management commands, so ``qls migrate``,
``qls demo`` and ``qls import_staff`` work like ``manage.py``.
"""

from __future__ import annotations

import os
import sys


def _engine(args: list[str]) -> str | None:
    """The value of ``--engine`` among the arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--engine" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--engine="):
            return arg.split("=", 1)[1]
    return None


def _without_engine(args: list[str]) -> list[str]:
    """The arguments less ``--engine local`` (the default engine's own name)."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--engine" and i + 1 < len(args) and args[i + 1] == "local":
            skip = True
        elif arg != "--engine=local":
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "spc" and _engine(args) == "spark":
        from qls.spc.spark.cli import main as spark_main

        return spark_main(args[1:])
    if args and args[0] == "aggregate":
        from qls.aggregate.cli import main as aggregate_main

        return aggregate_main(args[1:])
    if args and args[0] == "spc":
        from qls.spc.cli import main as spc_main

        return spc_main(_without_engine(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qls", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
