"""One desktop app per store: a second copy brings the first forward and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from cli_runner import run_cli

from paclient.ui.single_instance import SingleInstance

PASSPHRASE = "correct horse battery staple"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE,
            "QT_QPA_PLATFORM": "offscreen"}


def test_a_second_copy_on_the_same_store_asks_the_first_forward_and_exits(
        qtbot, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(_env(home), "init", timeout=60).returncode == 0
    first = SingleInstance(home)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.show_requested, timeout=10_000):
            second = run_cli(_env(home), "gui", timeout=60)

        assert second.returncode == 0, second.stderr
        assert second.stderr.strip() == ("paclient is already open on this store; its "
                                         "window was brought forward.")
    finally:
        first.release()


def test_another_store_is_not_held_by_the_first(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "one")
    assert first.claim()
    try:
        other = SingleInstance(tmp_path / "two")
        assert other.claim()
        other.release()
    finally:
        first.release()


def test_a_copy_that_crashed_does_not_keep_the_store_claimed(qtbot, tmp_path: Path) -> None:
    home = tmp_path / "home"
    claimer = ("import sys, time\nfrom pathlib import Path\n"
               "from PySide6.QtCore import QCoreApplication\n"
               "from paclient.ui.single_instance import SingleInstance\n"
               "app = QCoreApplication([])\nguard = SingleInstance(Path(sys.argv[1]))\n"
               "print(guard.claim(), flush=True)\nsys.stdin.readline()\n")
    crashed = subprocess.Popen([sys.executable, "-c", claimer, str(home)], env=_env(home),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert crashed.stdout is not None and crashed.stdout.readline().strip() == "True"
    crashed.send_signal(signal.SIGKILL)  # no chance to remove its socket
    crashed.wait(timeout=30)

    again = SingleInstance(home)
    assert again.claim()
    try:  # and it really holds the store now: the next copy is sent to it
        with qtbot.waitSignal(again.show_requested, timeout=10_000):
            assert not SingleInstance(home).claim()
    finally:
        again.release()
