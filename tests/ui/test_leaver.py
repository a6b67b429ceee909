"""Leaver notices and new NEETs, driven through their forms: each puts the young person on
the work list that makes sure they are contacted (and a NEET on the NEET list)."""

from __future__ import annotations

import datetime as dt

import pytest

from paclient.ui.forms import set_date
from paclient.ui.people.leaver import LeaverDialog, NeetDialog, new_person_then_leaver

NOTIFIED = dt.date(2026, 11, 2)  # three weeks before the tests' today: contact is overdue



@pytest.fixture
def person(app_ctx):
    services = app_ctx.services
    person = services.people.add_person(given_name="Lou", family_name="Leaver",
                                        date_of_birth=dt.date(2008, 10, 1), gender="F").id
    services.activities.record_activity(person, code="230", start_date=dt.date(2025, 9, 8),
                                        date_ascertained=dt.date(2025, 9, 8),
                                        provider_name="Riverside College")
    return person


def listed(app_ctx, name: str) -> set:
    return {row.id for row in app_ctx.services.caseload.worklist(name)}


def open_form(qtbot, form):
    qtbot.addWidget(form)
    form.show()
    return form


def test_a_leaver_notice_puts_the_person_on_the_leavers_not_contacted_list(qtbot, app_ctx,
                                                                            person):
    form = open_form(qtbot, LeaverDialog(app_ctx, person))
    assert "Lou Leaver" in form.situation.text()
    assert "230 Full-time education, further education at Riverside College" in \
        form.situation.text()
    assert form.code.currentText().startswith("810 ")  # not known until they are contacted
    assert person not in listed(app_ctx, "leaver-not-contacted")

    set_date(form.notified_on, NOTIFIED)
    set_date(form.left_on, dt.date(2026, 10, 30))
    form.accept()

    assert not form.isVisible()
    assert person in listed(app_ctx, "leaver-not-contacted")
    [row] = app_ctx.services.caseload.worklist("leaver-not-contacted")
    assert row.detail == "leaver notified 02/11/2026, not contacted"
    current = app_ctx.services.activities.current(person)
    assert (current.code, current.start_date, current.date_ascertained) == (
        "810", dt.date(2026, 10, 30), NOTIFIED)


def test_a_leaver_who_left_after_the_notice_is_refused_beside_the_date(qtbot, app_ctx,
                                                                       person):
    form = open_form(qtbot, LeaverDialog(app_ctx, person))
    set_date(form.notified_on, NOTIFIED)
    set_date(form.left_on, dt.date(2026, 11, 3))
    form.accept()

    assert "cannot be after" in form.error_text("start_date") and form.isVisible()
    assert app_ctx.services.people.get(person, audited=False).leaver_notified_on is None
    assert person not in listed(app_ctx, "leaver-not-contacted")


def test_a_leaver_now_neet_is_on_both_lists(qtbot, app_ctx, person):
    form = open_form(qtbot, LeaverDialog(app_ctx, person))
    set_date(form.notified_on, NOTIFIED)
    set_date(form.left_on, dt.date(2026, 10, 30))
    form.code.setEditText("619 Seeking employment, education or training")
    form.accept()

    assert person in listed(app_ctx, "neet") & listed(app_ctx, "leaver-not-contacted")
    assert app_ctx.services.activities.current(person).neet_start_date == dt.date(2026, 10, 30)


def test_a_new_neet_lands_on_the_neet_list_and_when_overdue_on_the_contact_list(
        qtbot, app_ctx, person):
    form = open_form(qtbot, NeetDialog(app_ctx, person))
    codes = [form.code.itemData(i) for i in range(form.code.count())]
    assert "619" in codes and "230" not in codes and "810" not in codes
    assert form.code.currentText().startswith("619 ")
    set_date(form.start_date, dt.date(2026, 10, 8))
    set_date(form.date_ascertained, dt.date(2026, 10, 9))
    form.accept()

    assert not form.isVisible()
    assert person in listed(app_ctx, "neet") & listed(app_ctx, "leaver-not-contacted")
    assert [r.detail for r in app_ctx.services.caseload.worklist("leaver-not-contacted")] == [
        "NEET since 08/10/2026, not contacted"]


def test_a_neet_form_refuses_other_codes_and_keeps_a_neet_spell_going(qtbot, app_ctx,
                                                                      person):
    app_ctx.services.activities.record_activity(
        person, code="619", start_date=dt.date(2026, 9, 1), date_ascertained=dt.date(2026, 9, 1),
        neet_start_date=dt.date(2026, 8, 20))
    form = open_form(qtbot, NeetDialog(app_ctx, person))
    assert form.neet_start_date.text() == "20/08/2026"  # one NEET activity after another
    form.code.setEditText("230")
    form.accept()
    assert "NEET activity" in form.error_text("code") and form.isVisible()

    form.code.setEditText("610 Not yet ready for work or learning")
    form.accept()

    current = app_ctx.services.activities.current(person)
    assert (current.code, current.neet_start_date) == ("610", dt.date(2026, 8, 20))


def test_someone_new_is_added_first_then_their_leaver_notice_recorded(qtbot, app_ctx):
    first = new_person_then_leaver(app_ctx)
    qtbot.addWidget(first)
    first.show()
    for name, value in (("given_name", "Kit"), ("family_name", "Arrival")):
        first.text[name].setText(value)
    set_date(first.date_of_birth, dt.date(2009, 12, 1))
    first.accept()

    leaver = first.follow_up
    assert isinstance(leaver, LeaverDialog) and leaver.isVisible()
    qtbot.addWidget(leaver)
    assert "Kit Arrival" in leaver.situation.text()
    set_date(leaver.notified_on, NOTIFIED)
    set_date(leaver.left_on, NOTIFIED)
    leaver.accept()

    [row] = app_ctx.services.caseload.worklist("leaver-not-contacted")
    assert (row.given_name, row.family_name) == ("Kit", "Arrival")
