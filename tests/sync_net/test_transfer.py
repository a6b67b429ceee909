"""A young person transferred to another adviser while this laptop holds unsent changes to
them: the hub refuses them (the former owner no longer reaches the record, issue 13 finding 4),
the laptop keeps them as needing attention and holds the record until the adviser discards
them; then the local copy leaves this caseload."""

from __future__ import annotations

import datetime as dt

from devices import make_device
from hubproc import HUB_PASSWORD

WHEN = dt.datetime(2026, 11, 20, 10, 0)


def test_unsent_changes_after_a_transfer_need_attention_then_the_record_leaves(
        hub, tmp_path, file_keyring):
    adviser = make_device(tmp_path, "laptop-pa1", "pa1", hub.url)
    staying = adviser.services.people.add_person(
        given_name="Alex", family_name="Stays", date_of_birth=dt.date(2009, 1, 2), gender="M")
    leaving = adviser.services.people.add_person(
        given_name="Jo", family_name="Leaves", date_of_birth=dt.date(2008, 5, 6), gender="F")
    adviser.sync()

    # Offline: a note and an edit about Jo; meanwhile the team leader moves Jo to pa2.
    adviser.services.contacts.add_contact(leaving.id, occurred_at=WHEN, method="face_to_face",
                                          setting="school", discussion="last note before move")
    adviser.services.people.update_person(leaving.id, town="York")
    leader = make_device(tmp_path, "laptop-tl1", "tl1", hub.url)
    with leader.client() as client:
        client.connect("tl1", "laptop-tl1", lambda: HUB_PASSWORD)
        client.transfer(str(leaving.id), to_user="pa2")

    report = adviser.sync()
    assert report.rejected == 2 and report.needs_attention == 2 and report.held_exits == 1
    attention = adviser.services.sync.attention()
    assert {item.person_id for item in attention} == {leaving.id}
    assert all("caseload" in item.reason for item in attention)
    assert leaving.id in adviser.ids("young_person")  # held while its changes wait
    for item in attention:
        adviser.services.sync.discard(item.change_id)
    settled = adviser.sync()
    assert settled.needs_attention == 0 and settled.digest_matched is True
    assert leaving.id not in adviser.ids("young_person")  # left the caseload ...
    assert staying.id in adviser.ids("young_person")  # ... and nobody else did
    assert adviser.count("contact", "person_id = :p", p=leaving.id.hex) == 0

    receiver = make_device(tmp_path, "laptop-pa2", "pa2", hub.url)
    receiver.sync()
    assert receiver.ids("young_person") == {leaving.id}
    assert receiver.services.contacts.timeline(leaving.id) == []  # refused, never written
    assert receiver.services.people.get(leaving.id, audited=False).town is None
    for device in (adviser, leader, receiver):
        device.close()
