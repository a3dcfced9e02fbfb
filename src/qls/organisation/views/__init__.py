"""Organisation pages, one module per area: structure, staff, aims and domains."""

from qls.organisation.views.aims import aim_edit, aims, domains
from qls.organisation.views.overview import overview
from qls.organisation.views.staff import (
    staff_directory,
    staff_import,
    staff_import_run,
    staff_suggestions,
)
from qls.organisation.views.structure import index, organisation, site, ward, ward_manager

__all__ = [
    "aim_edit",
    "aims",
    "domains",
    "index",
    "organisation",
    "overview",
    "site",
    "staff_directory",
    "staff_import",
    "staff_import_run",
    "staff_suggestions",
    "ward",
    "ward_manager",
]
