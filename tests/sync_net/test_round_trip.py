"""An adviser's laptop and their team leader's, with the real hub: what one sends, the other
receives, and the digests agree."""

from __future__ import annotations

import datetime as dt

from devices import make_device

WHEN = dt.datetime(2026, 11, 20, 10, 0)


def add_person(device, given: str = "Sam", family: str = "Example"):
    return device.services.people.add_person(
        given_name=given, family_name=family, date_of_birth=dt.date(2009, 3, 4), gender="F")


def add_note(device, person_id, discussion: str):
    return device.services.contacts.add_contact(
        person_id, occurred_at=WHEN, method="face_to_face", setting="school", discussion=discussion)


def test_a_caseload_pushed_by_an_adviser_arrives_whole_at_the_team_leader(
        hub, tmp_path, file_keyring):
    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    b = make_device(tmp_path, "laptop-tl", "tl1", hub.url)
    person = add_person(a)
    for n in range(3):
        add_note(a, person.id, f"note {n}")

    first = a.sync()
    assert first.pushed == sum(a.outbox().values()) and first.rejected == 0
    assert a.outbox() == {"acknowledged": first.pushed}
    assert first.digest_matched is True

    second = b.sync()
    assert second.digest_matched is True and second.rejected == 0
    assert b.count("contact") == 3 and person.id in b.ids("young_person")
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'contact'") == [(3,)]
    a.close()
    b.close()


def test_cancel_stops_between_chunks_and_the_next_sync_finishes_the_job(
        hub, tmp_path, file_keyring):
    import threading

    a = make_device(tmp_path, "laptop-a", "pa1", hub.url)
    person = add_person(a)
    for n in range(12):
        add_note(a, person.id, f"note {n}")
    waiting = sum(a.outbox().values())
    cancel = threading.Event()
    seen: list[tuple[str, int, int | None]] = []

    def stop_after_first_chunk(phase: str, done: int, total: int | None) -> None:
        seen.append((phase, done, total))
        cancel.set()

    stopped = a.sync(chunk=5, cancel=cancel, progress=stop_after_first_chunk)
    assert stopped.cancelled and stopped.pushed == 5 and seen == [("push", 5, waiting)]
    assert a.outbox() == {"acknowledged": 5, "pending": waiting - 5}
    assert stopped.pulled_pages == 0  # nothing after the cancelled step ran

    finished = a.sync(chunk=5)
    assert not finished.cancelled and finished.pushed == waiting - 5
    assert finished.duplicates == 0 and finished.digest_matched is True
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'contact'") == [(12,)]
    a.close()
