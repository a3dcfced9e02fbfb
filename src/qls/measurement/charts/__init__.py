"""Charts of the quality data: a series as the dashboards draw it, and the health-inequality
charts (ethnic groups, the gap between two groups)."""
