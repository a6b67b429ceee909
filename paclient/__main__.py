"""`python -m paclient` runs the command line (no arguments: the desktop app)."""

from paclient.cli import main

raise SystemExit(main())
