"""The encrypted store through the command line: unlock, damage, backup, restore, passwd."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE
from sqlalchemy import text

from paclient.errors import StoreLocked, WrongPassphrase
from paclient.storage.paths import StorePaths
from paclient.storage.store import Store
from paclient.storage.throttle import Throttle


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def initialised(cli_env: dict[str, str], home: Path) -> Path:
    result = run_cli(cli_env, "init", "--name", "Pat Adviser", "--team", "North")
    assert result.returncode == 0, result.stderr
    return home / "paclient.db"


def add_person(env: dict[str, str], tmp_path: Path, family: str) -> None:
    csv = tmp_path / f"{family}.csv"
    csv.write_text(f"given_name,family_name,date_of_birth\nAlys,{family},03/04/2010\n")
    result = run_cli(env, "import", "cohort", str(csv))
    assert result.returncode == 0, result.stdout + result.stderr


def family_names(env: dict[str, str]) -> list[str]:
    result = run_cli(env, "people", "--json")
    assert result.returncode == 0, result.stderr
    import json

    return sorted(json.loads(line)["family_name"] for line in result.stdout.splitlines())


def test_wrong_passphrase_is_a_clear_error_and_leaves_the_file_alone(initialised, cli_env):
    before = digest(initialised)
    result = run_cli({**cli_env, "PACLIENT_PASSPHRASE": "not the passphrase"}, "people")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "paclient: The passphrase is wrong (1 failed attempt(s) in a row).")
    assert "Traceback" not in result.stderr
    assert digest(initialised) == before


class Clock:
    """Wall-clock seconds the test moves by hand; sleeping moves it, and is noted."""

    def __init__(self) -> None:
        self.now, self.slept = 1_800_000_000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(home, clock) -> Throttle:
    return Throttle(StorePaths(home).throttle, clock=clock, sleep=clock.sleep)


def test_five_wrong_tries_slow_the_next_attempt(store, home, passphrase, clock, throttle):
    store.close()
    for attempt in range(1, 6):
        with pytest.raises(WrongPassphrase) as failed:
            Store.unlock(home, "wrong passphrase!", throttle=throttle)
        assert failed.value.failures == attempt
    assert clock.slept == []  # the first five are not slowed
    Store.unlock(home, passphrase, throttle=throttle).close()
    assert clock.slept == [1.0]  # after five, even the right one waits
    Store.unlock(home, passphrase, throttle=throttle).close()
    assert clock.slept == [1.0]  # success resets the count
    assert not StorePaths(home).throttle.exists()


def test_the_wait_doubles_with_each_wrong_try_up_to_a_minute(store, home, clock, throttle):
    store.close()
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            Store.unlock(home, "wrong passphrase!", throttle=throttle)
    for _ in range(8):
        with pytest.raises(WrongPassphrase):
            Store.unlock(home, "wrong passphrase!", throttle=throttle)
    assert clock.slept == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_time_already_waited_counts_and_the_count_outlives_the_process(store, home, clock,
                                                                       throttle):
    store.close()
    for _ in range(6):
        with pytest.raises(WrongPassphrase):
            Store.unlock(home, "wrong passphrase!", throttle=throttle)
    clock.now += 1.5  # the sixth wrong try set a 2 s wait
    later = Throttle(StorePaths(home).throttle, clock=clock, sleep=clock.sleep)  # a new run

    assert later.failures() == 6
    later.wait_before_try()
    assert clock.slept == [1.0, 0.5]


def test_the_file_is_unreadable_without_the_key(initialised):
    assert not initialised.read_bytes().startswith(b"SQLite format 3")
    if shutil.which("sqlite3") is None:
        pytest.fail("the sqlite3 program is missing: run make test as root to install it")
    result = subprocess.run(["sqlite3", str(initialised), "SELECT * FROM sqlite_master"],
                            capture_output=True, text=True, check=False)
    assert "file is not a database" in result.stderr


def test_a_truncated_store_is_reported_and_never_replaced(initialised, cli_env, tmp_path):
    for n in range(3):
        add_person(cli_env, tmp_path, f"Family{n}")
    size = initialised.stat().st_size
    with open(initialised, "r+b") as handle:
        handle.truncate(size // 2)
    result = run_cli(cli_env, "people")
    assert result.returncode == 1
    assert str(initialised) in result.stderr and "paclient restore" in result.stderr
    assert initialised.stat().st_size == size // 2
    init_again = run_cli(cli_env, "init")
    assert init_again.returncode == 1 and "already exists" in init_again.stderr


def test_a_corrupted_first_page_is_reported(initialised, cli_env):
    with open(initialised, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 200)
    result = run_cli(cli_env, "check")
    assert result.returncode == 1
    assert "damaged" in result.stderr and "paclient restore" in result.stderr


def test_an_empty_file_is_not_taken_for_a_new_store(initialised, cli_env):
    initialised.write_bytes(b"")
    result = run_cli(cli_env, "people")
    assert result.returncode == 1 and "paclient restore" in result.stderr
    assert initialised.stat().st_size == 0


def test_check_passes_on_a_sound_store(initialised, cli_env):
    result = run_cli(cli_env, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "intact" in result.stdout


def test_backup_and_restore_round_trip(initialised, cli_env, tmp_path, home):
    add_person(cli_env, tmp_path, "Before")
    backup = tmp_path / "copy.pacbak"
    assert run_cli(cli_env, "backup", "-o", str(backup)).returncode == 0
    assert b"Before" not in backup.read_bytes()  # the copy is encrypted too
    add_person(cli_env, tmp_path, "After")
    assert family_names(cli_env) == ["After", "Before"]

    result = run_cli(cli_env, "restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert family_names(cli_env) == ["Before"]
    kept = list((home / "backups").glob("before-restore-*/paclient.db"))
    assert len(kept) == 1  # the replaced store is set aside, not deleted


def test_restore_refuses_a_damaged_backup_and_changes_nothing(initialised, cli_env, tmp_path):
    backup = tmp_path / "copy.pacbak"
    assert run_cli(cli_env, "backup", "-o", str(backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = b"\0" * 64
    backup.write_bytes(bytes(data))
    before = digest(initialised)

    result = run_cli(cli_env, "restore", str(backup))

    assert result.returncode == 1 and "cannot be used" in result.stderr
    assert digest(initialised) == before


def test_restore_with_the_wrong_passphrase_changes_nothing(initialised, cli_env, tmp_path):
    backup = tmp_path / "copy.pacbak"
    assert run_cli(cli_env, "backup", "-o", str(backup)).returncode == 0
    before = digest(initialised)
    result = run_cli({**cli_env, "PACLIENT_PASSPHRASE": "wrong passphrase!"}, "restore",
                     str(backup))
    assert result.returncode == 1 and "passphrase is wrong" in result.stderr
    assert digest(initialised) == before


def test_passwd_rewraps_the_slot_without_rewriting_the_database(initialised, cli_env):
    before = digest(initialised)
    new = "a completely new passphrase"
    result = run_cli({**cli_env, "PACLIENT_NEW_PASSPHRASE": new}, "passwd")
    assert result.returncode == 0, result.stderr
    assert digest(initialised) == before
    assert run_cli(cli_env, "people").returncode == 1
    assert run_cli({**cli_env, "PACLIENT_PASSPHRASE": new}, "people").returncode == 0


def test_a_short_passphrase_is_refused(cli_env, home):
    result = run_cli({**cli_env, "PACLIENT_PASSPHRASE": "short"}, "init")
    assert result.returncode == 1 and "too short" in result.stderr
    assert not home.exists() or not (home / "paclient.db").exists()


def test_the_recovery_key_unlocks_and_resets_the_passphrase(cli_env):
    result = run_cli(cli_env, "init", "--recovery-key")
    assert result.returncode == 0, result.stderr
    key = result.stdout.split("shown only once): ")[1].strip()
    env = {**cli_env, "PACLIENT_PASSPHRASE": "forgotten", "PACLIENT_RECOVERY_KEY": key.lower(),
           "PACLIENT_NEW_PASSPHRASE": "remembered this time"}
    assert run_cli(env, "passwd").returncode == 0
    env = {**cli_env, "PACLIENT_PASSPHRASE": "remembered this time"}
    assert run_cli(env, "people").returncode == 0


def test_no_store_yet_says_how_to_make_one(cli_env):
    result = run_cli(cli_env, "people")
    assert result.returncode == 1
    assert "paclient init" in result.stderr


def test_a_closed_store_opens_no_connection_its_key_is_gone(home):
    store, _ = Store.create(home, PASSPHRASE)
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM young_person")).scalar() == 0
    store.close()
    with pytest.raises(StoreLocked), store.read() as session:
        session.execute(text("SELECT 1")).all()
    assert store.data_key == b""
