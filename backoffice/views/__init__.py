"""Back-office views, one module per feature."""
