"""Organisation structure: who the trust and its partners are, where they
work, and what the trust is trying to achieve (strategic aims, quality domains).

Every model is imported here so Django finds them, with ``StaffGroup``, the
staff group choices read across the apps.
"""

from qls.organisation.models.builds import DemoBuild
from qls.organisation.models.organisation import Organisation
from qls.organisation.models.site import Site
from qls.organisation.models.specialty import Specialty
from qls.organisation.models.staff_groups import StaffGroup
from qls.organisation.models.staff_import import StaffImport
from qls.organisation.models.staff_member import StaffMember
from qls.organisation.models.strategy import QualityDomain, StrategicAim
from qls.organisation.models.ward import Ward

__all__ = [
    "DemoBuild",
    "Organisation",
    "QualityDomain",
    "Site",
    "Specialty",
    "StaffGroup",
    "StaffImport",
    "StaffMember",
    "StrategicAim",
    "Ward",
]
