"""The Consent and sharing tab: consents, refusals, confidentiality and safety warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QTableView

from paclient.ui.forms import choose, set_date
from paclient.ui.person.consent_tab import ConsentTab


@pytest.fixture
def person(app_ctx):
    """A young person of 15: a parent gives consent for them."""
    services = app_ctx.services
    person = services.people.add_person(given_name="Lowri", family_name="Consent",
                                        date_of_birth=dt.date(2011, 6, 1), gender="F")
    services.safeguarding.record_consent(person.id, purpose="caf", decision="given",
                                         given_by="parent", recorded_on=dt.date(2026, 5, 1),
                                         agency="Social care", reference="CONS-1")
    services.safeguarding.add_warning(person.id, kind="lone_working", text="Dog at home.",
                                      start_date=dt.date(2026, 2, 1))
    return person.id


@pytest.fixture
def tab(qtbot, app_ctx, person) -> ConsentTab:
    made = ConsentTab(app_ctx, person)
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


def test_the_tab_shows_consents_warnings_and_confidentiality(tab):
    assert cells(tab.consents) == [["Early help (CAF)", "Social care", "Given",
                                    "A parent or carer", "01/05/2026", "", "Yes", "CONS-1"]]
    assert cells(tab.warnings) == [["Lone-working risk", "01/02/2026", "", "Yes",
                                    "Dog at home."]]
    assert "not been explained" in tab.confidentiality.text()
    assert tab.refusal.isHidden()
    named = [c for c in (*tab.findChildren(QAbstractButton), *tab.findChildren(QTableView))
             if not c.objectName().startswith("qt_")]
    assert len(named) > 5 and all(c.accessibleName() for c in named)


def test_consent_is_recorded_with_a_parent_by_default_for_an_under_16(tab):
    form = tab.record_consent()
    assert form.given_by.currentData() == "parent"
    choose(form.purpose, "referral")
    form.agency.setText("CAMHS")
    form.accept()
    assert not form.isVisible()
    assert ["Referral to another service", "CAMHS", "Given", "A parent or carer",
            "22/11/2026", "", "Yes", ""] in cells(tab.consents)


def test_a_refused_consent_is_explained_beside_each_field_and_kept(tab):
    form = tab.record_consent()
    choose(form.given_by, "young_person")
    set_date(form.recorded_on, dt.date(2027, 1, 1))
    form.agency.setText("Youth club")
    form.accept()
    assert "parent must give consent" in form.error_text("given_by")
    assert form.error_text("recorded_on") == "cannot be in the future"
    assert form.isVisible() and form.agency.text() == "Youth club"
    assert form.given_by.currentData() == "young_person"
    assert len(cells(tab.consents)) == 1


def test_a_parents_consent_from_the_16th_birthday_is_refused_beside_given_by(qtbot, app_ctx):
    # issue 14, finding 6: Osian is 16 on 01/06/2026
    osian = app_ctx.services.people.add_person(given_name="Osian", family_name="Consent",
                                               date_of_birth=dt.date(2010, 6, 1), gender="M")
    tab = ConsentTab(app_ctx, osian.id)
    qtbot.addWidget(tab)
    tab.show()
    form = tab.record_consent()
    assert form.given_by.currentData() == "young_person"
    choose(form.purpose, "referral")
    choose(form.given_by, "parent")
    set_date(form.recorded_on, dt.date(2026, 6, 1))
    form.accept()

    assert form.isVisible()
    assert "16 or over gives consent themselves" in form.error_text("given_by")
    set_date(form.recorded_on, dt.date(2026, 5, 31))
    form.accept()
    assert not form.isVisible()
    assert ["Referral to another service", "Every agency", "Given", "A parent or carer",
            "31/05/2026", "", "Yes", ""] in cells(tab.consents)


def test_a_refusal_to_share_shows_and_withdrawing_it_asks_first(tab, answers):
    asked, reply = answers
    form = tab.refuse_sharing()
    form.accept()
    assert not form.isVisible() and not tab.refusal.isHidden()
    assert cells(tab.consents)[0][:3] == ["Sharing with other agencies", "Every agency",
                                          "Refused"]  # newest first
    tab.consents.selectRow(0)

    withdraw = tab.withdraw()
    reply[0] = QMessageBox.StandardButton.No
    withdraw.accept()
    assert withdraw.isVisible() and not tab.refusal.isHidden()
    assert "refusal" in asked[-1] and "22/11/2026" in asked[-1]

    reply[0] = QMessageBox.StandardButton.Yes
    withdraw.accept()
    assert not withdraw.isVisible() and tab.refusal.isHidden()
    refused = next(line for line in cells(tab.consents) if line[2] == "Refused")
    assert refused[5:7] == ["22/11/2026", "No"]


def test_withdrawing_before_the_consent_was_recorded_is_refused_beside_the_day(tab, answers):
    tab.consents.selectRow(0)
    form = tab.withdraw()
    set_date(form.on, dt.date(2026, 4, 1))
    form.accept()
    assert form.error_text("on") == "cannot be before it was recorded"
    assert cells(tab.consents)[0][6] == "Yes"


def test_confidentiality_explained_is_kept_and_a_future_day_refused(tab):
    form = tab.explain_confidentiality()
    set_date(form.on, dt.date(2026, 12, 25))
    form.accept()
    assert form.error_text("on") == "cannot be in the future"
    set_date(form.on, dt.date(2026, 11, 2))
    form.accept()
    assert not form.isVisible()
    assert tab.confidentiality.text() == "Confidentiality explained on 02/11/2026."


def test_a_warning_needs_its_text_and_is_added(tab):
    form = tab.add_warning()
    choose(form.kind, "no_home_visit_alone")
    form.accept()
    assert form.error_text("text") == "is required"
    form.text.setPlainText("Visit with a colleague.")
    form.accept()
    assert not form.isVisible()
    assert ["Do not home-visit alone", "22/11/2026", "", "Yes",
            "Visit with a colleague."] in cells(tab.warnings)


def test_ending_a_warning_asks_first_and_the_ended_warning_stays_listed(tab, answers):
    asked, _reply = answers
    assert not tab.buttons["end_warning"].isEnabled()
    tab.warnings.selectRow(0)
    form = tab.end_warning()
    form.accept()
    assert "no longer see it" in asked[-1]
    assert cells(tab.warnings) == [["Lone-working risk", "01/02/2026", "22/11/2026", "No",
                                    "Dog at home."]]


def test_each_button_has_a_mnemonic_of_its_own(tab):
    texts = [b.text() for b in tab.findChildren(QAbstractButton) if "&" in b.text()]
    letters = [text.split("&")[1][0].lower() for text in texts]
    assert len(texts) >= 6 and len(set(letters)) == len(letters)
