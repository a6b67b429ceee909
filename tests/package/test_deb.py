"""The Debian package as IT would deploy it: installed into a scratch root, run with an empty
environment (no virtual environment, offscreen), upgraded by a newer package without touching
the adviser's store, and removed cleanly. Run by `make package`, after it builds the .deb."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_tools import pdf_text

pytestmark = pytest.mark.package

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "deb smoke passphrase 1"


def test_the_deb_installs_runs_upgrades_and_removes_cleanly(tmp_path: Path) -> None:
    deb = _built_deb()
    root = _dpkg_root(tmp_path / "root")
    _dpkg(root, "--install", deb)
    assert (root / "usr/share/applications/paclient.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/256x256/apps/paclient.png").is_file()
    assert os.readlink(root / "usr/bin/paclient") == "/opt/paclient/paclient"

    app = _App(root / "opt/paclient/paclient", tmp_path)
    assert app.run("--version").stdout.startswith("paclient ")
    windowed = _App(root / "opt/paclient/paclient-app", tmp_path)  # the Start-menu program
    assert windowed.run("--version").stdout == app.run("--version").stdout
    app.run("init", "--name", "Sam Adviser", "--username", "sam")
    app.run("demo", "--people", "5")
    people = app.run("people").stdout
    first = people.splitlines()[1].split()[0]
    app.run("print", "activity-record", "-o", str(tmp_path / "record.pdf"), first)
    text = pdf_text((tmp_path / "record.pdf").read_bytes())
    assert "Activity record" in text

    _dpkg(root, "--install", _repacked(deb, tmp_path, "+upgrade1"))
    assert _installed_version(root).endswith("+upgrade1")
    assert app.run("people").stdout == people  # the store opens as it was

    _dpkg(root, "--remove", "paclient")
    assert not (root / "opt/paclient").exists()
    assert not (root / "usr/bin/paclient").exists()
    assert (tmp_path / "home" / "paclient.db").is_file()  # the adviser's data stays


class _App:
    """The installed `paclient`, run as a user with nothing but the package."""

    def __init__(self, program: Path, tmp_path: Path) -> None:
        self.program = program
        self.env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                    "QT_QPA_PLATFORM": "offscreen", "PACLIENT_HOME": str(tmp_path / "home"),
                    "PACLIENT_NEW_PASSPHRASE": PASSPHRASE, "PACLIENT_PASSPHRASE": PASSPHRASE}
        self.cwd = tmp_path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.program), *args], env=self.env, cwd=self.cwd,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        return result


def _built_deb() -> Path:
    debs = sorted((REPO / "build").glob("paclient_*_amd64.deb"), key=lambda p: p.stat().st_mtime)
    assert debs, "no .deb under build/: run `make package`, which builds it first"
    return debs[-1]


def _dpkg_root(root: Path) -> Path:
    """An empty root dpkg can install into without touching this machine's packages."""
    (root / "var/lib/dpkg/info").mkdir(parents=True)
    (root / "var/lib/dpkg/updates").mkdir()
    (root / "var/lib/dpkg/status").touch()
    return root


def _dpkg(root: Path, *args: str | Path) -> None:
    assert shutil.which("dpkg"), "dpkg is needed to test the package"
    subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root",
                    "--force-script-chrootless", "--log=/dev/null", *map(str, args)],
                   check=True, capture_output=True, text=True, timeout=600)


def _installed_version(root: Path) -> str:
    status = (root / "var/lib/dpkg/status").read_text()
    return next(line.split(": ", 1)[1] for line in status.splitlines()
                if line.startswith("Version: "))


def _repacked(deb: Path, tmp_path: Path, suffix: str) -> Path:
    """The same package with a newer version: what an upgrade installs over it."""
    tree = tmp_path / "repack"
    subprocess.run(["dpkg-deb", "--raw-extract", str(deb), str(tree)], check=True, timeout=600)
    control = tree / "DEBIAN/control"
    control.write_text("".join(
        line + suffix + "\n" if line.startswith("Version: ") else line + "\n"
        for line in control.read_text().splitlines()))
    newer = tmp_path / "newer.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(tree),
                    str(newer)], check=True, capture_output=True, timeout=600)
    return newer
