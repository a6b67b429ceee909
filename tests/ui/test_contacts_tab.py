"""The Contacts and notes tab: the timeline, the full note with addenda, missed appointments,
addenda to older notes and same-day corrections, all driven through the widgets."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from paclient.services.bundle import Services
from paclient.ui.context import AppContext
from paclient.ui.person.contacts_tab import ContactsTab

OLD = dt.datetime(2026, 10, 21, 9, 30)
MISSED = dt.datetime(2026, 11, 10, 14, 0)
LATEST = dt.datetime(2026, 11, 20, 10, 0)



@pytest.fixture
def person(app_ctx):
    services = app_ctx.services
    person = services.people.add_person(given_name="Ola", family_name="Timeline",
                                        date_of_birth=dt.date(2009, 3, 4), gender="F").id
    contacts = services.contacts
    contacts.add_contact(person, occurred_at=OLD, method="phone", setting="home",
                         discussion="First call about college.\nSecond line.")
    contacts.record_did_not_attend(person, occurred_at=MISSED, method="face_to_face",
                                   setting="school")
    contacts.add_contact(person, occurred_at=LATEST, method="face_to_face", setting="college",
                         duration_minutes=45, topics=["careers", "cv"],
                         discussion="Talked about <apprenticeships> at the garage.",
                         agreed="Ola to visit the garage.", own_words="I want to fix cars.",
                         next_appointment_at=dt.datetime(2026, 12, 4, 11, 0))
    return person


def open_tab(qtbot, ctx: AppContext, person) -> ContactsTab:
    tab = ContactsTab(ctx, person)
    qtbot.addWidget(tab)
    tab.show()  # the tab reads when first shown
    return tab


def cells(tab: ContactsTab, column: int) -> list[str]:
    model = tab.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_every_contact_is_listed_newest_first_with_did_not_attend_plain(qtbot, app_ctx,
                                                                         person):
    tab = open_tab(qtbot, app_ctx, person)

    assert cells(tab, 0) == ["20/11/2026 10:00", "10/11/2026 14:00", "21/10/2026 09:30"]
    assert cells(tab, 1) == ["Face to face", "Face to face", "Phone"]
    assert cells(tab, 2) == ["College", "School", "Home"]
    assert cells(tab, 3) == ["45 min", "", ""]
    assert cells(tab, 4) == ["Yes", "Did not attend", "Yes"]
    assert cells(tab, 5)[2] == "First call about college."
    assert tab.chosen_contact() is None and "Choose a contact" in tab.note.toPlainText()
    assert not tab.addendum_button.isEnabled() and not tab.correct_button.isEnabled()


def test_choosing_a_contact_shows_its_whole_note_and_its_addenda(qtbot, app_ctx, person):
    latest = app_ctx.services.contacts.timeline(person)[0]
    app_ctx.services.contacts.add_addendum(latest.id, "The garage is on Mill Lane.")
    tab = open_tab(qtbot, app_ctx, person)

    with qtbot.waitSignal(tab.contact_chosen) as chosen:
        tab.table.selectRow(0)

    assert chosen.args == [latest.id] and tab.chosen_contact() == latest.id
    text = tab.note.toPlainText()
    for expected in ("Friday 20/11/2026 10:00 · Face to face · College · 45 minutes",
                     "Topics: Careers, CV", "Talked about <apprenticeships> at the garage.",
                     "Ola to visit the garage.", "I want to fix cars.",
                     "Next appointment: 04/12/2026 11:00", "Addenda",
                     "pa.test:", "The garage is on Mill Lane."):
        assert expected in text
    assert text.index("Ola to visit") < text.index("The garage is on Mill Lane.")
    assert "(+1 addenda)" in cells(tab, 5)[0]
    tab.table.selectRow(1)
    assert "Did not attend." in tab.note.toPlainText()


def test_a_missed_appointment_is_recorded_through_its_form(qtbot, app_ctx, person):
    tab = open_tab(qtbot, app_ctx, person)

    form = tab.record_did_not_attend()
    assert (form.method.currentText(), form.setting.currentText()) == ("Face to face",
                                                                       "College")
    form.when.setDateTime(QDateTime(QDate(2027, 1, 5), QTime(9, 0)))
    form.accept()
    assert "future" in form.error_text("occurred_at") and form.isVisible()

    form.when.setDateTime(QDateTime(QDate(2026, 11, 21), QTime(9, 15)))
    form.setting.setEditText("Centre")
    form.accept()

    assert not form.isVisible()
    missed = app_ctx.services.contacts.timeline(person)[0]
    assert (missed.did_not_attend, missed.setting, missed.occurred_at) == (
        True, "centre", dt.datetime(2026, 11, 21, 9, 15))
    assert cells(tab, 0)[0] == "21/11/2026 09:15" and cells(tab, 4)[0] == "Did not attend"


def test_an_older_note_takes_an_addendum_but_is_never_edited(qtbot, app_ctx, person):
    tab = open_tab(qtbot, app_ctx, person)
    tab.table.selectRow(2)
    old = tab.chosen()
    assert not tab.correct_button.isEnabled() and tab.correct_note() is None

    form = tab.add_addendum()
    assert form is not None
    assert any("21/10/2026 09:30" in label.text() for label in form.findChildren(QLabel))
    form.accept()
    assert form.error_text("text") == "is required" and form.isVisible()
    form.text.setPlainText("They had already applied to the college.")
    form.accept()

    assert not form.isVisible()
    [addendum] = app_ctx.services.contacts.contact(old.id).addenda
    assert addendum.text == "They had already applied to the college."
    assert app_ctx.services.contacts.contact(old.id).discussion == old.discussion
    assert tab.chosen_contact() == old.id  # still chosen after the tab read again
    assert "They had already applied" in tab.note.toPlainText()


def test_todays_note_can_be_corrected_in_place(qtbot, services: Services, tasks):
    # Notes lock at the end of the (real) day they were written, so this store lives today.
    on_the_day = Services(dataclasses.replace(services.ctx, today=dt.date.today))
    written = on_the_day.people.add_person(given_name="Ade", family_name="Today",
                                           date_of_birth=dt.date(2009, 5, 5), gender="M").id
    note = on_the_day.contacts.add_contact(
        written, occurred_at=dt.datetime.combine(dt.date.today(), dt.time(0, 1)),
        method="phone", setting="home", discussion="Talked abot college.")
    assert note.written_on == dt.date.today()
    tab = open_tab(qtbot, AppContext.create(on_the_day, tasks), written)
    tab.table.selectRow(0)
    assert tab.correct_button.isEnabled()

    form = tab.correct_note()
    assert form is not None and form.texts["discussion"].toPlainText() == "Talked abot college."
    form.texts["discussion"].setPlainText("Talked about college.")
    form.when.setDateTime(form.when.dateTime().addDays(1))
    form.accept()
    assert "future" in form.error_text("occurred_at")
    assert form.texts["discussion"].toPlainText() == "Talked about college."
    form.when.setDateTime(form.when.dateTime().addDays(-1))
    form.duration.setValue(20)
    form.accept()

    corrected = services.contacts.contact(note.id)
    assert (corrected.discussion, corrected.duration_minutes) == ("Talked about college.", 20)
    assert corrected.addenda == ()
    assert "Talked about college." in tab.note.toPlainText()


def test_the_controls_are_named_and_reachable_by_keyboard(qtbot, app_ctx, person,
                                                          monkeypatch):
    tab = open_tab(qtbot, app_ctx, person)
    buttons = tab.findChildren(QPushButton)
    assert {b.text() for b in buttons} == {"Did &not attend…", "Add an a&ddendum…",
                                          "Co&rrect today's note…"}
    assert all(b.accessibleName() for b in buttons)
    assert tab.table.accessibleName() and tab.note.accessibleName()
    form = tab.record_did_not_attend()
    assert [w.accessibleName() for w in form.fields.values()] == ["When", "How", "Where"]
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)
    form.setting.setEditText("Home")
    form.reject()  # something was changed: the adviser is asked first
    assert asked and form.isVisible()
