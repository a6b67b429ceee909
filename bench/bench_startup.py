"""Cold start: from starting the desktop app to its unlock dialog on screen (issue 15).

Each run is a new process on an existing store with no passphrase given, drawn offscreen; it
ends when the app's log says the unlock dialog was shown. Measured for the installed checkout
(`python -m paclient`) and, when `make package` has built it, the bundle's `paclient-app`.
Target: under 2 s, median and worst over the runs, on this shared machine as it is.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNS = 7
TARGET_S = 2.0
DEADLINE_S = 60.0  # a run that has not shown the dialog by then has failed
PASSPHRASE = "cold start passphrase 1"
BUNDLE = Path(__file__).resolve().parents[1] / "build/dist/paclient/paclient-app"

pytestmark = pytest.mark.bench


def _programs() -> dict[str, list[str]]:
    programs = {"checkout": [sys.executable, "-m", "paclient", "gui"]}
    if BUNDLE.is_file():
        programs["bundle"] = [str(BUNDLE)]
    return programs


@pytest.mark.parametrize("name", sorted(_programs()))
def test_cold_start_to_the_unlock_dialog(name: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "PACLIENT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "paclient", "init"], check=True, timeout=120,
                   env={**env, "PACLIENT_PASSPHRASE": PASSPHRASE}, capture_output=True)
    env.pop("PACLIENT_PASSPHRASE", None)
    times = [_one_start(_programs()[name], env, home / "logs" / "paclient.log")
             for _ in range(RUNS)]
    median, worst = statistics.median(times), max(times)
    print(f"\ncold start to unlock ({name}, {RUNS} runs): median {median:.2f} s, "
          f"worst {worst:.2f} s")
    assert median < TARGET_S and worst < TARGET_S, times


def _one_start(command: list[str], env: dict[str, str], log: Path) -> float:
    seen = log.read_text(encoding="utf-8").count("Unlock dialog shown") if log.exists() else 0
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < DEADLINE_S:
            if log.exists() and log.read_text(encoding="utf-8").count(
                    "Unlock dialog shown") > seen:
                return time.perf_counter() - started
            assert process.poll() is None, f"the app exited ({process.returncode})"
            time.sleep(0.01)
        raise AssertionError("the unlock dialog never appeared")
    finally:
        process.kill()
        process.wait(timeout=30)
