"""ESR staff groups, which of them are clinical, and the pay bands an extract uses."""

from __future__ import annotations

from django.db import models


class StaffGroup(models.TextChoices):
    """Staff groups as an Electronic Staff Record extract names them."""

    ADD_PROF_SCIENTIFIC = (
        "Add Prof Scientific and Technic",
        "Additional professional scientific and technical",
    )
    ADDITIONAL_CLINICAL = "Additional Clinical Services", "Additional clinical services"
    ADMIN_CLERICAL = "Administrative and Clerical", "Administrative and clerical"
    AHP = "Allied Health Professionals", "Allied health professionals"
    ESTATES = "Estates and Ancillary", "Estates and ancillary"
    HEALTHCARE_SCIENTISTS = "Healthcare Scientists", "Healthcare scientists"
    MEDICAL_DENTAL = "Medical and Dental", "Medical and dental"
    NURSING_MIDWIFERY = "Nursing and Midwifery Registered", "Nursing and midwifery (registered)"
    STUDENTS = "Students", "Students"


CLINICAL_STAFF_GROUPS = frozenset(
    {
        StaffGroup.ADD_PROF_SCIENTIFIC,
        StaffGroup.ADDITIONAL_CLINICAL,
        StaffGroup.AHP,
        StaffGroup.HEALTHCARE_SCIENTISTS,
        StaffGroup.MEDICAL_DENTAL,
        StaffGroup.NURSING_MIDWIFERY,
    }
)

# Agenda for Change bands plus the pay scales an ESR extract uses for others.
BANDS = (
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "Medical",
    "Executive",
    "Apprentice",
    "Non-AfC",
)
