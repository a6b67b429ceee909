"""The bundle's entry point: the `paclient` command (no arguments: the desktop app)."""

from paclient.cli import main

raise SystemExit(main())
