"""Running `paclient` as a real subprocess, as a newcomer's shell would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping


def run_cli(env: Mapping[str, str], *args: str, stdin: str | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m paclient ARGS` and capture its output."""
    return subprocess.run([sys.executable, "-m", "paclient", *args], env=dict(env),
                          input=stdin, capture_output=True, text=True, timeout=timeout,
                          check=False)
