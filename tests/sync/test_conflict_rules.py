"""Issue 14, finding 15: a path that writes a value without a service's checks (resolving a
conflict writes whatever value is chosen) still meets the rules the hub applies, because the
device's ChangeSet applies `ccis.row_rules` to every row it writes."""

from __future__ import annotations

import datetime as dt

import pytest

from ccis.errors import ValidationErrors
from paclient.models import YoungPerson, new_id
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)


def _conflicted(services, wire, field, device, hub):
    """A person whose change of `field` came back from the hub as a conflict."""
    person = services.people.add_person(given_name="Ria", family_name="Conflict",
                                        date_of_birth=dt.date(2009, 3, 14), gender="F")
    services.people.update_person(person.id, **{field: device})
    with services.ctx.read() as session:
        insert, update = [c for c in outbox.pending(session) if c.row_id == person.id]
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(insert.change_id, "applied", rev=700),
                              wire.result(update.change_id, "conflict", rev=702, conflicts=[
                                  {"conflict_id": str(new_id()), "field": field,
                                   "device_value": str(device), "hub_value": hub,
                                   "hub_rev": 701}])])
    return person.id


def _refused(services, conflict_id, value) -> set[tuple[str, str]]:
    with pytest.raises(ValidationErrors) as caught:
        services.conflicts.resolve(conflict_id, value)
    return {(e.field, e.rule) for e in caught.value.errors}


def test_a_chosen_young_persons_id_must_be_13_digits(services, wire):
    person = _conflicted(services, wire, field="ccis_id", device="4440000000001",
                         hub="4440000000002")
    (open_,) = services.conflicts.open_conflicts(person)
    assert _refused(services, open_.id, "abc") == {("ccis_id", "row_rule")}
    assert services.conflicts.open_conflicts(person) == [open_]
    services.conflicts.resolve(open_.id, "4440000000002")
    with services.ctx.read() as session:
        assert session.get(YoungPerson, person).ccis_id == "4440000000002"


def test_a_chosen_leaver_date_past_the_devices_day_is_refused(services, wire):
    person = _conflicted(services, wire, field="leaver_notified_on", device=TODAY,
                         hub=TODAY.isoformat())
    (open_,) = services.conflicts.open_conflicts(person)
    later = (TODAY + 2 * DAY).isoformat()  # the hub's rule: a day's slack for time zones
    assert _refused(services, open_.id, later) == {("leaver_notified_on", "row_rule")}
    services.conflicts.resolve(open_.id, (TODAY - DAY).isoformat())


def test_a_chosen_date_of_birth_below_year_9_is_refused(services, wire):
    person = _conflicted(services, wire, field="date_of_birth", device=dt.date(2009, 3, 15),
                         hub="2009-03-16")
    (open_,) = services.conflicts.open_conflicts(person)
    assert _refused(services, open_.id, "2015-01-01") == {("date_of_birth", "row_rule")}
    services.conflicts.resolve(open_.id, "2009-03-16")
