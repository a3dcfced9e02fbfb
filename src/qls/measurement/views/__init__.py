"""Pages of the quality data area; one module per part (catalogue, metrics,
imports, tokens)."""
