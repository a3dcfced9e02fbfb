"""Forms of the measurement pages (NHS.UK markup), one module per page or feature."""
