"""Starting the app where it cannot run: one sentence, never a Qt abort."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from cli_runner import run_cli
from sqlalchemy import text

from paclient.storage import keys
from paclient.storage.store import Store


def test_the_desktop_app_without_a_display_says_so_in_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PACLIENT_HOME"] = str(tmp_path / "home")

    result = run_cli(env, "gui", timeout=60)

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("paclient: There is no display"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "home" / "paclient.db").exists()


PASSPHRASE = "correct horse battery staple"


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE,
            **extra}


def _one_sentence(result: subprocess.CompletedProcess[str], start: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"paclient: {start}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_store_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # root may write anywhere; a file in the path stops all

    result = run_cli(_env(blocker / "store"), "init", timeout=60)

    _one_sentence(result, f"The store cannot be made in {blocker / 'store'}")
    assert blocker.read_text() == "not a folder"


def test_a_store_made_by_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(_env(home), "init", timeout=60).returncode == 0
    store = Store.unlock(home, PASSPHRASE)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    store.close()
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}

    result = run_cli(_env(home), "people", timeout=60)

    _one_sentence(result, "This store was made by a newer version of paclient")
    after = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()
             if p.name in before}
    assert after == before
    assert not (home / "backups").exists() or not any((home / "backups").iterdir())


def test_a_store_whose_making_fails_leaves_nothing_half_made(tmp_path: Path,
                                                             monkeypatch) -> None:
    home = tmp_path / "home"

    def disk_full(*_args: object) -> None:  # the slot file is the last thing written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(keys, "write_slots", disk_full)
    with pytest.raises(OSError):
        Store.create(home, PASSPHRASE)
    monkeypatch.undo()

    assert sorted(p.name for p in home.iterdir()) == []
    store, _ = Store.create(home, PASSPHRASE)  # and the folder can be used at once
    store.close()


def test_no_keyring_backend_is_one_sentence_and_the_passphrase_still_works(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = _env(home, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    assert run_cli(env, "init", timeout=60).returncode == 0

    result = run_cli(env, "keyring", "on", timeout=60)

    _one_sentence(result, "No secure keyring is available here")
    assert run_cli(env, "people", timeout=60).returncode == 0

