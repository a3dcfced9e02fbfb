"""The demo's system quality oversight."""
