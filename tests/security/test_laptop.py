"""Issue 13, findings 15-18, on the laptop. Each test is the attack or the mishap: another
account on the laptop reading the adviser's files; someone reading the disk itself, looking for
a young person's name or a note's words; a hub too slow to answer while the adviser writes a
note; a lost laptop revoked at the hub while the desktop app is open on it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import stat
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import keyring
import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

sys.path.append(str(Path(__file__).resolve().parents[1] / "sync_net"))

from devices import FAST, make_device
from hubproc import CuttableProxy, Hub
from pdf_tools import pdf_text
from sync_keyring import ENV, FileKeyring

from paclient import printing
from paclient.desktop import Session
from paclient.services.bundle import Services, open_services, register_adviser
from paclient.services.casework.drafts import draft_key
from paclient.services.demo.build import build_demo, set_demo_letterhead
from paclient.services.sync.hub import HubSync
from paclient.storage.backup import restore, write_backup
from paclient.storage.paths import StorePaths
from paclient.storage.store import Store
from paclient.ui.context import AppContext
from paclient.ui.first_run import FirstRunWizard
from paclient.ui.printing.pages import page_images, print_pdf
from paclient.ui.sync.controller import ONLINE, SyncController
from paclient.ui.tasks import TaskRunner

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 11, 22)
RELEASE_0_1 = Path(__file__).resolve().parents[1] / "upgrade" / "data" / "v0.1"
KNOWN_NAME = "Ottoline Quarrendon"
KNOWN_NOTE = "Talked through the Brackenfold bakery apprenticeship offer"
DRAFT_NOTE = "Half typed: worried about the Thistlewood hostel move"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022): files anyone on the laptop may read unless paclient says not."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (itself included) with its permission bits."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def private(found: dict[str, str], home: Path) -> dict[str, str]:
    """What `found` should be: folders 0700, files 0600."""
    return {name: oct(0o700 if (home / name).is_dir() else 0o600) for name in found}


def test_finding_15_another_account_on_the_laptop_cannot_open_the_store_or_its_copies(
        tmp_path, open_umask):
    home = tmp_path / "home"
    store, _ = Store.create(home, PASSPHRASE)
    register_adviser(store, username="pa.test", name="Pat Adviser", team="North")
    services = open_services(store, today=lambda: TODAY)
    person = services.people.add_person(given_name="Sam", family_name="Example",
                                        date_of_birth=dt.date(2009, 3, 4), gender="F")
    services.drafts.save(draft_key("contact", person.id), person.id, {"discussion": "draft"})
    assert StorePaths(home).sidecars()[0].exists()  # the WAL, while the store is open
    opened = modes(home)
    copy = tmp_path / "chosen" / "copy.pacbak"
    write_backup(store.engine, store.paths, store.data_key, copy)
    store.close()
    restore(StorePaths(home), copy, PASSPHRASE)  # the replaced store goes to backups/
    store = Store.unlock(home, PASSPHRASE)
    after_restore = modes(home)
    names = open_services(store, today=lambda: TODAY).people
    assert names.get(person.id, audited=False).given_name == "Sam"  # the data is all there
    store.close()

    assert opened == private(opened, home) and {"paclient.db", "paclient.db-wal",
                                                "keyslots.json"} <= opened.keys()
    assert after_restore == private(after_restore, home)
    assert any(name.startswith("backups/before-restore") for name in after_restore)
    assert oct(stat.S_IMODE(copy.stat().st_mode)) == oct(0o600)

    # A store made by release 0.1 (its files 0644, its folder 0755) is tightened when opened.
    old = tmp_path / "release-0.1"
    shutil.copytree(RELEASE_0_1 / "laptop", old)
    old.chmod(0o755)
    for path in old.iterdir():
        path.chmod(0o644)
    opened_old = Store.unlock(old, (RELEASE_0_1 / "passphrase.txt").read_text().strip())
    try:
        now = modes(old)
        people = open_services(opened_old, today=lambda: TODAY).people
        released = [json.loads(line) for line in
                    (RELEASE_0_1 / "people.jsonl").read_text().splitlines()]
        kept = [people.get(uuid.UUID(p["id"]), audited=False) for p in released]
    finally:
        opened_old.close()
    assert now == private(now, old)
    assert [(k.given_name, k.family_name) for k in kept] == [
        (p["given_name"], p["family_name"]) for p in released]


def needles() -> list[tuple[str, bytes]]:
    """The known name and note words, as UTF-8 and as UTF-16 both ways round."""
    return [(text, text.encode(codec)) for text in (KNOWN_NAME, KNOWN_NOTE, DRAFT_NOTE)
            for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def readable(data: bytes) -> bytes:
    """`data` as someone reading the file would see it: a PDF (its streams compressed) by the
    text it shows, anything else as it is."""
    if data.startswith(b"%PDF"):
        return data + " ".join(pdf_text(data).split()).encode()
    return data


def plain_text_on_disk(*folders: Path) -> list[tuple[str, str]]:
    """(file, text) for every known text found in clear in any file under `folders`."""
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = readable(path.read_bytes())
            found += [(str(path), text) for text, raw in needles() if raw in data]
    return found


def test_finding_16_a_filled_store_its_wal_drafts_backups_and_print_temp_hold_no_plain_text(
        tmp_path, monkeypatch, qtbot):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # Qt and SQLite look here for temporary files
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    home = tmp_path / "home"
    store, _ = Store.create(home, PASSPHRASE)
    register_adviser(store, username="pa.test", name="Pat Adviser", team="North")
    services = open_services(store, today=lambda: TODAY)
    build_demo(services.ctx, people=20, seed=1)
    set_demo_letterhead(services.documents)
    given, family = KNOWN_NAME.split()
    person = services.people.add_person(given_name=given, family_name=family,
                                        date_of_birth=dt.date(2009, 3, 4), gender="F")
    services.contacts.add_contact(person.id, occurred_at=dt.datetime(2026, 11, 20, 10),
                                  method="face_to_face", setting="school", duration_minutes=30,
                                  discussion=KNOWN_NOTE, agreed=KNOWN_NOTE)
    services.drafts.save(draft_key("contact", person.id), person.id,
                         {"discussion": DRAFT_NOTE})
    write_backup(store.engine, store.paths, store.data_key, store.paths.backups / "copy.pacbak")
    printed = printing.activity_records(services.documents, [person.id],
                                        include_sensitive=True)
    assert KNOWN_NAME.encode() in readable(printed.pdf)  # what the search would find on disk
    assert page_images(printed.pdf)  # the preview
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the printer: a file of ours
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    assert print_pdf(printed.pdf, printer) >= 1
    assert StorePaths(home).sidecars()[0].stat().st_size > 0  # the WAL holds the latest pages

    assert plain_text_on_disk(home, temp) == []  # while the store is open
    store.close()
    assert plain_text_on_disk(home, temp) == []  # and once it is closed


# --- the desktop app against a real ccis-hub ----------------------------------------------

DEADLINE = 60_000  # ms: bounds every wait; no test waits this long when it passes


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Refresh tokens go to a JSON file of this test's, never the real OS keyring."""
    path = tmp_path / "keyring.json"
    previous = keyring.get_keyring()
    monkeypatch.setenv(ENV, str(path))
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    """A real ccis-hub process with the adviser pa1."""
    made = Hub(f"sqlite:///{tmp_path / 'hub.db'}", tmp_path)
    made.add_user("pa1", "adviser", "--team", "North")
    made.start()
    yield made
    made.stop()


