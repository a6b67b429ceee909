"""The local authority's CCIS hub: accounts, devices and the sync contract (DESIGN.md §4)."""

from ccis import __version__

__all__ = ["__version__"]
