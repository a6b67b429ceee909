"""The CCIS domain that the laptop (`paclient`) and the hub (`ccis_hub`) share.

Everything here is plain Python with no database, no Qt and no HTTP: the national code lists,
identifier formats, the time rules, the synced tables with the rules of each field, which rows
are sensitive, and the offline transfer file. Both sides import it; it imports neither.
"""

__version__ = "0.3.0.dev0"  # the release of all three packages (pyproject reads it here)
