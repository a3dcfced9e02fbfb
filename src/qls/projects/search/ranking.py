"""What a project has to teach, as a boost to its text rank on both engines."""

from __future__ import annotations

# Relevance first, then what a project has to teach: for the same words, a
# project that showed evidence of improvement, or that finished, outranks an
# idea nobody has tested. Multipliers of the text rank, so words still lead.
EVIDENCE_BOOST = 0.6

STAGE_BOOST = {"closed": 0.3, "sustaining": 0.3, "implementing": 0.2, "testing": 0.1}

IDEA_PENALTY = 0.2  # an idea with no aim or measure yet


def boost_sql(project: str = "projects_project") -> str:
    """SQL for 1 + the project's boost, the same on SQLite and PostgreSQL."""
    stages = " ".join(f"WHEN '{s}' THEN {b}" for s, b in STAGE_BOOST.items())
    return (
        f"CAST(1.0 + CASE WHEN EXISTS (SELECT 1 FROM projects_evidence e "
        f"JOIN projects_measure m ON m.id = e.measure_id "
        f"WHERE m.project_id = {project}.id AND e.found) THEN {EVIDENCE_BOOST} ELSE 0 END "
        f"+ CASE {project}.stage {stages} WHEN 'idea' THEN -{IDEA_PENALTY} ELSE 0 END "
        "AS DOUBLE PRECISION)"
    )
