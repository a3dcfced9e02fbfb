"""The demo's quality data (the measurement app)."""
