"""The demo trust's organisation: structure, staff and log-ins."""
