"""``python -m qls.spc`` runs the ``qls spc`` command line."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
