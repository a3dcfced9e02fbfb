"""Fixed lists the demo trust is generated from: wards, units, roles and names.

All of it is invented for the demo. Ward names are generic (birds, trees,
flowers); the people's names are common British first names and surnames
combined at random, so no generated person is a real member of staff.
Specialty codes are the NHS Data Dictionary main specialty codes.
"""

from __future__ import annotations

from qls.organisation.models import Organisation, StaffGroup, Ward


def _words(text: str) -> list[str]:
    """Long name lists are easier to read and edit as running text."""
    return text.split()


TRUST = ("EEH", "Essex Estuary Hospitals NHS Foundation Trust (demo)")

PARTNERS: list[tuple[str, str, str]] = [
    ("EEICB", "Essex Estuary Integrated Care Board (demo)", Organisation.Kind.ICB),
    ("EECHC", "Chelmer County Council (demo)", Organisation.Kind.COUNCIL),
    ("EETBC", "Thameside Borough Council (demo)", Organisation.Kind.COUNCIL),
    ("EEECC", "Estuary City Council (demo)", Organisation.Kind.COUNCIL),
    ("EECVS", "Estuary Community and Voluntary Services (demo)", Organisation.Kind.VOLUNTARY),
    ("EECAR", "Thames Estuary Carers Network (demo)", Organisation.Kind.VOLUNTARY),
    ("EEPC1", "Chelmer Valley Primary Care Network (demo)", Organisation.Kind.PRIMARY_CARE),
    ("EEPC2", "Thameside Primary Care Network (demo)", Organisation.Kind.PRIMARY_CARE),
    ("EEMHC", "Estuary Minds Mental Health and Community Trust (demo)", Organisation.Kind.TRUST),
    ("EECHP", "Chelmer Community Health Partnership (demo)", Organisation.Kind.OTHER),
    ("EEHOS", "Saltmarsh Hospice (demo)", Organisation.Kind.VOLUNTARY),
]

# (code, name, town, ward names for the 20 programme wards)
SITES: list[tuple[str, str, str, list[str]]] = [
    (
        "BAS",
        "Basildon Hospital",
        "Basildon",
        _words(
            "Kingfisher Heron Kestrel Osprey Curlew Lapwing Avocet Plover Swift Wren Merlin "
            "Dunlin Redshank Skylark Linnet Goldcrest Nightingale Siskin Teal Egret"
        ),
    ),
    (
        "BRO",
        "Broomfield Hospital",
        "Chelmsford",
        _words(
            "Alder Beech Birch Cedar Elm Hawthorn Hazel Holly Juniper Larch Linden Maple Oak "
            "Poplar Rowan Spruce Sycamore Willow Yew Ash"
        ),
    ),
    (
        "SOU",
        "Southend Hospital",
        "Southend-on-Sea",
        _words(
            "Bluebell Campion Daisy Foxglove Heather Iris Jasmine Lavender Marigold Orchid "
            "Poppy Primrose Samphire Snowdrop Thrift Tulip Violet Clover Sorrel Cowslip"
        ),
    ),
]

SPECIALTIES: dict[str, str] = {
    "100": "General surgery",
    "101": "Urology",
    "110": "Trauma and orthopaedics",
    "160": "Plastic surgery",
    "172": "Cardiothoracic surgery",
    "180": "Emergency medicine",
    "190": "Anaesthetics",
    "192": "Critical care medicine",
    "300": "General medicine",
    "301": "Gastroenterology",
    "303": "Clinical haematology",
    "320": "Cardiology",
    "328": "Stroke medicine",
    "340": "Respiratory medicine",
    "361": "Nephrology",
    "370": "Medical oncology",
    "420": "Paediatrics",
    "422": "Neonatology",
    "430": "Elderly care (geriatric medicine)",
    "501": "Obstetrics",
    "502": "Gynaecology",
    "800": "Clinical oncology",
    "810": "Radiology",
}

