"""paclient: the Personal Adviser's offline-first caseload application."""

__version__ = "0.1.0"
