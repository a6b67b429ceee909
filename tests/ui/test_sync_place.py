"""The in-app sync against a real ccis-hub process: Sync now, offline, conflicts, rejected
changes, the caseload's State column and Cancel, driven through the main window's widgets.
Real threads here (a TaskRunner over thread pools), so every wait has a deadline."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QMessageBox

sys.path.append(str(Path(__file__).resolve().parents[1] / "sync_net"))

from devices import FAST, Device, make_device
from hubproc import HUB_PASSWORD, Hub
from sync_keyring import ENV, FileKeyring

from paclient.services.bundle import Services
from paclient.services.demo.build import build_demo
from paclient.services.sync.hub import HubSync
from paclient.ui.caseload.table_model import CaseloadColumn
from paclient.ui.context import AppContext
from paclient.ui.main_window import MainWindow
from paclient.ui.sync.controller import NO_HUB, SIGN_IN
from paclient.ui.tasks import TaskRunner

DEADLINE = 30_000  # ms


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Refresh tokens go to a JSON file of this test's, never the real OS keyring."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(ENV, str(path))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def hub_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub database with the adviser pa1, made once through `ccis-hub user add`."""
    folder = tmp_path_factory.mktemp("hub-template")
    Hub(f"sqlite:///{folder / 'hub.db'}", folder).add_user("pa1", "adviser", "--team", "North")
    return folder / "hub.db"


@pytest.fixture
def hub(tmp_path: Path, hub_template: Path) -> Iterator[Hub]:
    """A real ccis-hub process on a copy of the template database."""
    shutil.copy(hub_template, tmp_path / "hub.db")
    made = Hub(f"sqlite:///{tmp_path / 'hub.db'}", tmp_path)
    made.start()
    yield made
    made.stop()


@pytest.fixture
def laptops(tmp_path: Path, file_keyring: Path, qtbot) -> Iterator[list[tuple[Device, TaskRunner]]]:
    """Laptops made by `add`; each runner is shut down before its store closes."""
    made: list[tuple[Device, TaskRunner]] = []
    yield made
    for device, runner in made:
        runner.shutdown()
        device.close()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes shown (answered at once); questions are answered Yes."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kw: shown.append(args[2]) or QMessageBox.StandardButton.Yes)
    return shown


def laptop(laptops, tmp_path: Path, name: str, url: str) -> Device:
    device = make_device(tmp_path, name, "pa1", url)
    laptops.append((device, TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(2))))
    return device


def window_on(qtbot, laptops, device: Device) -> MainWindow:
    """The main window on `device`, over real thread pools, after its start-up sync (which
    never asks for the password); the password is typed when Sync now asks."""
    [runner] = [r for d, r in laptops if d is device]
    hub = HubSync(device.store, retry=FAST, device_name=device.name)
    window = MainWindow(AppContext.create(Services(device.services.ctx, hub), runner))
    qtbot.addWidget(window)
    window.asked: list[str] = []
    window.sync_controller.ask_password = (
        lambda parent, account: window.asked.append(account.username) or HUB_PASSWORD)
    window.show()
    window.caseload.reload()
    window.sync_controller.start()
    qtbot.waitUntil(lambda: window.sync_controller.reach != NO_HUB, timeout=DEADLINE)
    qtbot.waitUntil(lambda: not window.sync_controller.running, timeout=DEADLINE)
    return window


def sync_now(qtbot, window: MainWindow) -> None:
    """Press Sync now in the Sync place and wait until the sync ends."""
    window.go_to(2)
    assert window.sync.sync_button.isEnabled()
    window.sync.sync_button.click()
    qtbot.waitUntil(lambda: not window.sync_controller.running, timeout=DEADLINE)
    qtbot.waitUntil(lambda: window.sync.sync_button.isEnabled(), timeout=DEADLINE)


def state_of(window: MainWindow, person_id) -> str:
    model = window.caseload.model
    [line] = [r for r in range(model.rowCount()) if model.row_at(r).id == person_id]
    return model.index(line, CaseloadColumn.STATE).data()


def wait_state(qtbot, window: MainWindow, person_id, text: str) -> None:
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 0, timeout=DEADLINE)
    qtbot.waitUntil(lambda: state_of(window, person_id) == text, timeout=DEADLINE)


def add_person(device: Device, given: str = "Sam"):
    return device.services.people.add_person(given_name=given, family_name="Example",
                                             date_of_birth=dt.date(2009, 3, 4), gender="F")


