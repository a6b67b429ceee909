"""Sync as the adviser meets it: signing in and syncing, conflicts, changes the hub refused,
and how the device stands with the hub."""
