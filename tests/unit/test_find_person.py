"""Finding one young person from what the command line shows or the adviser types."""

from __future__ import annotations

import pytest

from ccis.identifiers import upn_check_letter
from paclient.errors import AmbiguousKey, DuplicatePerson, NotFound
from paclient.services.demo.build import build_demo


@pytest.fixture
def people(services):
    build_demo(services.ctx, people=30, seed=3, contacts_per_person=0)
    return services.caseload.rows()


def test_the_short_id_shown_finds_exactly_that_person(services, people):
    for row in people:
        assert services.people.find(row.id.hex[-8:]).id == row.id
        assert services.people.find(str(row.id)).id == row.id


def test_a_start_shared_by_people_added_together_is_ambiguous_not_a_guess(services, people):
    shared = people[0].id.hex[:8]  # time-ordered ids: people added together share it
    assert sum(row.id.hex.startswith(shared) for row in people) > 1
    with pytest.raises(AmbiguousKey) as raised:
        services.people.find(shared)
    assert "give more of the id" in raised.value.sentence()


def test_an_unknown_key_is_not_found(services, people):
    with pytest.raises(NotFound):
        services.people.find("deadbeef")


def test_a_upn_keeps_finding_its_one_person(services, people):
    """Issue 14, finding 4: a second person with the UPN is refused, so look-ups still work."""
    body = "886400120777"
    upn = upn_check_letter(body) + body
    first, second = people[0].id, people[1].id
    services.people.update_person(first, upn=upn)

    with pytest.raises(DuplicatePerson) as refused:
        services.people.update_person(second, upn=upn.lower())

    assert refused.value.person_id == first
    assert services.people.find(upn).id == first
    assert services.people.get(second, audited=False).upn != upn
