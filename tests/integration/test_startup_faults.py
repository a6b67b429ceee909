"""Starting the app where it cannot run: one sentence, never a Qt abort."""

from __future__ import annotations

import os
from pathlib import Path

from cli_runner import run_cli


def test_the_desktop_app_without_a_display_says_so_in_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PACLIENT_HOME"] = str(tmp_path / "home")

    result = run_cli(env, "gui", timeout=60)

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("paclient: There is no display"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "home" / "paclient.db").exists()
