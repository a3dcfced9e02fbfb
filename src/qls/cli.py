"""The ``qls`` console command.

``qls spc ...`` runs the SPC engine on CSV files without Django. Everything
else is handed to Django's management commands, so ``qls migrate``,
``qls demo`` and ``qls import_staff`` work like ``manage.py``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "spc":
        from qls.spc.cli import main as spc_main

        return spc_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qls", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
