"""The demo's places of the integrated care system (``manage.py demo``).

Two localities, each with the host trust's partners that serve it, so the
places page has something to show once metrics are shared.
"""

from __future__ import annotations

from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import Organisation
from qls.system.dashboard.models import Place

# name, description, organisation codes
PLACES = [
    ("Chelmer Valley", "The county town and the villages of the Chelmer valley.",
     ["EEH", "EECHC", "EEPC1", "EECHP", "EEMHC"]),
    ("Thameside and Estuary City", "The riverside boroughs and the city on the estuary.",
     ["EEH", "EETBC", "EEECC", "EEPC2", "EEMHC", "EEHOS"]),
]  # fmt: skip


def reset(ctx: DemoContext) -> None:
    Place.objects.filter(name__in=[name for name, *_ in PLACES]).delete()


def build(ctx: DemoContext) -> None:
    for name, description, codes in PLACES:
        place = Place.objects.create(name=name, description=description)
        place.organisations.set(Organisation.objects.filter(code__in=codes))


STEP = DemoStep("system-places", build, reset)
