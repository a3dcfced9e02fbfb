"""Quality data: datasets, metrics, observations and SPC results."""
