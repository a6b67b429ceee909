"""The Details tab: what it shows, and its forms driven through their widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QTableView
from sqlalchemy import select

from paclient.models import AuditEvent
from paclient.ui.forms import choose, set_date
from paclient.ui.person.details_forms import sections
from paclient.ui.person.details_tab import DetailsTab


@pytest.fixture
def person(app_ctx):
    services = app_ctx.services
    person = services.people.add_person(
        given_name="Nia", family_name="Detail", date_of_birth=dt.date(2009, 3, 4), gender="F",
        ethnicity="WBRI", postcode="LS1 4AP", phone="07700 900111", lead_la="886", send=True)
    services.safeguarding.add_parent_carer(person.id, name="Rhian Detail",
                                           relationship="mother", phone="07700 900222",
                                           permission_to_contact=True)
    services.safeguarding.add_characteristic(person.id, code="110",
                                             start_date=dt.date(2024, 1, 10))
    return person.id


@pytest.fixture
def tab(qtbot, app_ctx, person) -> DetailsTab:
    made = DetailsTab(app_ctx, person)
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def answers(monkeypatch):
    """What each confirmation asked; answer Yes unless told otherwise."""
    asked: list[str] = []
    reply = [QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or reply[0])
    return asked, reply


def cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_tab_shows_identity_contact_la_send_parents_and_characteristics(tab):
    shown = {name: label.text() for name, label in tab.values.items()}
    assert shown["given_name"] == "Nia" and shown["family_name"] == "Detail"
    assert shown["date_of_birth"] == "04/03/2009"
    assert shown["gender"] == "Female (F)" and shown["ethnicity"] == "White British (WBRI)"
    assert shown["postcode"] == "LS1 4AP" and shown["lead_la"] == "Kent (886)"
    assert shown["send"] == "Yes" and shown["upn"] == "—"
    assert ["Rhian Detail", "mother", "07700 900222", "", "Yes", ""] in cells(tab.parents)
    [characteristic] = cells(tab.characteristics)
    assert characteristic[:4] == ["110 Looked after / in care", "10/01/2024", "", "Yes"]


def test_every_control_has_an_accessible_name(tab):
    controls = [c for c in (*tab.findChildren(QAbstractButton), *tab.findChildren(QTableView),
                            *tab.values.values())
                if not c.objectName().startswith("qt_")]  # Qt's own parts of a table
    assert len(controls) > 10 and all(c.accessibleName() for c in controls)


def test_editing_sends_only_what_changed_and_the_tab_shows_it(tab, app_ctx, person,
                                                              monkeypatch):
    people = app_ctx.services.people
    sent: list[dict] = []
    update = people.update_person
    monkeypatch.setattr(people, "update_person",
                        lambda pid, **values: sent.append(values) or update(pid, **values))
    form = tab.edit("contact")
    form.inputs["phone"].setText("07700 900333")
    form.accept()

    assert sent == [{"phone": "07700 900333"}]
    assert not form.isVisible()
    assert tab.values["phone"].text() == "07700 900333"
    with app_ctx.services.ctx.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.detail["fields"] == ["phone"]


@pytest.mark.parametrize("section", list(sections()))
def test_saving_a_part_with_nothing_changed_writes_nothing(tab, app_ctx, monkeypatch,
                                                           section):
    app_ctx.services.people.update_person(tab.person_id, level_of_need=2,
                                          email_verified_on=dt.date(2026, 1, 5))
    tab.reload()
    monkeypatch.setattr(app_ctx.services.people, "update_person",
                        lambda *args, **kwargs: pytest.fail("nothing changed"))
    form = tab.edit(section)
    form.accept()
    assert not form.isVisible()


def test_a_refused_identifier_is_explained_beside_it_and_the_typing_is_kept(tab, app_ctx,
                                                                            person):
    form = tab.edit("identifiers")
    form.inputs["upn"].setText("A12345")
    form.accept()

    assert form.error_text("upn") and form.error_text("uln") == ""
    assert form.isVisible() and form.inputs["upn"].text() == "A12345"
    assert app_ctx.services.people.get(person, audited=False).upn is None


def test_a_required_name_left_blank_is_said_beside_it(tab):
    form = tab.edit("identity")
    form.inputs["given_name"].clear()
    form.accept()
    assert form.error_text("given_name") == "is required"
    assert tab.values["given_name"].text() == "Nia"


def test_a_code_typed_that_matches_nothing_is_refused_beside_its_picker(tab):
    form = tab.edit("school")
    form.inputs["lead_la"].setEditText("Atlantis")
    form.accept()
    assert form.error_text("lead_la") and form.inputs["lead_la"].currentText() == "Atlantis"


def test_form_labels_move_the_keyboard_to_their_fields(tab):
    form = tab.edit("identity")
    label = next(w for w in form.findChildren(QLabel) if w.text() == "&Given name:")
    assert label.buddy() is form.inputs["given_name"]


def test_a_parent_or_carer_is_added_after_a_refused_email_is_corrected(tab):
    form = tab.add_parent()
    form.name.setText("Owen Detail")
    form.relationship.setEditText("father")
    form.email.setText("not an email")
    form.permission.setChecked(True)
    form.accept()
    assert form.error_text("email") and form.email.text() == "not an email"

    form.email.setText("owen@example.org")
    form.accept()
    assert not form.isVisible()
    assert ["Owen Detail", "father", "", "owen@example.org", "Yes", ""] in cells(tab.parents)


def test_a_characteristic_is_added_with_its_dates(tab):
    form = tab.add_characteristic()
    choose(form.code, "160")
    set_date(form.start, dt.date(2026, 9, 1))
    form.source.setText("social care")
    form.accept()
    assert not form.isVisible()
    # a care leaver's history is safeguarding: sensitive by its code (issue 14, finding 18)
    assert ["160 Care leaver", "01/09/2026", "", "Yes", "Yes", "social care"] in cells(
        tab.characteristics)


def test_a_characteristic_ending_before_it_starts_is_refused_beside_the_end(tab):
    form = tab.add_characteristic()
    choose(form.code, "140")
    set_date(form.end, dt.date(2026, 1, 1))
    form.accept()
    assert form.error_text("end_date") == "cannot be before the start date"
    assert len(cells(tab.characteristics)) == 1


def test_ending_a_characteristic_asks_first_and_then_keeps_its_end_date(tab, answers):
    asked, reply = answers
    assert not tab.end_characteristic_button.isEnabled()
    tab.characteristics.selectRow(0)
    assert tab.end_characteristic_button.isEnabled()
    form = tab.end_characteristic()
    set_date(form.on, dt.date(2026, 10, 31))

    reply[0] = QMessageBox.StandardButton.No
    form.accept()
    assert form.isVisible() and cells(tab.characteristics)[0][2] == ""
    assert "31/10/2026" in asked[0] and "Looked after" in asked[0]

    reply[0] = QMessageBox.StandardButton.Yes
    form.accept()
    assert not form.isVisible()
    assert cells(tab.characteristics)[0][2:4] == ["31/10/2026", "No"]
    tab.characteristics.selectRow(0)
    assert not tab.end_characteristic_button.isEnabled()  # it has ended already


def test_an_end_before_the_start_is_refused_beside_the_day(tab, answers):
    tab.characteristics.selectRow(0)
    form = tab.end_characteristic()
    set_date(form.on, dt.date(2023, 12, 31))
    form.accept()
    assert form.error_text("on") == "cannot be before the start date"
    assert form.isVisible()


def test_reading_the_tab_again_is_not_audited_as_another_view(tab, app_ctx, person):
    def views():
        with app_ctx.services.ctx.read() as session:
            return len(session.scalars(select(AuditEvent).where(
                AuditEvent.action == "view", AuditEvent.person_id == person)).all())

    before = views()
    tab.reload()
    assert views() == before


def test_each_button_has_a_mnemonic_of_its_own(tab):
    texts = [b.text() for b in tab.findChildren(QAbstractButton) if "&" in b.text()]
    letters = [text.split("&")[1][0].lower() for text in texts]
    assert len(texts) >= 6 and len(set(letters)) == len(letters)
