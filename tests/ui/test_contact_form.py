"""The new-contact form: errors beside fields, nothing lost, drafts, the summary offer."""

from __future__ import annotations

import datetime as dt

import pytest
from pdf_tools import LETTERHEAD
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import select

from paclient.models import AuditEvent
from paclient.services.casework.drafts import draft_key
from paclient.ui.person.window import RecordWindow


@pytest.fixture
def person(app_ctx):
    app_ctx.services.documents.set_letterhead(**LETTERHEAD)
    return app_ctx.services.people.add_person(
        given_name="Cai", family_name="Form", date_of_birth=dt.date(2009, 6, 7), gender="M").id


@pytest.fixture
def record(qtbot, app_ctx, person) -> RecordWindow:
    window = RecordWindow(app_ctx, app_ctx.services.overview.overview(person))
    qtbot.addWidget(window)
    window.show()
    return window


def saved_draft(app_ctx, person):
    return app_ctx.services.drafts.load(draft_key("contact", person))


def test_a_refused_value_is_explained_beside_its_field_and_nothing_typed_is_lost(
        record, app_ctx, person):
    form = record.new_contact()
    form.discussion.setPlainText("Talked about college courses.")
    future = QDateTime(QDate(2027, 1, 1), QTime(10, 0))
    form.when.setDateTime(future)
    form.has_next.setChecked(True)
    form.next_at.setDateTime(future.addDays(-1))
    form.accept()

    assert "future" in form.error_text("occurred_at")
    assert "after the contact" in form.error_text("next_appointment_at")
    assert form.error_text("discussion") == ""
    assert form.isVisible() and form.discussion.toPlainText() == "Talked about college courses."
    assert app_ctx.services.contacts.timeline(person) == []


def test_a_draft_is_kept_while_typing_and_comes_back_in_a_new_form(record, app_ctx, person):
    form = record.new_contact()
    form.discussion.setPlainText("Half a note about")
    form.topics.item(0).setCheckState(form.topics.item(0).checkState().Checked)
    form.save_draft()  # the timer would, two seconds after the last keystroke
    assert saved_draft(app_ctx, person).fields["discussion"] == "Half a note about"

    form.close()  # as when the idle lock closes the windows
    again = record.new_contact()
    assert again is not form
    assert again.discussion.toPlainText() == "Half a note about"
    assert again.topics.item(0).checkState() == again.topics.item(0).checkState().Checked
    assert "Restored the note" in again.restored.text()


def test_saving_records_the_contact_forgets_the_draft_and_offers_the_summary(
        record, app_ctx, person, monkeypatch):
    offers = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: offers.append(args[2]) or QMessageBox.StandardButton.No)
    form = record.new_contact()
    form.discussion.setPlainText("Looked at apprenticeships.")
    form.agreed.setPlainText("Cai to apply to two.")
    form.save_draft()
    form.accept()

    [contact] = app_ctx.services.contacts.timeline(person)
    assert contact.discussion == "Looked at apprenticeships." and contact.method == "face_to_face"
    assert saved_draft(app_ctx, person) is None
    assert len(offers) == 1 and "guidance summary" in offers[0]
    record.tabs.setCurrentWidget(record.contacts)
    assert record.contacts.table.model().rowCount() == 1  # the record shows it at once
    assert record.contacts.chosen_contact() == contact.id  # chosen, for its summary
    with app_ctx.services.ctx.read() as session:  # read again, not opened again
        views = session.scalars(select(AuditEvent.id).where(
            AuditEvent.action == "view", AuditEvent.person_id == person)).all()
    assert len(views) == 1


def test_cancelling_with_text_asks_first_and_keeps_the_text_on_no(record, app_ctx, person,
                                                                  monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    form = record.new_contact()
    form.discussion.setPlainText("Something worth keeping.")
    form.save_draft()
    form.reject()
    assert form.isVisible() and form.discussion.toPlainText() == "Something worth keeping."
    form.reject()
    assert not form.isVisible() and saved_draft(app_ctx, person) is None


def test_pickers_show_labels_and_find_them_by_any_part(record):
    form = record.new_contact()
    labels = [form.method.itemText(i) for i in range(form.method.count())]
    assert "Face to face" in labels and form.method.currentData() == "face_to_face"
    completer = form.method.completer()
    completer.setCompletionPrefix("face")
    assert completer.currentCompletion() == "Face to face"


def test_each_label_is_its_fields_keyboard_shortcut(record):
    form = record.new_contact()
    labels = {label.text(): label.buddy() for label in form.findChildren(QLabel)
              if label.text().startswith(("&", "W&", "What", "In their"))}
    assert labels["&When:"] is form.when and labels["What was &discussed:"] is form.discussion
    form.close()