def test_sync_now_sends_the_demo_and_the_status_line_says_everything_is_sent(
        qtbot, hub, tmp_path, laptops, boxes):
    device = laptop(laptops, tmp_path, "laptop-a", hub.url)
    build_demo(device.services.ctx, people=5, seed=1)
    waiting = device.outbox()["pending"]
    window = window_on(qtbot, laptops, device)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 5, timeout=DEADLINE)
    someone = window.caseload.model.row_at(0).id
    qtbot.waitUntil(lambda: window.status_line.status is not None, timeout=DEADLINE)
    assert f"{waiting} change(s) not sent" in window.status_line.sync_state.text()
    wait_state(qtbot, window, someone, "Not sent")
    assert window.sync_controller.reach == SIGN_IN and window.asked == []  # quiet at start-up
    assert window.status_line.reach.text() == "Hub sign-in needed (Sync now)"

    sync_now(qtbot, window)

    report = window.sync_controller.last_report
    assert report is not None and report.pushed == waiting and report.rejected == 0
    assert window.asked == ["pa1"]  # no saved sign-in yet: the password was asked once
    assert device.outbox() == {"acknowledged": waiting}
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'young_person'") == [(5,)]
    today = f"{dt.datetime.now():%d/%m/%Y}"
    qtbot.waitUntil(lambda: "Everything sent" in window.status_line.sync_state.text(),
                    timeout=DEADLINE)
    assert f"last sync {today}" in window.status_line.sync_state.text()
    assert window.status_line.reach.text() == "Online"
    assert f"Sent {waiting} change(s)" in window.sync.result.text()
    wait_state(qtbot, window, someone, "Synced")

    sync_now(qtbot, window)  # the refresh token saved in the keyring signs in now
    assert window.asked == ["pa1"] and window.sync_controller.last_report.pushed == 0
    assert boxes == []


def test_an_unreachable_hub_shows_offline_and_keeps_the_changes(qtbot, tmp_path, laptops,
                                                                 boxes):
    device = laptop(laptops, tmp_path, "laptop-a", "http://127.0.0.1:9")  # nothing listens
    person = add_person(device)
    waiting = device.outbox()
    window = window_on(qtbot, laptops, device)

    sync_now(qtbot, window)

    assert window.status_line.reach.text().startswith("Offline")
    assert "cannot be reached" in window.sync.result.text()
    assert device.outbox() == waiting
    wait_state(qtbot, window, person.id, "Not sent")
    assert "never" in window.status_line.sync_state.text()
    assert boxes == []  # said in the place and the status bar, not in a box


def test_a_conflict_is_shown_with_both_values_and_keep_mine_settles_it_at_the_hub(
        qtbot, hub, tmp_path, laptops, boxes):
    a = laptop(laptops, tmp_path, "laptop-a", hub.url)
    b = laptop(laptops, tmp_path, "laptop-b", hub.url)
    person = add_person(a)
    a.sync()
    b.sync()
    a.services.people.update_person(person.id, preferred_name="Sammy")
    b.services.people.update_person(person.id, preferred_name="Sam E")
    a.sync()
    window = window_on(qtbot, laptops, b)  # b signed in before: its start-up sync runs

    assert window.sync_controller.last_report.conflicts_opened == 1
    sync_now(qtbot, window)
    assert window.sync_controller.last_report.open_conflicts == 1 and window.asked == []
    conflicts = window.sync.conflicts
    qtbot.waitUntil(lambda: len(conflicts.rows) == 1, timeout=DEADLINE)
    table = conflicts.table
    shown = [table.model().index(0, c).data() for c in range(table.model().columnCount())]
    assert shown[:5] == ["Sam Example", "Personal details", "Preferred name", "Sam E", "Sammy"]
    assert window.sync.lists.tabText(0) == "Con&flicts (1)"
    wait_state(qtbot, window, person.id, "Conflict")

    conflicts.keep_mine.click()

    qtbot.waitUntil(lambda: conflicts.rows == [], timeout=DEADLINE)
    assert "Resolved: Preferred name of Sam Example" in window.sync.result.text()
    wait_state(qtbot, window, person.id, "Not sent")
    sync_now(qtbot, window)
    assert window.sync_controller.last_report.open_conflicts == 0
    with b.client() as client:
        client.connect("pa1", "laptop-b", lambda: HUB_PASSWORD)
        assert client.conflicts() == []
    assert a.sync().open_conflicts == 0
    assert a.services.people.get(person.id, audited=False).preferred_name == "Sam E"
    assert len(boxes) == 1 and "Keep this device's value “Sam E”" in boxes[0]