class StallingProxy(CuttableProxy):
    """Passes requests on to the hub, but holds the hub's answers back while `answering` is
    clear: a hub (or a network) that has gone slow."""

    def __init__(self, target_port: int) -> None:
        self.answering = threading.Event()
        self.answering.set()
        self.holding = threading.Event()  # an answer is being held back now
        super().__init__(target_port)

    def _before_passing(self, source: socket.socket) -> None:
        if source.getpeername()[1] == self.target_port and not self.answering.is_set():
            self.holding.set()
            self.answering.wait(DEADLINE / 1000)


def test_finding_17_a_note_is_saved_while_the_sync_waits_on_a_stalled_hub(
        qtbot, hub, tmp_path, file_keyring):
    proxy = StallingProxy(hub.port)
    device = make_device(tmp_path, "laptop-a", "pa1", proxy.url)
    person = device.services.people.add_person(given_name="Sam", family_name="Example",
                                               date_of_birth=dt.date(2009, 3, 4), gender="F")
    device.sync()  # signed in once: the refresh token is saved, as after any first sync
    runner = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(2))
    services = Services(device.services.ctx, HubSync(device.store, retry=FAST,
                                                     device_name=device.name))
    ctx = AppContext.create(services, runner)
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = SyncController(ctx, services.hub, parent)
    events: list[str] = []
    controller.finished.connect(lambda _report: events.append("sync finished"))
    controller.failed.connect(lambda exc: events.append(f"sync failed: {type(exc).__name__}"))
    try:
        proxy.answering.clear()  # the hub goes slow
        controller.sync_now()
        assert proxy.holding.wait(DEADLINE / 1000)  # the sync waits for the hub's answer

        # The adviser saves a note, as the contact form does: on the store's worker.
        save = partial(services.contacts.add_contact, person.id,
                       occurred_at=dt.datetime(2026, 11, 20, 10), method="face_to_face",
                       setting="school", discussion="Saved while the hub was slow")
        runner.run(save, on_done=lambda note: events.append("note saved"),
                   on_error=lambda exc: events.append(f"save failed: {type(exc).__name__}"))
        qtbot.waitUntil(lambda: events != [], timeout=DEADLINE)
        assert events == ["note saved"] and controller.running  # the sync is still stalled

        proxy.answering.set()  # the hub answers again
        qtbot.waitUntil(lambda: not controller.running, timeout=DEADLINE)
    finally:
        proxy.answering.set()
        runner.shutdown()
        proxy.close()
        device.close()
    assert events == ["note saved", "sync finished"]
    assert controller.last_report is not None and controller.last_report.pushed == 1
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'contact'") == [(1,)]


