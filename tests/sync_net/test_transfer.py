"""A young person transferred to another adviser while this laptop holds unsent changes to
them: the changes reach the hub first, then the local copy leaves this caseload."""

from __future__ import annotations

import datetime as dt

from devices import make_device
from hubproc import HUB_PASSWORD

WHEN = dt.datetime(2026, 11, 20, 10, 0)


def test_unsent_changes_go_first_then_the_transferred_record_leaves(hub, tmp_path, file_keyring):
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
    assert report.rejected == 0 and report.needs_attention == 0
    assert adviser.outbox().get("pending", 0) == 0
    assert leaving.id not in adviser.ids("young_person")  # left the caseload ...
    assert staying.id in adviser.ids("young_person")  # ... and nobody else did
    assert adviser.count("contact", "person_id = :p", p=leaving.id.hex) == 0
    assert report.digest_matched is True

    receiver = make_device(tmp_path, "laptop-pa2", "pa2", hub.url)
    receiver.sync()
    assert receiver.ids("young_person") == {leaving.id}
    [contact] = receiver.services.contacts.timeline(leaving.id)
    assert contact.discussion == "last note before move"  # the unsent note arrived
    assert receiver.services.people.get(leaving.id, audited=False).town == "York"
    for device in (adviser, leader, receiver):
        device.close()
