"""A plain (not editable) `pip install` of the project into a fresh virtual environment works
from any folder: the code lists, fonts, helplines and demo letterhead ship inside the package.
Run by `make package` (it downloads or reuses the dependencies' wheels)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pdf_tools import pdf_text

pytestmark = pytest.mark.package

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "pip smoke passphrase 1"


def test_a_plain_install_runs_init_demo_and_print_from_another_folder(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "--disable-pip-version-check",
                    "--prefer-binary", str(REPO)], check=True, timeout=900)
    somewhere = tmp_path / "elsewhere"
    somewhere.mkdir()
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "PACLIENT_HOME": str(somewhere / "home"),
           "PACLIENT_NEW_PASSPHRASE": PASSPHRASE, "PACLIENT_PASSPHRASE": PASSPHRASE}

    def run(*args: str) -> str:
        result = subprocess.run([str(venv / "bin/paclient"), *args], env=env, cwd=somewhere,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    installed = subprocess.run([str(venv / "bin/python"), "-c",
                                "import paclient; print(paclient.__file__)"],
                               capture_output=True, text=True, check=True, cwd=somewhere)
    assert str(REPO) not in installed.stdout  # the installed copy, not the checkout
    run("init", "--name", "Sam Adviser", "--username", "sam")
    run("demo", "--people", "3")
    first = run("people").splitlines()[1].split()[0]
    run("print", "activity-record", "-o", str(somewhere / "record.pdf"), first)
    assert "Activity record" in pdf_text((somewhere / "record.pdf").read_bytes())
    finds_guide = ("from paclient.resources import resource_path as r; "
                   "print(r('guide', 'user-guide.md')); "
                   "print(r('guide', 'screenshots', 'sync.png'))")
    guide = subprocess.run(  # Help > User guide reads it from the installed package
        [str(venv / "bin/python"), "-c", finds_guide],
        capture_output=True, text=True, check=False, cwd=somewhere, env=env)
    assert guide.returncode == 0 and str(REPO) not in guide.stdout, guide.stderr
