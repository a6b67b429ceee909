"""The record's activity tab: history with its currency dates, the new-activity form's lapse
preview, the intended destination and the September Guarantee, each driven through widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QFormLayout, QMessageBox

from paclient.ui.forms import choose, set_date
from paclient.ui.person.activity_tab import ActivityTab

D = dt.date


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    """A refusal must land beside its field: an error box would fail the test (not hang it)."""
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: boxes.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()))
    yield
    assert boxes == []


@pytest.fixture
def person(app_ctx):
    """A Year 12 young person (born March 2010; today is 22/11/2026) with two activities."""
    services = app_ctx.services
    person = services.people.add_person(given_name="Ada", family_name="Tab",
                                        date_of_birth=D(2010, 3, 4), gender="F")
    services.activities.record_activity(
        person.id, code="230", start_date=D(2026, 9, 1), date_ascertained=D(2026, 9, 5),
        predicted_end_date=D(2027, 7, 15), provider_name="Dunmere College")
    services.activities.record_activity(
        person.id, code="619", start_date=D(2026, 11, 1), date_ascertained=D(2026, 11, 2),
        neet_start_date=D(2026, 11, 1))
    return person.id


@pytest.fixture
def tab(qtbot, app_ctx, person):
    shown = ActivityTab(app_ctx, person)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def cells(table, row):
    model = table.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_history_marks_the_current_activity_with_its_currency_dates(tab):
    assert tab.history.model().rowCount() == 2
    assert cells(tab.history, 0) == ["Current", "619 Seeking employment, education or training",
                                     "01/11/2026", "02/11/2026", "02/02/2027", "", "", ""]
    older = cells(tab.history, 1)
    assert older[0] == "" and older[1].startswith("230 ")
    assert older[4] == older[6] == "15/07/2027"  # the course ends before 12 months are up
    assert older[7] == "Dunmere College"
    assert "619" in tab.summary.text() and "Lapses on 02/02/2027" in tab.summary.text()
    assert "not recorded" in tab.destination.text()
    assert tab.offers.model().rowCount() == 0


def test_a_lapsed_current_activity_says_so(qtbot, app_ctx):
    services = app_ctx.services
    person = services.people.add_person(given_name="Bo", family_name="Lapsed",
                                        date_of_birth=D(2010, 3, 4), gender="M")
    services.activities.record_activity(
        person.id, code="619", start_date=D(2026, 6, 27), date_ascertained=D(2026, 6, 28),
        neet_start_date=D(2026, 6, 27))  # the day after Bo left Year 11
    lapsed = ActivityTab(app_ctx, person.id)
    qtbot.addWidget(lapsed)
    lapsed.show()

    assert cells(lapsed.history, 0)[0] == "Current (lapsed)"
    assert "Lapsed on 28/09/2026" in lapsed.summary.text()


def test_the_lapse_preview_follows_the_code_and_the_dates(tab):
    form = tab.new_activity()
    assert form.currency.text() == "Pick an activity to see when it lapses."
    choose(form.code, "619")
    assert form.currency.text() == "Lapses on 22/02/2027 unless confirmed."
    assert form.neet_start_date.isVisibleTo(form) and not form.provider_name.isVisibleTo(form)
    set_date(form.date_ascertained, D(2026, 11, 1))
    assert form.currency.text() == "Lapses on 01/02/2027 unless confirmed."
    set_date(form.date_verified, D(2026, 11, 20))
    assert form.currency.text() == "Lapses on 20/02/2027 unless confirmed."
    choose(form.code, "230")
    assert form.currency.text() == "Lapses on 20/11/2027 unless confirmed."
    assert form.provider_name.isVisibleTo(form) and not form.neet_start_date.isVisibleTo(form)
    set_date(form.predicted_end_date, D(2027, 7, 1))
    assert form.currency.text() == ("Lapses on 01/07/2027 (the predicted end date) unless "
                                    "confirmed.")
    choose(form.code, "260")
    assert form.currency.text().endswith("Needs a review date.")
    choose(form.code, "810")
    assert form.currency.text() == "Does not lapse."


def test_the_lapse_date_shown_is_the_one_the_service_stores(tab, app_ctx, person):
    form = tab.new_activity()
    choose(form.code, "230")
    set_date(form.start_date, D(2026, 11, 2))
    set_date(form.date_ascertained, D(2026, 11, 3))
    form.provider_name.setText("Larkspur Academy")
    shown = form.currency.text()
    form.accept()

    assert form.result() == QDialog.DialogCode.Accepted
    current = app_ctx.services.activities.current(person)
    assert current.code == "230" and current.provider_name == "Larkspur Academy"
    assert shown == f"Lapses on {current.due_to_lapse_date:%d/%m/%Y} unless confirmed."
    assert cells(tab.history, 0)[:2] == ["Current", "230 Full-time education, further education"]
    assert tab.history.model().rowCount() == 3


def test_a_new_neet_activity_carries_the_neet_start_on(tab, app_ctx, person):
    form = tab.new_activity()
    choose(form.code, "610")
    form.accept()

    assert app_ctx.services.activities.current(person).neet_start_date == D(2026, 11, 1)
    assert cells(tab.history, 0)[1].startswith("610 ")


def test_refusals_show_beside_their_fields_and_keep_what_was_typed(tab, app_ctx, person):
    form = tab.new_activity()
    form.accept()
    assert form.error_text("code") == "pick one from the list"
    form.code.setEditText("zzz")
    form.accept()
    assert form.error_text("code") == "'zzz' is not an activity code"
    choose(form.code, "260")
    form.provider_ukprn.setText("123")
    form.provider_name.setText("Gap Year Trust")
    form.accept()
    assert form.error_text("provider_ukprn") != "" and form.error_text("code") == ""
    form.provider_ukprn.clear()
    form.accept()

    assert form.isVisible()
    assert form.error_text("review_date") == "is required for activity 260"
    assert form.error_text("provider_ukprn") == ""
    assert form.code.currentData() == "260" and form.provider_name.text() == "Gap Year Trust"
    assert len(app_ctx.services.activities.history(person)) == 2


def test_cancelling_a_typed_form_asks_first(tab, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)
    form = tab.new_activity()
    choose(form.code, "619")
    form.reject()
    assert asked and form.isVisible()


def test_the_intended_destination_is_set_and_shown(tab):
    form = tab.set_destination()
    form.code.setEditText("nowhere")
    form.accept()
    assert form.error_text("code") == "'nowhere' is not a valid code"
    assert form.code.currentText() == "nowhere"
    choose(form.code, "121")
    form.notes.setText("Wants to try the college course")
    set_date(form.recorded_on, D(2026, 6, 1))  # in Year 11: Ada is in Year 12 today
    form.accept()

    assert form.result() == QDialog.DialogCode.Accepted
    text = tab.destination.text()
    assert "121 Full-time education or training elsewhere" in text and "01/06/2026" in text


def test_finding_17_a_destination_is_refused_outside_year_11_beside_its_date(tab):
    form = tab.set_destination()
    choose(form.code, "211")
    form.accept()  # today: Year 12
    assert form.error_text("recorded_on").startswith("must fall in the young person's Year 11")
    set_date(form.recorded_on, D(2026, 9, 1))
    form.accept()
    assert form.error_text("recorded_on") != "" and form.isVisible()
    set_date(form.recorded_on, D(2026, 8, 31))
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    assert "211 " in tab.destination.text() and "31/08/2026" in tab.destination.text()


def test_finding_05_the_form_takes_a_post16_code_from_the_day_after_leaving(tab, app_ctx,
                                                                           person):
    """Ada (born 4 March 2010) left Year 11 on Friday 26 June 2026."""
    form = tab.new_activity()
    choose(form.code, "310")
    set_date(form.start_date, D(2026, 6, 26))
    form.accept()
    assert "post-16 code" in form.error_text("code") and form.isVisible()
    set_date(form.start_date, D(2026, 6, 27))
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    history = app_ctx.services.activities.history(person)
    assert [(a.code, a.start_date) for a in history][-1] == ("310", D(2026, 6, 27))


def test_a_guarantee_offer_is_recorded_for_the_year_it_applies_to(tab):
    form = tab.record_offer()
    assert form.year_group.currentData() == 12  # Year 12 in the autumn term
    choose(form.status, "110")
    form.provider_name.setText("Dunmere College")
    form.la.setEditText("999")
    form.accept()
    assert form.error_text("la") == "'999' is not an LA code"
    assert form.provider_name.text() == "Dunmere College"
    choose(form.la, "886")
    form.accept()

    assert form.result() == QDialog.DialogCode.Accepted
    assert cells(tab.offers, 0) == ["12", "110 Offer made", "22/11/2026", "Dunmere College",
                                    "886"]


def test_finding_03_the_offer_form_refuses_a_status_outside_its_year(tab):
    """Ada's Year 11 Guarantee ran to 30 September 2026; 114 and 115 are Year 12 only."""
    form = tab.record_offer()
    choose(form.year_group, 11)
    choose(form.status, "114")
    set_date(form.recorded_on, D(2026, 9, 30))
    form.accept()
    assert form.error_text("status") == "114 is for Year 12 only"
    choose(form.status, "110")
    set_date(form.recorded_on, D(2026, 10, 1))
    form.accept()
    assert form.error_text("year_group").endswith("(Year 12)") and form.isVisible()
    set_date(form.recorded_on, D(2026, 11, 23))
    form.accept()
    assert form.error_text("recorded_on") == "cannot be in the future"
    set_date(form.recorded_on, D(2026, 9, 30))
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    assert cells(tab.offers, 0)[:3] == ["11", "110 Offer made", "30/09/2026"]


@pytest.mark.parametrize("opener", ["new_activity", "set_destination", "record_offer"])
def test_every_field_is_named_and_reached_by_its_mnemonic(tab, opener):
    form = getattr(tab, opener)()
    for field, widget in form.fields.items():
        assert widget.accessibleName(), field
    buddies = [form.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().buddy()
               for row in range(form.form.rowCount())
               if form.form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None]
    assert set(form.fields.values()) <= set(buddies)
    for button in (tab.new_activity_button, tab.destination_button, tab.offer_button):
        assert "&" in button.text() and button.accessibleName()

