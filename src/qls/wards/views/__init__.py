"""Ward programme pages, one module per area."""
