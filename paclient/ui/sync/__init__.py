"""Sync with the hub in the app: the controller, the Sync place and record states."""
