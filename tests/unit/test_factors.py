"""The assessment factors as reference data an administrator edits: added, renamed, retired
(kept on old assessments, refused on new ones), deleted only when unused and added here; kept
in the store across restarts; only for the administrator the hub named at sign-in."""

from __future__ import annotations

import datetime as dt

import pytest

from ccis import catalogue
from ccis.codes import load_codebook
from ccis.errors import ValidationErrors
from ccis.row_rules import value_problem
from paclient.services.bundle import Services, open_services
from paclient.services.casework.factors import offered
from paclient.services.people.records import PersonRecord
from paclient.storage import store_settings

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Orla", family_name="Quill",
                                      date_of_birth=dt.date(2010, 3, 1), gender="F")


@pytest.fixture
def admin(services: Services) -> Services:
    """The services of a laptop whose last sign-in was by an administrator."""
    with services.ctx.write.begin() as session:
        store_settings.put(session, store_settings.HUB_ROLE, "admin")
    return services


def rules_broken(caught: pytest.ExceptionInfo[ValidationErrors]) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in caught.value.errors}


def codes(services: Services) -> list[str]:
    return [entry.code for entry in offered(services.codebook)]


def test_only_an_administrator_edits_the_list(services):
    for role in (None, "adviser", "team_leader"):
        with services.ctx.write.begin() as session:
            store_settings.put(session, store_settings.HUB_ROLE, role)
        with pytest.raises(ValidationErrors) as caught:
            services.factors.add(label="Gambling", area="personal")
        assert rules_broken(caught) == {("role", "admin_only")}
        assert "administrator" in caught.value.errors[0].message

    with services.ctx.write.begin() as session:
        store_settings.put(session, store_settings.HUB_ROLE, "admin")
    assert services.factors.add(label="Gambling", area="personal").code == "la_gambling"


def test_an_added_factor_is_offered_and_rated(admin, person):
    added = admin.factors.add(label="Online safety", area="personal", sensitive=True)

    assessment = admin.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                               factors={added.code: (2, "")})

    assert codes(admin)[-1] == "la_online_safety"
    assert [(f.factor, f.sensitive) for f in assessment.factors] == [("la_online_safety", True)]
    assert admin.codebook.label("assessment_factor", added.code) == "Online safety"


def test_a_renamed_factor_shows_its_new_label_on_old_assessments(admin, person):
    admin.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                  factors={"housing": (1, "")})

    renamed = admin.factors.rename("housing", "Housing and homelessness")

    assert renamed.label == "Housing and homelessness" and not renamed.added
    assert admin.codebook.label("assessment_factor", "housing") == "Housing and homelessness"
    assert [f.label for f in admin.factors.factors() if f.code == "housing"] == [
        "Housing and homelessness"]


def test_a_retired_factor_stays_on_old_assessments_but_not_on_new_ones(admin, person):
    old = admin.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                        factors={"community": (1, "")})

    retired = admin.factors.retire("community")
    with pytest.raises(ValidationErrors) as caught:
        admin.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                      factors={"community": (1, "")})

    assert retired.retired and "community" not in codes(admin)
    assert rules_broken(caught) == {("factors.community", "factor_retired")}
    assert admin.plans.assessments(person.id)[0].factors == old.factors
    assert admin.codebook.label("assessment_factor", "community") == \
        "Community and social networks"
    assert [f.in_use for f in admin.factors.factors() if f.code == "community"] == [1]
    admin.factors.reinstate("community")
    assert "community" in codes(admin)


def test_a_factor_is_deleted_only_when_added_here_and_unused(admin, person):
    used = admin.factors.add(label="Gambling", area="personal")
    unused = admin.factors.add(label="Gamblng", area="personal")  # a typo
    admin.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                  factors={used.code: (1, "")})

    with pytest.raises(ValidationErrors) as in_use:
        admin.factors.delete(used.code)
    with pytest.raises(ValidationErrors) as shipped:
        admin.factors.delete("housing")
    admin.factors.delete(unused.code)

    assert rules_broken(in_use) == {("code", "factor_in_use")}
    assert "used on 1 assessment(s)" in in_use.value.errors[0].message
    assert rules_broken(shipped) == {("code", "factor_shipped")}
    assert unused.code not in codes(admin) and used.code in codes(admin)


def test_labels_are_unique_and_areas_known(admin):
    with pytest.raises(ValidationErrors) as caught:
        admin.factors.add(label=" housing ", area="school")

    assert rules_broken(caught) == {("label", "factor_label_taken"), ("area", "factor_area")}


def test_the_edited_list_is_kept_in_the_store(admin, store):
    admin.factors.add(label="Gambling", area="personal")
    admin.factors.retire("caring")

    reopened = open_services(store, today=lambda: TODAY)

    assert "la_gambling" in codes(reopened) and "caring" not in codes(reopened)
    assert load_codebook().entry("assessment_factor", "la_gambling") is None  # shipped: as was


def test_the_hub_accepts_an_added_factor_by_the_shape_of_its_code():
    field = catalogue.TABLES["assessment_factor"].fields["factor"]
    book = load_codebook()

    assert value_problem(field, "la_gambling", book) is None
    assert value_problem(field, "housing", book) is None
    assert value_problem(field, "gambling", book) is not None
    assert value_problem(field, "la_", book) is not None


def test_a_factor_added_on_another_laptop_shows_but_is_not_accepted(services, person):
    # its rows arrive by sync before the authority's list reaches this laptop
    assert services.codebook.label("assessment_factor", "la_online_safety") == "Online safety"
    with pytest.raises(ValidationErrors) as caught:
        services.plans.record_assessment(person.id, assessed_on=TODAY, level_of_need=2,
                                         factors={"la_online_safety": (1, "")})

    assert rules_broken(caught) == {("factors.la_online_safety", "assessment_factor_code")}
    assert "la_online_safety" not in codes(services)
