"""Cohort import applies the person rules of the form: the age bounds on each new person, and
on each update the rules re-checked against what is current on the matched record."""

from __future__ import annotations

import datetime as dt

import pytest
from cohort_rows import make_upn, person, write_csv

from paclient.services.bundle import open_services
from paclient.services.people.cohort_import import CohortImporter, ImportReport

D = dt.date
DAY = dt.timedelta(days=1)


def where(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.rule) for e in report.errors]


@pytest.fixture
def importer(services) -> CohortImporter:
    return CohortImporter(services.ctx)


@pytest.mark.parametrize(("dob", "send", "rule"), [
    ("22/11/2006", "N", "past_age_out"), ("23/11/2006", "N", None),  # 20th birthday today
    ("22/11/2000", "Y", "past_age_out"), ("23/11/2000", "Y", None),  # 26th with SEND
    ("01/09/2013", "N", "below_cohort_age"), ("31/08/2013", "N", None)])  # Year 8 / Year 9
def test_new_people_are_held_to_the_caseload_ages(importer, tmp_path, dob, send, rule):
    report = importer.run(write_csv(tmp_path, [person(1, date_of_birth=dob, send=send)]))
    assert where(report) == ([(2, "date_of_birth", rule)] if rule else [])
    assert report.created == (0 if rule else 1)


def test_send_n_is_refused_while_a_send_only_activity_is_current(importer, services,
                                                                 tmp_path):
    on_record = services.intake.add_person(
        {"upn": make_upn(1), "given_name": "Amira", "family_name": "Send",
         "date_of_birth": D(2008, 10, 1), "gender": "F", "send": True},
        {"code": "280", "start_date": D(2026, 9, 7), "date_ascertained": D(2026, 9, 7)})
    report = importer.run(write_csv(tmp_path, [person(1, given_name="Amira",
                                                      family_name="Send",
                                                      date_of_birth="01/10/2008", send="N")]))
    assert where(report) == [(2, "send", "send_only_activity")]
    assert services.people.get(on_record.id, audited=False).send is True


def test_a_date_of_birth_change_is_checked_against_the_current_activity(importer, services,
                                                                        tmp_path):
    services.intake.add_person(
        {"upn": make_upn(1), "given_name": "Ben", "family_name": "Dates",
         "date_of_birth": D(2010, 8, 31), "gender": "M"},
        {"code": "230", "start_date": D(2026, 9, 7), "date_ascertained": D(2026, 9, 7)})
    row = person(1, given_name="Ben", family_name="Dates", gender="M")
    refused = importer.run(write_csv(tmp_path, [{**row, "date_of_birth": "01/09/2010"}]))
    assert where(refused) == [(2, "date_of_birth", "activity_age")]  # Year 11 on the start


def test_an_update_of_a_person_with_status_l_and_send_n_is_accepted(importer, store,
                                                                    services, tmp_path):
    earlier = open_services(store, today=lambda: D(2026, 11, 21))
    twenty = earlier.people.add_person(upn=make_upn(1), given_name="Ewa", family_name="Ceased",
                                       date_of_birth=D(2006, 11, 22), gender="F", send=True)
    services.people.update_person(twenty.id, send=False, cohort_status="L")
    row = person(1, given_name="Ewa", family_name="Ceased", date_of_birth="22/11/2006",
                 gender="F", send="N", town="Leeds")
    report = importer.run(write_csv(tmp_path, [row]))
    assert (report.errors, report.updated) == ([], 1)
    updated = services.people.get(twenty.id, audited=False)
    assert (updated.town, updated.send, updated.cohort_status) == ("Leeds", False, "L")
