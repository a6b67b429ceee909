"""The person rules in the new-person form and the Details tab's forms: each refusal is shown
beside its field, on the rule's boundary day (the tests' today is 22/11/2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from paclient.ui.forms import set_date
from paclient.ui.people.new_person import NewPersonDialog
from paclient.ui.person.details_tab import DetailsTab

D = dt.date
TODAY = D(2026, 11, 22)


def new_person(qtbot, app_ctx, dob: dt.date) -> NewPersonDialog:
    form = NewPersonDialog(app_ctx, None)
    qtbot.addWidget(form)
    form.show()
    form.text["given_name"].setText("Rhys")
    form.text["family_name"].setText("Bounds")
    set_date(form.date_of_birth, dob)
    form.gender.setEditText("Male")
    return form


def people(app_ctx) -> list[str]:
    return [r.family_name for r in app_ctx.services.caseload.rows()]


def test_the_new_person_form_refuses_a_20th_birthday_today_and_says_the_rule(qtbot, app_ctx):
    form = new_person(qtbot, app_ctx, D(2006, 11, 22))
    form.accept()
    said = form.error_text("date_of_birth")
    assert said.startswith("gives an age of 20 or over") and "cohort status L" in said
    assert "must be Y" not in said and form.error_text("send") == ""
    assert people(app_ctx) == []
    set_date(form.date_of_birth, D(2006, 11, 23))
    form.accept()
    assert not form.isVisible() and people(app_ctx) == ["Bounds"]


def test_the_new_person_form_refuses_year_8(qtbot, app_ctx):
    form = new_person(qtbot, app_ctx, D(2013, 9, 1))
    form.accept()
    assert "Year 9" in form.error_text("date_of_birth") and people(app_ctx) == []
    set_date(form.date_of_birth, D(2013, 8, 31))
    form.accept()
    assert not form.isVisible() and people(app_ctx) == ["Bounds"]


@pytest.fixture
def tab(qtbot, app_ctx):
    services = app_ctx.services
    person = services.intake.add_person(
        {"given_name": "Nia", "family_name": "Rules", "date_of_birth": D(2008, 10, 1),
         "gender": "F", "send": True},
        {"code": "280", "start_date": D(2026, 9, 7), "date_ascertained": D(2026, 9, 7)})
    services.safeguarding.add_characteristic(person.id, code="180", start_date=D(2026, 6, 1))
    made = DetailsTab(app_ctx, person.id)
    qtbot.addWidget(made)
    made.show()
    return made


def test_gender_m_is_refused_beside_gender_while_pregnancy_is_current(tab):
    form = tab.edit("identity")
    form.inputs["gender"].setEditText("Male")
    form.accept()
    assert form.error_text("gender").startswith("cannot be M while characteristic 180")
    assert form.isVisible() and tab.values["gender"].text() == "Female (F)"


def test_send_unticked_is_refused_beside_it_while_280_is_current(tab):
    form = tab.edit("support")
    form.inputs["send"].setChecked(False)
    form.accept()
    assert "only for young people with SEND" in form.error_text("send")
    assert tab.values["send"].text() == "Yes"


def test_an_assessment_date_after_today_is_refused_beside_it(tab):
    form = tab.edit("support")
    set_date(form.inputs["lda_completed_on"], TODAY + dt.timedelta(days=1))
    form.accept()
    assert form.error_text("lda_completed_on") == "cannot be in the future"
    set_date(form.inputs["lda_completed_on"], TODAY)
    form.accept()
    assert not form.isVisible() and tab.values["lda_completed_on"].text() == "22/11/2026"
