"""Learning and co-production across the system: "we said, we did", shared learning, NQB steps."""
