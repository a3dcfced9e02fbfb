"""The demo's improvement capability: training and coaching."""
