"""The system quality dashboard: shared metrics across the partners, one metric
across the system, and the system's places (localities)."""