# The 20 programme wards of each site: specialty code and a bed range.
PROGRAMME_WARDS: list[tuple[str, tuple[int, int]]] = [
    ("300", (26, 32)),
    ("300", (26, 32)),
    ("300", (24, 30)),
    ("430", (26, 32)),
    ("430", (26, 32)),
    ("430", (24, 30)),
    ("340", (22, 28)),
    ("340", (22, 28)),
    ("320", (20, 26)),
    ("320", (18, 24)),
    ("328", (24, 30)),
    ("301", (22, 28)),
    ("361", (18, 24)),
    ("100", (24, 30)),
    ("100", (22, 28)),
    ("110", (24, 32)),
    ("110", (22, 28)),
    ("502", (16, 22)),
    ("303", (14, 20)),
    ("370", (16, 22)),
]

# Other units at every site: code suffix, name, kind, specialty, beds.
UNITS: list[tuple[str, str, str, str | None, tuple[int, int] | None]] = [
    ("ED", "Emergency Department", Ward.Kind.DEPARTMENT, "180", None),
    ("ICU", "Intensive Care Unit", Ward.Kind.CRITICAL_CARE, "192", (12, 18)),
    ("THR", "Main Theatres", Ward.Kind.THEATRES, "190", None),
    ("DSU", "Day Surgery Unit", Ward.Kind.THEATRES, "100", (10, 16)),
    ("OPD", "Outpatients Department", Ward.Kind.OUTPATIENTS, None, None),
    ("LAB", "Labour Ward", Ward.Kind.WARD, "501", (12, 16)),
    ("PNW", "Postnatal Ward", Ward.Kind.WARD, "501", (24, 30)),
    ("PAE", "Children's Ward", Ward.Kind.WARD, "420", (18, 24)),
    ("NNU", "Neonatal Unit", Ward.Kind.CRITICAL_CARE, "422", (16, 22)),
    ("RAD", "Radiology", Ward.Kind.SUPPORT, "810", None),
    ("PHA", "Pharmacy", Ward.Kind.SUPPORT, None, None),
    ("PAT", "Pathology Laboratory", Ward.Kind.SUPPORT, None, None),
]
# Each site also has one regional service, as the three real sites do.
SITE_SPECIALS: dict[str, tuple[str, str, str, str, tuple[int, int]]] = {
    "BAS": ("CTC", "Cardiothoracic Centre", Ward.Kind.WARD, "172", (24, 30)),
    "BRO": ("BPU", "Burns and Plastics Unit", Ward.Kind.WARD, "160", (14, 20)),
    "SOU": ("RTC", "Radiotherapy Centre", Ward.Kind.OUTPATIENTS, "800", None),
}

# Share of the workforce in each ESR staff group (an acute trust's typical mix).
STAFF_GROUP_MIX: list[tuple[str, float]] = [
    (StaffGroup.NURSING_MIDWIFERY, 0.27),
    (StaffGroup.ADDITIONAL_CLINICAL, 0.22),
    (StaffGroup.ADMIN_CLERICAL, 0.20),
    (StaffGroup.MEDICAL_DENTAL, 0.14),
    (StaffGroup.AHP, 0.07),
    (StaffGroup.ESTATES, 0.05),
    (StaffGroup.ADD_PROF_SCIENTIFIC, 0.03),
    (StaffGroup.HEALTHCARE_SCIENTISTS, 0.02),
]

