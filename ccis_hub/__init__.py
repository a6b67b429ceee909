"""The local authority's CCIS hub: accounts, devices and the sync contract (DESIGN.md §4)."""
