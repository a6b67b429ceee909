"""Issue 13, findings 15-16: what a lost or shared laptop gives away on disk. Each test is the
attack: another account on the laptop reading the adviser's files, or someone reading the
disk itself, looking for a young person's name or a note's words."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from paclient import printing
from paclient.services.bundle import open_services, register_adviser
from paclient.services.casework.drafts import draft_key
from paclient.services.demo.build import build_demo, set_demo_letterhead
from paclient.storage.backup import restore, write_backup
from paclient.storage.paths import StorePaths
from paclient.storage.store import Store
from paclient.ui.printing.pages import page_images, print_pdf

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


def plain_text_on_disk(*folders: Path) -> list[tuple[str, str]]:
    """(file, text) for every known text found in clear in any file under `folders`."""
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
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