# Where a role works: "ward" any inpatient ward; a unit suffix; "site" no ward.
# (job role, bands to pick from, relative weight, place)
ROLES: dict[str, list[tuple[str, tuple[str, ...], float, str]]] = {
    StaffGroup.NURSING_MIDWIFERY: [
        ("Staff Nurse", ("Band 5",), 40, "ward"),
        ("Senior Staff Nurse", ("Band 6",), 15, "ward"),
        ("Ward Sister", ("Band 7",), 6, "ward"),
        ("Clinical Nurse Specialist", ("Band 7",), 5, "ward"),
        ("Midwife", ("Band 5", "Band 6", "Band 6"), 10, "LAB PNW"),
        ("Children's Nurse", ("Band 5", "Band 6"), 5, "PAE NNU"),
        ("Theatre Nurse", ("Band 5", "Band 6"), 5, "THR DSU"),
        ("Critical Care Nurse", ("Band 5", "Band 6"), 4, "ICU"),
        ("Emergency Nurse Practitioner", ("Band 7",), 3, "ED"),
        ("Advanced Nurse Practitioner", ("Band 8a",), 2, "ward"),
        ("Matron", ("Band 8a",), 2, "site"),
        ("Practice Development Nurse", ("Band 6", "Band 7"), 3, "site"),
    ],
    StaffGroup.ADDITIONAL_CLINICAL: [
        ("Healthcare Assistant", ("Band 2",), 45, "ward"),
        ("Senior Healthcare Assistant", ("Band 3",), 14, "ward"),
        ("Nursing Associate", ("Band 4",), 8, "ward"),
        ("Assistant Practitioner", ("Band 4",), 5, "ward"),
        ("Maternity Support Worker", ("Band 3",), 6, "LAB PNW"),
        ("Theatre Support Worker", ("Band 3",), 6, "THR DSU"),
        ("Therapy Assistant", ("Band 3",), 6, "ward"),
        ("Phlebotomist", ("Band 2",), 6, "OPD PAT"),
        ("Pharmacy Assistant", ("Band 2", "Band 3"), 4, "PHA"),
    ],
    StaffGroup.ADMIN_CLERICAL: [
        ("Ward Clerk", ("Band 2",), 20, "ward"),
        ("Medical Secretary", ("Band 3", "Band 4"), 20, "site"),
        ("Receptionist", ("Band 2",), 12, "OPD ED"),
        ("Administrator", ("Band 3",), 18, "site"),
        ("Team Leader", ("Band 4",), 6, "site"),
        ("Finance Officer", ("Band 5",), 5, "site"),
        ("HR Advisor", ("Band 5",), 4, "site"),
        ("Data Analyst", ("Band 6",), 3, "site"),
        ("Project Manager", ("Band 7",), 4, "site"),
        ("Service Manager", ("Band 8a", "Band 8b"), 4, "site"),
        ("Improvement Advisor", ("Band 7",), 2, "site"),
        ("Director", ("Executive",), 0.3, "site"),
    ],
    StaffGroup.MEDICAL_DENTAL: [
        ("Consultant", ("Medical",), 28, "ward"),
        ("Specialty Doctor", ("Medical",), 12, "ward"),
        ("Specialty Registrar", ("Medical",), 22, "ward"),
        ("Core Trainee", ("Medical",), 10, "ward"),
        ("Foundation Year 1 Doctor", ("Medical",), 10, "ward"),
        ("Foundation Year 2 Doctor", ("Medical",), 8, "ward"),
        ("Clinical Fellow", ("Medical",), 6, "ward"),
        ("Consultant Anaesthetist", ("Medical",), 4, "THR ICU"),
        ("Emergency Medicine Consultant", ("Medical",), 3, "ED"),
    ],
    StaffGroup.AHP: [
        ("Physiotherapist", ("Band 5", "Band 6", "Band 7"), 30, "ward"),
        ("Occupational Therapist", ("Band 5", "Band 6", "Band 7"), 22, "ward"),
        ("Dietitian", ("Band 5", "Band 6"), 8, "ward"),
        ("Speech and Language Therapist", ("Band 6",), 6, "ward"),
        ("Diagnostic Radiographer", ("Band 5", "Band 6"), 18, "RAD"),
        ("Operating Department Practitioner", ("Band 5", "Band 6"), 12, "THR DSU"),
        ("Paramedic", ("Band 6",), 4, "ED"),
    ],
    StaffGroup.ESTATES: [
        ("Domestic Assistant", ("Band 2",), 30, "site"),
        ("Porter", ("Band 2",), 25, "site"),
        ("Housekeeper", ("Band 2",), 10, "ward"),
        ("Catering Assistant", ("Band 2",), 15, "site"),
        ("Security Officer", ("Band 3",), 8, "site"),
        ("Electrician", ("Band 4",), 6, "site"),
        ("Estates Officer", ("Band 5",), 6, "site"),
    ],
    StaffGroup.ADD_PROF_SCIENTIFIC: [
        ("Pharmacist", ("Band 6", "Band 7", "Band 8a"), 40, "PHA"),
        ("Pharmacy Technician", ("Band 4", "Band 5"), 35, "PHA"),
        ("Clinical Psychologist", ("Band 8a", "Band 8b"), 10, "site"),
        ("Anaesthesia Associate", ("Band 7",), 5, "THR"),
    ],
    StaffGroup.HEALTHCARE_SCIENTISTS: [
        ("Biomedical Scientist", ("Band 5", "Band 6", "Band 7"), 40, "PAT"),
        ("Healthcare Science Assistant", ("Band 3",), 25, "PAT"),
        ("Cardiac Physiologist", ("Band 5", "Band 6"), 25, "site"),
        ("Medical Physicist", ("Band 7", "Band 8a"), 10, "RAD"),
    ],
}

