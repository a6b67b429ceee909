"""Fixtures of the network sync tests: a keyring in a file, fast retries."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))  # sync_keyring, hubproc (appended: `conftest` stays tests/conftest.py)

from hubproc import Hub  # noqa: E402
from sync_keyring import ENV, FileKeyring  # noqa: E402


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The keyring for this test (in-process and for subprocesses): a JSON file."""
    path = tmp_path / "keyring.json"
    # Before the environment names the file keyring: a keyring first made after it would be
    # that one, and putting it back would leak it into later tests.
    previous = keyring.get_keyring()
    monkeypatch.setenv(ENV, str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "sync_keyring.FileKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def hub_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub database with advisers pa1 and pa2 and team leader tl1 (team North), made once
    through `ccis-hub user add` and copied for each test."""
    folder = tmp_path_factory.mktemp("hub-template")
    made = Hub(f"sqlite:///{folder / 'hub.db'}", folder)
    made.add_user("pa1", "adviser", "--team", "North")
    made.add_user("pa2", "adviser", "--team", "North")
    made.add_user("tl1", "team-leader", "--team", "North")
    return folder / "hub.db"


@pytest.fixture
def hub(tmp_path: Path, hub_template: Path) -> Iterator[Hub]:
    """A real ccis-hub process of its own, on a copy of the template database."""
    shutil.copy(hub_template, tmp_path / "hub.db")
    made = Hub(f"sqlite:///{tmp_path / 'hub.db'}", tmp_path)
    made.start()
    yield made
    made.stop()
