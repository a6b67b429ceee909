"""Use cases and rules: each owns its transaction and returns frozen records."""