FIRST_NAMES = _words("""
Aaliyah Abdul Adam Adebayo Aisha Alex Alice Amara Amelia Amir Amy Ana Andrew Anil Anna
Anthony Arjun Ava Ayesha Ben Beth Bogdan Callum Caroline Charlotte Chidi Chloe Chris
Claire Connor Daniel David Deepa Divya Dylan Eleanor Elif Ella Emeka Emily Emma Erin
Ethan Fatima Femi Fiona Francesca Gareth George Grace Hannah Harry Harvey Hassan Helen
Imran Isaac Isla Jack Jacob James Jasmine Jay Jennifer Jessica Joanne Joseph Joshua Julia
Kate Katarzyna Kavita Kemi Kevin Kwame Laura Leah Liam Lily Lucy Luke Maria Mariam Mark
Martin Matthew Megan Michael Mohammed Molly Nadia Naomi Nathan Neha Nicola Noah Oliver
Olivia Oscar Paul Peter Piotr Priya Rachel Rahul Rebecca Reuben Rhys Rosa Ruth Ryan Sadia
Samuel Sarah Sean Sophie Stephen Sunita Tariq Thomas Tobi Tom Una Victoria Wei William
Yasmin Yusuf Zara Zoe
""")

LAST_NAMES = _words("""
Abbott Adams Adeyemi Ahmed Ali Allen Anderson Armstrong Atkinson Bailey Baker Banks Barker
Barnes Bell Bennett Bird Bishop Booth Bradley Brooks Brown Burton Butler Campbell Carter
Chapman Chaudhry Chen Clark Clarke Cole Collins Cook Cooper Cox Cruz Davies Dawson Day Dean
Dixon Doherty Edwards Ellis Evans Farrell Fernandes Fisher Fleming Fletcher Ford Foster Fox
Francis Gardner Gill Gordon Graham Grant Gray Green Griffiths Hall Hamilton Harris Harrison
Hart Hayes Hill Holmes Hughes Hunt Hussain Iqbal Jackson James Jenkins Johnson Jones Kaur
Kelly Kennedy Khan King Knight Kowalski Lane Lawrence Lee Lewis Lloyd Marsh Marshall Martin
Mason Matthews Mensah Miller Mills Mitchell Moore Morgan Morris Murphy Murray Nowak Nwosu
Obi Okafor Oliveira Osei Owen Palmer Parker Patel Pearson Perry Phillips Porter Powell
Price Rahman Reid Reyes Reynolds Richards Richardson Roberts Robinson Rogers Rose Ross
Russell Santos Saunders Scott Shah Sharma Shaw Simpson Singh Smith Spencer Stevens Stewart
Taylor Thomas Thompson Turner Walker Walsh Ward Watson Webb Wells White Williams Wilson
Wood Wright Young
""")
