"""The issue's scenario: one adviser edits the same young person offline on two laptops, syncs
both, resolves the conflict on one, syncs both again, and both laptops agree. The same again
with the second laptop being the adviser's team leader's, who reaches the same record."""

from __future__ import annotations

import datetime as dt

import pytest
from devices import make_device
from hubproc import HUB_PASSWORD

WHEN = dt.datetime(2026, 11, 20, 10, 0)


def note(laptop, person_id, text: str) -> None:
    laptop.services.contacts.add_contact(person_id, occurred_at=WHEN, method="face_to_face",
                                         setting="school", discussion=text)


def person_values(laptop, person_id) -> dict[str, object]:
    record = laptop.services.people.get(person_id, audited=False)
    return {name: getattr(record, name) for name in ("preferred_name", "phone", "town")}


def notes(laptop, person_id) -> set[str]:
    return {c.discussion for c in laptop.services.contacts.timeline(person_id)
            if hasattr(c, "discussion")}


@pytest.mark.parametrize("second_user", ["pa1", "tl1"])
def test_edits_on_two_laptops_merge_conflict_and_converge(hub, tmp_path, file_keyring,
                                                          second_user):
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-b", second_user, hub.url)
    person = a.services.people.add_person(given_name="Sam", family_name="Example",
                                          date_of_birth=dt.date(2009, 3, 4), gender="F")
    note(a, person.id, "first meeting")
    assert a.sync().rejected == 0
    assert b.sync().rejected == 0
    assert notes(b, person.id) == {"first meeting"}

    # Offline on both: one field each, one field on both, notes on both.
    a.services.people.update_person(person.id, phone="07700 900123", preferred_name="Sammy")
    b.services.people.update_person(person.id, town="Leeds", preferred_name="Sam E")
    note(a, person.id, "written on laptop a")
    note(b, person.id, "written on laptop b")
    note(b, person.id, "another on laptop b")

    assert a.sync().conflicts_opened == 0
    second = b.sync()
    assert second.conflicts_opened == 1 and second.open_conflicts == 1
    assert a.sync().open_conflicts == 0  # a's value went first: no conflict on a

    with b.client() as client:
        client.connect(second_user, "laptop-b", lambda: HUB_PASSWORD)
        [at_hub] = client.conflicts()
    assert at_hub["field"] == "preferred_name"
    assert {at_hub["device_value"], at_hub["hub_value"]} == {"Sammy", "Sam E"}  # both kept
    merged = {"preferred_name": "Sammy", "phone": person_values(a, person.id)["phone"],
              "town": "Leeds"}
    assert person_values(a, person.id) == person_values(b, person.id) == merged
    everything = {"first meeting", "written on laptop a", "written on laptop b",
                  "another on laptop b"}
    assert notes(a, person.id) == notes(b, person.id) == everything

    conflicts = b.services.conflicts
    [local] = conflicts.open_conflicts()
    conflicts.resolve(local.id, "Sam E")
    assert b.sync().open_conflicts == 0
    last = a.sync()
    assert last.open_conflicts == 0 and last.digest_matched is True
    assert person_values(a, person.id)["preferred_name"] == "Sam E"
    assert person_values(a, person.id) == person_values(b, person.id)
    with b.client() as client:
        client.connect(second_user, "laptop-b", lambda: HUB_PASSWORD)
        assert client.conflicts() == []
    a.close()
    b.close()
