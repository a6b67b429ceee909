"""Issue 13, edits lost without a word: two real laptops (encrypted stores) and a real
`ccis-hub serve` on 127.0.0.1. Each scenario ends with both values visible as a conflict, on the
hub and on the laptop, and nothing silently dropped."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest
from devices import make_device, reopen
from hubproc import HERE, HUB_PASSWORD

from ccis.errors import ValidationError
from paclient.models import Contact
from paclient.services.bundle import open_services
from paclient.services.writing import ChangeSet

WHEN = dt.datetime(2026, 11, 20, 10, 0)


def _person(laptop, **extra):
    return laptop.services.people.add_person(**{
        "given_name": "Sam", "family_name": "Example", "date_of_birth": dt.date(2009, 3, 4),
        "gender": "F", **extra})


def _note(laptop, person_id):
    return laptop.services.contacts.add_contact(
        person_id, occurred_at=WHEN, method="face_to_face", setting="school",
        discussion="First words.", agreed="Apply to college.")


def _on_the_day(laptop, note):
    """The laptop's services on the day the note was written (corrections are same-day)."""
    return open_services(laptop.store, today=lambda: note.written_on)


def _hub_conflicts(laptop):
    with laptop.client() as client:
        client.connect(laptop.username, laptop.name, lambda: HUB_PASSWORD)
        return client.conflicts()


def _local(laptop, field):
    return [(c.device_value, c.hub_value) for c in laptop.services.conflicts.open_conflicts()
            if c.field == field]


def test_finding_11_a_same_day_correction_on_two_laptops_is_a_conflict(
        hub, tmp_path, file_keyring):
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-b", "pa1", hub.url)
    person = _person(a)
    note = _note(a, person.id)
    a.sync()
    b.sync()
    _on_the_day(a, note).contacts.correct_same_day(note.id, agreed="Agreed on laptop A.")
    _on_the_day(b, note).contacts.correct_same_day(note.id, agreed="Agreed on laptop B.")

    assert a.sync().conflicts_opened == 0
    second = b.sync()
    assert second.conflicts_opened == 1 and second.rejected == 0
    [at_hub] = _hub_conflicts(b)
    assert (at_hub["field"], at_hub["device_value"], at_hub["hub_value"]) == (
        "agreed", "Agreed on laptop B.", "Agreed on laptop A.")
    assert _local(b, "agreed") == [("Agreed on laptop B.", "Agreed on laptop A.")]
    a.sync()
    assert a.services.contacts.contact(note.id).agreed == "Agreed on laptop A."  # kept
    a.close()
    b.close()


def test_finding_12_a_delete_from_an_older_revision_is_a_conflict(
        hub, tmp_path, file_keyring):
    """Laptop b deletes a note (a tombstone, as the store writes one) from before laptop a's
    correction of it: the hub keeps the corrected note and both laptops see the conflict."""
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-b", "tl1", hub.url)
    person = _person(a)
    note = _note(a, person.id)
    a.sync()
    b.sync()
    _on_the_day(a, note).contacts.correct_same_day(note.id, agreed="Corrected on laptop A.")
    assert a.sync().rejected == 0
    with b.store.write.begin() as session:  # b has not pulled the correction
        old = session.get(Contact, note.id)
        changes = ChangeSet(session, "tl1")
        changes.update(Contact, note.id, {"deleted_at": dt.datetime(2026, 11, 22, 12, 0)},
                       old.rev)
        changes.flush()

    report = b.sync()
    assert report.conflicts_opened == 1 and report.rejected == 0
    [at_hub] = _hub_conflicts(b)
    assert (at_hub["field"], at_hub["hub_value"]) == ("deleted_at", None)
    assert at_hub["device_value"].startswith("2026-11-22T12:00")
    assert [hub for _, hub in _local(b, "deleted_at")] == [None]
    assert b.services.contacts.contact(note.id).agreed == "Corrected on laptop A."  # back
    a.sync()
    assert a.services.contacts.contact(note.id).agreed == "Corrected on laptop A."
    a.close()
    b.close()


