"""Search (being built)."""
