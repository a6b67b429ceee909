"""The Assessment and plan tab: what it shows, and every form driven through its widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from paclient.ui.forms import choose, set_date
from paclient.ui.person.highlight import WARNING_BACKGROUND
from paclient.ui.person.plan_tab import PlanTab

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def person(app_ctx):
    return app_ctx.services.people.add_person(
        given_name="Ffion", family_name="Plan", date_of_birth=dt.date(2009, 6, 7),
        gender="F").id


@pytest.fixture
def tab(qtbot, app_ctx, person) -> PlanTab:
    made = PlanTab(app_ctx, person)
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def plan(app_ctx, person):
    return app_ctx.services.plans.start_plan(person, started_on=dt.date(2026, 9, 1))


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


def test_assessments_show_latest_first_with_each_factor_and_sensitive_ones_marked(
        qtbot, app_ctx, person):
    plans = app_ctx.services.plans
    plans.record_assessment(person, assessed_on=dt.date(2026, 3, 1), level_of_need=3,
                            factors={"housing": (1, "Sofa surfing")})
    plans.record_assessment(person, assessed_on=dt.date(2026, 10, 5), level_of_need=1,
                            summary="Struggling since moving out.",
                            factors={"substance_use": (2, "Cannabis most days"),
                                     "attainment": (0, "")})
    tab = PlanTab(app_ctx, person)
    qtbot.addWidget(tab)
    tab.show()

    rows = texts(tab.assessment_table)
    assert [r[0] for r in rows] == ["05/10/2026", "01/03/2026"]
    assert rows[0][1] == "1 Intensive support"
    assert texts(tab.factor_table) == [
        ["Attainment", "0 No need", "", ""],
        ["Substance use", "2 Significant need", "Sensitive", "Cannabis most days"]]
    assert tab.summary.text() == "Summary: Struggling since moving out."
    tab.assessment_table.selectRow(1)
    assert texts(tab.factor_table) == [["Housing", "1 Some need", "", "Sofa surfing"]]


def test_an_assessment_typed_in_the_form_lands_in_the_tab(tab, app_ctx, person):
    form = tab.record_assessment()
    choose(form.level_of_need, "2")
    form.summary.setPlainText("Keen on an apprenticeship.")
    rating, note = form.ratings["career_knowledge"]
    choose(rating, "1")
    note.setText("Unsure what apprenticeships exist")
    form.accept()

    assert not form.isVisible()
    assert texts(tab.assessment_table)[0][:2] == ["22/11/2026", "2 Supported (at risk)"]
    assert texts(tab.factor_table) == [["Career knowledge", "1 Some need", "",
                                        "Unsure what apprenticeships exist"]]
    assert app_ctx.services.people.get(person, audited=False).level_of_need == 2


def test_a_refused_assessment_says_why_beside_each_field_and_keeps_the_typing(
        tab, app_ctx, person):
    form = tab.record_assessment()
    set_date(form.assessed_on, dt.date(2026, 12, 1))
    form.level_of_need.setEditText("")
    _rating, note = form.ratings["housing"]
    note.setText("Sleeping at a friend's")  # a note with no rating
    form.accept()

    assert form.isVisible()
    assert form.error_text("assessed_on") == "cannot be in the future"
    assert form.error_text("level_of_need") == "must be 1, 2 or 3"
    assert "not a valid assessment rating" in form.error_text("factors.housing")
    assert form.error_text("factors.income") == ""
    assert note.text() == "Sleeping at a friend's"
    assert app_ctx.services.plans.assessments(person) == []
    assert tab.assessment_table.model().rowCount() == 0


def test_starting_the_first_plan_asks_nothing_and_enables_the_plan_forms(
        tab, answers):
    assert not tab.add_button.isEnabled() and not tab.review_button.isEnabled()
    assert tab.plan_heading.text().startswith("No live action plan")
    form = tab.start_plan()
    form.accept()

    assert answers[1] == []
    assert tab.plan_heading.text().startswith("Live plan started 22/11/2026 · next review")
    assert tab.add_button.isEnabled() and tab.review_button.isEnabled()


def test_replacing_a_live_plan_is_confirmed_first(tab, app_ctx, person, plan, answers):
    given, asked = answers
    given += [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    tab.reload()
    form = tab.start_plan()
    form.accept()
    assert "Close the current plan (started 01/09/2026)" in asked[0]
    assert form.isVisible() and app_ctx.services.plans.live_plan(person).id == plan.id

    form.accept()
    assert app_ctx.services.plans.live_plan(person).started_on == TODAY
    assert "started 22/11/2026" in tab.plan_heading.text()


def test_an_action_defaults_to_the_young_person_and_lands_in_the_tab(tab, plan):
    tab.reload()
    form = tab.add_action()
    assert form.owner.currentData() == "young_person"
    assert not form.owner_name.isEnabled()
    form.description.setText("Apply to two apprenticeships")
    form.accept()

    assert texts(tab.action_table)[0][:2] == ["Apply to two apprenticeships", "Young person"]
    assert texts(tab.action_table)[0][3] == "Open"


def test_a_refused_action_says_why_beside_each_field(tab, app_ctx, person, plan):
    tab.reload()
    form = tab.add_action()
    choose(form.owner, "agency")
    assert form.owner_name.isEnabled()
    set_date(form.due_on, dt.date(2026, 8, 1))
    form.accept()

    assert form.isVisible()
    assert form.error_text("description") == "is required"
    assert form.error_text("owner_name") == "name the agency that owns the action"
    assert form.error_text("due_on") == "cannot be before the plan started"
    assert form.owner.currentData() == "agency"
    assert app_ctx.services.plans.live_plan(person).actions == ()


def test_overdue_open_actions_are_said_and_drawn_in_warning_colours(
        tab, app_ctx, plan):
    plans = app_ctx.services.plans
    plans.add_action(plan.id, description="Late one", owner="young_person",
                     due_on=dt.date(2026, 10, 1))
    done = plans.add_action(plan.id, description="Done one", owner="adviser",
                            due_on=dt.date(2026, 10, 2))
    plans.complete_action(done.id, dt.date(2026, 10, 2))
    tab.reload()

    rows = texts(tab.action_table)
    assert [r[3] for r in rows] == ["Open, overdue", "Done 02/10/2026"]
    delegate = tab.action_table.itemDelegate()
    colours = []
    for row in range(2):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, tab.action_table.model().index(row, 0))
        colours.append(option.backgroundBrush.color())
    assert colours[0] == WARNING_BACKGROUND and colours[1] != WARNING_BACKGROUND


def test_completing_the_chosen_action(tab, app_ctx, plan):
    app_ctx.services.plans.add_action(plan.id, description="Visit college",
                                      owner="young_person", due_on=dt.date(2026, 12, 1))
    tab.reload()
    assert not tab.complete_button.isEnabled()
    tab.action_table.selectRow(0)
    assert tab.complete_button.isEnabled()
    form = tab.complete_action()
    set_date(form.done_on, dt.date(2026, 12, 25))
    form.accept()
    assert form.error_text("done_on") == "cannot be in the future"

    set_date(form.done_on, dt.date(2026, 11, 20))
    form.accept()
    assert texts(tab.action_table)[0][3] == "Done 20/11/2026"


def test_dropping_an_action_asks_first_and_needs_a_reason(tab, app_ctx, person, plan,
                                                           answers):
    given, asked = answers
    given += [QMessageBox.StandardButton.No] + [QMessageBox.StandardButton.Yes] * 2
    app_ctx.services.plans.add_action(plan.id, description="Join the gym",
                                      owner="young_person", due_on=dt.date(2026, 12, 1))
    tab.reload()
    tab.action_table.selectRow(0)
    form = tab.drop_action()
    form.accept()  # No
    assert "Drop the action “Join the gym”?" in asked[0]
    assert form.isVisible() and form.error_text("reason") == ""

    form.accept()  # Yes, but no reason
    assert form.error_text("reason") == "is required"
    form.reason.setPlainText("Moved away from the area")
    form.accept()
    assert texts(tab.action_table)[0][3] == "Dropped: Moved away from the area"
    assert not tab.drop_button.isEnabled()


def test_a_review_needs_its_progress_and_lands_in_the_tab(tab, app_ctx, plan):
    tab.reload()
    form = tab.record_review()
    form.accept()
    assert form.error_text("progress") == "is required"

    form.progress.setPlainText("Applied to two courses.")
    set_date(form.next_review_on, dt.date(2026, 11, 1))
    form.accept()
    assert form.error_text("next_review_on") == "cannot be before the review"
    assert form.progress.toPlainText() == "Applied to two courses."

    set_date(form.next_review_on, dt.date(2027, 2, 1))
    form.accept()
    assert texts(tab.review_table)[0][:3] == ["22/11/2026", "01/02/2027",
                                              "Applied to two courses."]
    assert "next review 01/02/2027" in tab.plan_heading.text()


def test_every_control_has_a_name_and_every_button_a_mnemonic(tab):
    for table in (tab.assessment_table, tab.factor_table, tab.action_table, tab.review_table):
        assert table.accessibleName()
    for button in (tab.assess_button, tab.start_button, tab.add_button, tab.complete_button,
                   tab.drop_button, tab.review_button):
        assert button.accessibleName() and "&" in button.text()
