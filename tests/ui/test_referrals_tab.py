"""The Referrals and CAF tab: what it shows, and every form driven through its widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from paclient.models import Referral
from paclient.ui.forms import choose, set_date
from paclient.ui.person.highlight import WARNING_BACKGROUND
from paclient.ui.person.referrals_tab import ReferralsTab

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def newcomer(app_ctx):
    return app_ctx.services.people.add_person(
        given_name="Rhys", family_name="Refer", date_of_birth=dt.date(2009, 6, 7),
        gender="M").id


@pytest.fixture
def person(app_ctx, newcomer):
    """Consented on 01/10/2026 to referrals to every agency."""
    app_ctx.services.safeguarding.record_consent(
        newcomer, purpose="referral", decision="given", given_by="young_person",
        recorded_on=dt.date(2026, 10, 1))
    return newcomer


@pytest.fixture
def tab(qtbot, app_ctx, person) -> ReferralsTab:
    made = ReferralsTab(app_ctx, person)
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def referral(app_ctx, person):
    return app_ctx.services.referrals.refer(person, service="housing",
                                            sent_on=dt.date(2026, 11, 2), reason="Homeless")


@pytest.fixture
def episode(app_ctx, person):
    return app_ctx.services.referrals.open_caf(person, opened_on=dt.date(2026, 10, 1))


@pytest.fixture
def answers(monkeypatch):
    """The answers QMessageBox.question gives, in order; the questions asked are kept."""
    given: list[QMessageBox.StandardButton] = []
    asked: list[str] = []

    def question(_parent, _title, text, *args):
        asked.append(text)
        return given.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return given, asked


def texts(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def column(table, heading: str) -> list[str]:
    model = table.model()
    index = next(c for c in range(model.columnCount())
                 if model.headerData(c, Qt.Orientation.Horizontal) == heading)
    return [row[index] for row in texts(table)]


def test_referrals_and_signposting_show_newest_first_late_follow_ups_marked(
        qtbot, app_ctx, person):
    referrals = app_ctx.services.referrals
    referrals.refer(person, service="yot", sent_on=dt.date(2026, 10, 1), reason="Court order")
    referrals.signpost(person, service="adult_guidance", on=dt.date(2026, 11, 10))
    referrals.refer(person, service="housing", sent_on=dt.date(2026, 11, 20))
    tab = ReferralsTab(app_ctx, person)
    qtbot.addWidget(tab)
    tab.show()

    table = tab.referral_table
    assert column(table, "Service") == ["Housing", "Adult guidance",
                                        "Youth offending service (sensitive)"]
    assert column(table, "Kind") == ["Referral", "Signposted", "Referral"]
    follow_ups = column(table, "Follow-up due")
    assert follow_ups[0] == "04/12/2026" and follow_ups[1] == ""
    assert follow_ups[2].endswith("(overdue)")
    assert column(table, "Closed")[1] == "10/11/2026"
    colours = []
    for row in range(3):
        option = QStyleOptionViewItem()
        table.itemDelegate().initStyleOption(option, table.model().index(row, 0))
        colours.append(option.backgroundBrush.color() == WARNING_BACKGROUND)
    assert colours == [False, False, True]


def test_a_referral_typed_in_the_form_lands_in_the_tab(tab):
    form = tab.refer()
    assert form.sends_data.isChecked() and form.route.count() == 1  # no CAF episode open
    choose(form.service, "camhs")
    form.reason.setPlainText("Low mood")
    form.accept()

    assert not form.isVisible()
    assert texts(tab.referral_table)[0][:3] == [
        "CAMHS (child and adolescent mental health services)", "Referral", "22/11/2026"]


def test_a_refused_referral_says_why_beside_each_field_and_keeps_the_typing(tab, app_ctx,
                                                                           person):
    form = tab.refer()
    form.service.setEditText("no such service")
    set_date(form.sent_on, dt.date(2026, 12, 1))
    form.reason.setPlainText("Needs support")
    form.accept()

    assert form.isVisible()
    assert "not a valid referral_service code" in form.error_text("service")
    assert form.error_text("sent_on") == "cannot be in the future"
    assert form.reason.toPlainText() == "Needs support"
    assert app_ctx.services.referrals.referrals(person) == []


def test_a_sharing_refusal_is_said_plainly_in_the_form_and_a_data_free_referral_is_allowed(
        tab, app_ctx, person, monkeypatch):
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()) or 0)
    app_ctx.services.safeguarding.refuse_sharing(person, given_by="young_person", on=TODAY)
    form = tab.refer()
    choose(form.service, "housing")
    form.accept()

    assert form.isVisible()
    assert "refused information sharing" in form.error_text("sends_data")
    assert boxes == [] and tab.referral_table.model().rowCount() == 0

    form.sends_data.setChecked(False)
    form.accept()
    assert column(tab.referral_table, "Service") == ["Housing"]


def test_a_referral_without_consent_says_so_beside_sends_data(qtbot, app_ctx, newcomer):
    # issue 14, finding 6: the consent is missing, not refused; sending no data is allowed
    tab = ReferralsTab(app_ctx, newcomer)
    qtbot.addWidget(tab)
    form = tab.refer()
    choose(form.service, "camhs")
    form.accept()

    assert form.isVisible()
    assert "no consent to a referral to this service" in form.error_text("sends_data")
    form.sends_data.setChecked(False)
    form.accept()
    assert not form.isVisible()


def test_a_referral_through_caf_needs_consent_on_the_episode(tab, episode):
    tab.reload()
    form = tab.refer()
    choose(form.service, "social_care")
    form.route.setCurrentIndex(1)
    assert form.route.currentText() == "Through the CAF episode opened 01/10/2026"
    form.accept()
    assert form.error_text("caf_episode_id") == ("record consent to share on the CAF "
                                                 "episode first")


def test_signposting_lands_in_the_tab_closed(tab):
    form = tab.signpost()
    choose(form.service, "nas")
    form.accept()
    assert texts(tab.referral_table)[0][:3] == ["National Apprenticeship Service",
                                                "Signposted", "22/11/2026"]
    tab.referral_table.selectRow(0)
    assert not tab.outcome_button.isEnabled() and not tab.acknowledge_button.isEnabled()


def test_acknowledging_the_chosen_referral(tab, referral):
    tab.reload()
    assert not tab.acknowledge_button.isEnabled()
    tab.referral_table.selectRow(0)
    form = tab.acknowledge()
    set_date(form.on, dt.date(2026, 11, 1))
    form.accept()
    assert form.error_text("on") == "cannot be before the referral was sent"

    set_date(form.on, dt.date(2026, 11, 5))
    form.accept()
    assert column(tab.referral_table, "Acknowledged") == ["05/11/2026"]
    tab.referral_table.selectRow(0)
    assert not tab.acknowledge_button.isEnabled() and tab.outcome_button.isEnabled()


def test_recording_the_outcome_asks_first_and_closes_the_referral(tab, referral, answers):
    given, asked = answers
    given += [QMessageBox.StandardButton.No] + [QMessageBox.StandardButton.Yes] * 2
    tab.reload()
    tab.referral_table.selectRow(0)
    form = tab.record_outcome()
    form.accept()  # No
    assert "closes the referral to Housing on 22/11/2026" in asked[0]
    assert form.isVisible()

    form.accept()  # Yes, but no outcome
    assert form.error_text("outcome") == "is required"
    form.outcome.setPlainText("Placed in supported lodgings")
    form.accept()
    assert column(tab.referral_table, "Outcome") == ["Placed in supported lodgings"]
    assert column(tab.referral_table, "Closed") == ["22/11/2026"]


def test_closing_asks_first_and_needs_an_outcome(tab, app_ctx, referral, answers):
    given, asked = answers
    given += [QMessageBox.StandardButton.Yes] * 2
    tab.reload()
    tab.referral_table.selectRow(0)
    form = tab.close_referral()
    form.accept()
    assert "Close the referral to Housing on 22/11/2026?" in asked[0]
    assert form.error_text("outcome") == "a referral is not closed without an outcome"

    with app_ctx.services.ctx.write.begin() as session:  # an outcome that came in by sync
        session.get(Referral, referral.id).outcome = "Housed"
    tab.reload()
    tab.referral_table.selectRow(0)
    form = tab.close_referral()
    form.accept()
    assert column(tab.referral_table, "Closed") == ["22/11/2026"]


def test_opening_a_caf_episode_and_recording_consent(tab):
    form = tab.open_caf()
    form.pre_assessment_done.setChecked(True)
    form.accept()
    assert tab.caf_heading.text() == "CAF episode open since 22/11/2026"
    assert not tab.open_caf_button.isEnabled() and tab.consent_button.isEnabled()
    assert column(tab.episode_table, "Consent") == ["Not recorded"]

    form = tab.record_consent()
    assert form.given_by.currentData() == "young_person"  # he is 17
    form.accept()
    assert form.error_text("agencies") == "name at least one agency"
    form.agencies.setPlainText("CAMHS\nCollege")
    form.accept()
    assert column(tab.episode_table, "Consent") == ["Young person, 22/11/2026: CAMHS, College"]


def test_caf_consent_defaults_to_a_parent_under_16(qtbot, app_ctx):
    young = app_ctx.services.people.add_person(
        given_name="Ani", family_name="Young", date_of_birth=dt.date(2012, 1, 5), gender="F").id
    app_ctx.services.referrals.open_caf(young, opened_on=TODAY)
    tab = ReferralsTab(app_ctx, young)
    qtbot.addWidget(tab)
    tab.show()
    form = tab.record_consent()
    assert form.given_by.currentData() == "parent"
    choose(form.given_by, "young_person")
    form.agencies.setPlainText("School")
    form.accept()
    assert form.error_text("given_by") == "a parent must give consent for a young person under 16"


def test_lead_professional_and_meetings_of_the_open_episode(tab, episode):
    tab.reload()
    form = tab.set_lead_professional()
    form.name.setText("Sam Jones")
    form.accept()
    assert form.error_text("agency") == "is required" and form.name.text() == "Sam Jones"
    form.agency.setText("Early Help")
    form.accept()
    assert column(tab.episode_table, "Lead professional") == ["Sam Jones, Early Help"]

    form = tab.add_meeting()
    form.actions_agreed.setPlainText("Book a CAMHS appointment")
    form.accept()
    assert form.error_text("attendees") == "is required"
    form.attendees.setPlainText("Rhys, mum, PA, school nurse")
    form.accept()
    assert column(tab.episode_table, "Meetings") == ["1"]
    assert texts(tab.meeting_table) == [["22/11/2026", "Rhys, mum, PA, school nurse",
                                         "Book a CAMHS appointment"]]


def test_closing_the_caf_episode_asks_first_and_needs_a_reason(tab, app_ctx, person, episode,
                                                               answers):
    given, asked = answers
    given += [QMessageBox.StandardButton.No] + [QMessageBox.StandardButton.Yes] * 2
    tab.reload()
    form = tab.close_caf()
    form.accept()
    assert "Close the CAF episode on 22/11/2026?" in asked[0]
    assert app_ctx.services.referrals.caf_episodes(person)[0].closed_on is None

    form.accept()
    assert form.error_text("reason") == "is required"
    form.reason.setPlainText("Needs met")
    form.accept()
    assert column(tab.episode_table, "Closed") == ["22/11/2026: Needs met"]
    assert tab.caf_heading.text() == "No CAF episode open."
    assert tab.open_caf_button.isEnabled() and not tab.close_caf_button.isEnabled()


def test_every_control_has_a_name_and_every_button_a_mnemonic(tab):
    for table in (tab.referral_table, tab.episode_table, tab.meeting_table,
                  tab.review_table):
        assert table.accessibleName()
    buttons = [tab.refer_button, tab.signpost_button, tab.acknowledge_button,
               tab.outcome_button, tab.close_button, tab.open_caf_button, tab.consent_button,
               tab.lead_button, tab.meeting_button, tab.review_button, tab.close_caf_button]
    for button in buttons:
        assert button.accessibleName() and "&" in button.text()
    letters = [b.text()[b.text().index("&") + 1].lower() for b in buttons]
    assert len(set(letters)) == len(letters)