def test_finding_13_an_edit_after_a_sync_cancelled_past_its_push_is_a_conflict(
        hub, tmp_path, file_keyring):
    """Laptop a's push is answered `merged` (b changed the phone meanwhile) and the sync is
    cancelled before its pull; a then edits the phone it never saw change: a conflict, not a
    silent overwrite of b's number."""
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-b", "tl1", hub.url)
    person = _person(a)
    a.sync()
    b.sync()
    b.services.people.update_person(person.id, phone="07700 900222")
    assert b.sync().rejected == 0
    a.services.people.update_person(person.id, town="Leeds")
    cancel = threading.Event()

    def cancel_after_push(phase: str, _done: int, _total: int | None) -> None:
        if phase == "push":
            cancel.set()

    assert a.sync(progress=cancel_after_push, cancel=cancel).cancelled
    a.services.people.update_person(person.id, phone="07700 900111")

    report = a.sync()
    assert report.conflicts_opened == 1 and report.rejected == 0
    [at_hub] = _hub_conflicts(a)
    assert (at_hub["field"], at_hub["device_value"], at_hub["hub_value"]) == (
        "phone", "07700 900111", "07700 900222")
    assert _local(a, "phone") == [("07700 900111", "07700 900222")]
    b.sync()
    assert b.services.people.get(person.id, audited=False).phone == "07700 900222"
    assert b.services.people.get(person.id, audited=False).town == "Leeds"
    a.close()
    b.close()


def test_finding_13_a_conflict_whose_answer_was_lost_still_surfaces(
        hub, tmp_path, file_keyring):
    """The hub answered a conflict, but the laptop was stopped before it recorded the answer:
    the next sync's replay brings the conflict back before the pull shows the hub's value."""
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-b", "tl1", hub.url)
    person = _person(a)
    a.sync()
    b.sync()
    b.services.people.update_person(person.id, phone="07700 900222")
    b.sync()
    a.services.people.update_person(person.id, phone="07700 900111")
    a.close()
    script = subprocess.Popen(
        [sys.executable, str(HERE / "push_and_stall.py"), str(a.home), hub.url, "pa1", "500"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.environ["PYTHONPATH"]})
    assert script.stdout is not None
    assert script.stdout.readline().startswith("PUSHED"), script.stderr.read() if \
        script.stderr else ""
    os.kill(script.pid, signal.SIGKILL)
    script.wait(timeout=30)

    a = reopen(a)
    report = a.sync()
    assert report.duplicates >= 1 and report.conflicts_opened == 1
    assert _local(a, "phone") == [("07700 900111", "07700 900222")]
    assert len(_hub_conflicts(a)) == 1
    a.close()
    b.close()


def test_finding_14_duplicate_ccis_ids_from_release_0_1_never_stop_a_sync(
        hub, tmp_path, file_keyring):
    one = make_device(tmp_path, "laptop-pa1", "pa1", hub.url)
    two = make_device(tmp_path, "laptop-pa2", "pa2", hub.url)
    first = _person(one, ccis_id="4440000000123")
    second = _person(two, ccis_id="4440000000456")
    one.sync()
    two.sync()
    refused = _person(two, ccis_id="4440000000123", family_name="Other")  # not `second`
    report = two.sync()
    assert report.rejected == 1
    [item] = two.services.sync.attention()
    assert "4440000000123" in item.reason and item.person_id == refused.id
    # Release 0.1 took such a record: the hub holds two people with one CCIS id.
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=30) as connection:
        connection.execute("UPDATE record SET fields = json_set(fields, '$.ccis_id', ?) "
                           "WHERE row_id = ?", ("4440000000123", second.id.hex))
    leader = make_device(tmp_path, "laptop-tl1", "tl1", hub.url)
    for _ in range(2):
        synced = leader.sync()
        assert synced.digest_matched is True
    assert leader.ids("young_person") == {first.id, second.id}
    [(mine, held)] = _local(leader, "ccis_id")
    assert (mine, held) == (None, "4440000000123")
    [conflict] = leader.services.conflicts.open_conflicts()
    with pytest.raises(ValidationError):
        leader.services.conflicts.resolve(conflict.id, "4440000000123")
    for device in (one, two, leader):
        device.close()
