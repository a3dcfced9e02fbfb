"""Dashboard pages: trust, site and ward dashboards, early warnings, the metric at
one unit, ward comparison and series data. They read the SPC cache on ``Series``;
no page runs the engine."""