def test_finding_18_a_laptop_revoked_at_the_hub_is_erased_by_the_desktop_app_which_says_so(
        qtbot, hub, tmp_path, file_keyring, monkeypatch):
    device = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    device.services.people.add_person(given_name="Sam", family_name="Example",
                                      date_of_birth=dt.date(2009, 3, 4), gender="F")
    device.sync()  # signed in: the refresh token is saved and the person is at the hub
    listed = hub.cli("device", "list", "--user", "pa1").stdout.splitlines()
    [device_id] = [line.split("\t")[0] for line in listed if line.strip()]
    shown: list[tuple[str, str, list[str]]] = []
    wizards: list[Path] = []
    quits: list[int] = []

    def read_and_answer(box: QMessageBox) -> int:
        """The adviser reads the box (a picture is kept) and sets the laptop up again."""
        box.show()
        box.grab().save(str(tmp_path / f"box-{len(shown)}.png"))
        buttons = [b.text().replace("&", "") for b in box.buttons()]
        shown.append((box.text(), box.informativeText(), buttons))
        for button in box.buttons():
            if button.text().replace("&", "").startswith("Set up"):
                button.click()
        box.close()
        return 0

    def open_wizard(wizard: FirstRunWizard) -> int:
        wizards.append(wizard._home)
        return QDialog.DialogCode.Rejected  # the adviser stops here, for now

    monkeypatch.setattr(QMessageBox, "exec", read_and_answer)
    monkeypatch.setattr(FirstRunWizard, "exec", open_wizard)
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(1)))
    runner = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(2))
    session = Session(device.home, runner, device.store)
    try:
        session.show()  # the desktop app, as run_gui opens it, with its start-up sync
        assert session.window is not None
        controller = session.window.sync_controller
        qtbot.waitUntil(lambda: controller.reach == ONLINE and not controller.running,
                        timeout=DEADLINE)
        assert hub.cli("device", "revoke", device_id).returncode == 0  # the laptop is lost

        session.window.sync.sync_action.trigger()  # Sync now (F5): the next sync

        qtbot.waitUntil(lambda: shown != [], timeout=DEADLINE)
    finally:
        runner.shutdown()
        session.close()
    paths = StorePaths(device.home)
    assert not paths.db.exists() and not paths.slots.exists() and not paths.sidecars()[0].exists()
    assert not [k for k in json.loads(file_keyring.read_text()) if k.startswith("paclient-hub")]
    assert session.window is None and session.store is None  # the window closed
    [(title, details, buttons)] = shown
    assert title == "This laptop was revoked, so its records were erased"
    assert str(device.home) in details and "Records already sent to the hub are safe" in details
    assert "set it up again" in details
    assert buttons == ["Set up this laptop again…", "Quit"]
    assert wizards == [device.home] and quits == [1]  # the way forward, then (cancelled) quit
    # Nothing the laptop had sent is lost at the hub.
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'young_person'") == [(1,)]
