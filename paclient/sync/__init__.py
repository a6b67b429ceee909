"""Sync with the CCIS hub, the device's side: applying what the hub says (no Qt here)."""
