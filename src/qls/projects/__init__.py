"""The QI project registry: projects, driver diagrams, PDSA cycles, measures and evaluations."""
