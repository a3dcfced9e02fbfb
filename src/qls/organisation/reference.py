"""Reference data every QLS installation starts with (loaded by a migration).

The strategic aims are the trust's five, worded for the product; they stay
editable by the improvement team. The quality domains are the six the
trust's quality strategy uses.
"""

from __future__ import annotations

STRATEGIC_AIMS: list[tuple[int, str, str]] = [
    (
        1,
        "Patient first and valued people",
        (
            "Put patients at the centre of every decision, and value, develop and look "
            "after the people who care for them."
        ),
    ),
    (
        2,
        "Enough of the right capacity",
        (
            "Have the beds, staff and services in the right places so patients are seen "
            "at the right time."
        ),
    ),
    (
        3,
        "Best model of medical care",
        (
            "Deliver medical care that is consistent across our sites and matches the "
            "best available evidence."
        ),
    ),
    (
        4,
        "A quality learning system",
        (
            "Use evidence and data to improve safety, visibility, equity and "
            "effectiveness, and share what we learn across sites."
        ),
    ),
    (
        5,
        "Value and digital",
        "Get the most from every pound and use digital tools to make care safer and simpler.",
    ),
]

QUALITY_DOMAINS: list[tuple[str, str, str]] = [
    ("safe", "Safe", "People are protected from avoidable harm."),
    ("effective", "Effective", "Care achieves good outcomes and follows the best evidence."),
    (
        "positive-experience",
        "Positive experience",
        "People are treated with kindness, dignity and respect, and are involved in their care.",
    ),
    ("well-led", "Well-led", "Leadership, governance and culture support high-quality care."),
    (
        "sustainably-resourced",
        "Sustainably resourced",
        "Money, staff and the environment are used well now and for the future.",
    ),
    (
        "equitable",
        "Equitable",
        "Access, experience and outcomes do not depend on who people are or where they live.",
    ),
]