def test_a_rejected_change_needs_attention_with_its_reason_and_send_again_queues_it(
        qtbot, hub, tmp_path, laptops, boxes):
    device = laptop(laptops, tmp_path, "laptop-a", hub.url)
    person = add_person(device, "Jo")
    device.sync()
    device.services.people.update_person(person.id, town="x" * 150)  # the hub allows 100
    window = window_on(qtbot, laptops, device)  # signed in before: its start-up sync runs

    assert window.sync_controller.last_report.rejected == 1
    sync_now(qtbot, window)
    assert window.sync_controller.last_report.needs_attention == 1
    attention = window.sync.attention
    qtbot.waitUntil(lambda: len(attention.rows) == 1, timeout=DEADLINE)
    model = attention.table.model()
    person_name, what, reason = (model.index(0, c).data() for c in range(3))
    assert (person_name, what) == ("Jo Example", "Changed Personal details: Town")
    assert "longer than 100 characters" in reason
    wait_state(qtbot, window, person.id, "Needs attention")
    opened = []
    window.sync.record_requested.disconnect()
    window.sync.record_requested.connect(opened.append)
    attention.open_record.click()
    assert opened == [person.id]

    attention.send_again.click()

    qtbot.waitUntil(lambda: attention.rows == [], timeout=DEADLINE)
    wait_state(qtbot, window, person.id, "Not sent")
    assert device.outbox()["rejected"] == 0 and device.outbox()["pending"] == 1
    qtbot.waitUntil(lambda: window.status_line.status.needs_attention == 0, timeout=DEADLINE)
    assert window.status_line.status.unsent == 1
    assert boxes == []


def test_cancel_stops_the_sync_after_a_chunk_and_the_next_sync_sends_the_rest(
        qtbot, hub, tmp_path, laptops, boxes):
    device = laptop(laptops, tmp_path, "laptop-a", hub.url)
    build_demo(device.services.ctx, people=16, seed=1)
    waiting = device.outbox()["pending"]
    assert waiting > 500  # more than one chunk
    window = window_on(qtbot, laptops, device)
    controller, place = window.sync_controller, window.sync
    clicked = threading.Event()
    emit = controller._progress_from_worker

    def hold_first_progress(phase: str, done: int, total: int | None) -> None:
        emit(phase, done, total)  # the worker waits here until Cancel has been pressed
        clicked.wait(DEADLINE / 1000)

    controller._progress_from_worker = hold_first_progress
    window.go_to(2)
    place.sync_button.click()
    qtbot.waitUntil(lambda: place.phase.text().startswith("Sending changes: 500 of"),
                    timeout=DEADLINE)
    assert place.cancel_button.isEnabled() and not place.sync_button.isEnabled()
    assert place.progress.value() == 500 and place.progress.maximum() == waiting
    place.cancel_button.click()
    clicked.set()
    qtbot.waitUntil(lambda: not controller.running, timeout=DEADLINE)

    stopped = controller.last_report
    assert stopped.cancelled and stopped.pushed == 500 and stopped.pulled_pages == 0
    assert "Sync cancelled" in place.result.text()
    assert device.outbox() == {"acknowledged": 500, "pending": waiting - 500}

    controller._progress_from_worker = emit
    sync_now(qtbot, window)
    assert controller.last_report.pushed == waiting - 500
    assert device.outbox() == {"acknowledged": waiting}
    assert controller.last_report.digest_matched is True
    assert boxes == []


def test_the_authoritys_settings_apply_as_soon_as_a_sync_brings_them(
        qtbot, hub, tmp_path, laptops, boxes):
    assert hub.cli("settings", "review_weeks_level_1=8").returncode == 0
    device = laptop(laptops, tmp_path, "laptop-a", hub.url)
    window = window_on(qtbot, laptops, device)
    assert device.services.policy.review_weeks_level_1 == 12  # the default until a sync

    sync_now(qtbot, window)

    qtbot.waitUntil(lambda: device.services.policy.review_weeks_level_1 == 8,
                    timeout=DEADLINE)
