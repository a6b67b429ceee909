"""paclient: the Personal Adviser's offline-first caseload application."""

from ccis import __version__

__all__ = ["__version__"]
