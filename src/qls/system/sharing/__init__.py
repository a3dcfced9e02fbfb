"""Pages for sharing metrics with the system under data-sharing agreements."""
