"""Reviewing a CAF episode from the Referrals and CAF tab: the form, its refusals beside their
fields, the reviews of the chosen episode, and a review that closes the episode."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from paclient.ui.forms import choose, set_date
from paclient.ui.person.referrals_tab import ReferralsTab

TODAY = dt.date(2026, 11, 22)
OPENED = dt.date(2026, 10, 1)


@pytest.fixture
def person(app_ctx):
    return app_ctx.services.people.add_person(
        given_name="Rhys", family_name="Review", date_of_birth=dt.date(2009, 6, 7),
        gender="M").id


@pytest.fixture
def tab(qtbot, app_ctx, person) -> ReferralsTab:
    app_ctx.services.referrals.open_caf(person, opened_on=OPENED)
    made = ReferralsTab(app_ctx, person)
    qtbot.addWidget(made)
    made.resize(1100, 640)
    made.show()
    return made


def texts(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def column(table, heading: str) -> list[str]:
    model = table.model()
    index = next(c for c in range(model.columnCount())
                 if model.headerData(c, Qt.Orientation.Horizontal) == heading)
    return [row[index] for row in texts(table)]


def test_a_review_of_the_open_episode_is_listed_with_its_decision(tab):
    assert column(tab.episode_table, "Last reviewed") == ["Not yet"]
    form = tab.review_caf()
    set_date(form.reviewed_on, OPENED - dt.timedelta(days=1))
    form.accept()
    assert form.error_text("reviewed_on") == "cannot be before the CAF episode opened"
    assert form.error_text("progress") == "is required"

    set_date(form.reviewed_on, OPENED)
    form.progress.setPlainText("Attending school again")
    set_date(form.next_review_on, dt.date(2026, 12, 1))
    form.accept()

    assert texts(tab.review_table) == [["01/10/2026", "Continue the CAF",
                                        "Attending school again"]]
    assert column(tab.episode_table, "Last reviewed") == ["01/10/2026"]
    assert column(tab.episode_table, "Next review") == ["01/12/2026"]
    tab.grab().save("/tmp/i14-extras-caf-review-tab.png")


def test_a_review_that_closes_the_episode_asks_first(tab, app_ctx, person, monkeypatch):
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent, _title, text, *args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    form = tab.review_caf()
    form.progress.setPlainText("Needs met")
    choose(form.decision, "close")
    assert not form.next_review_on.isEnabled()
    form.grab().save("/tmp/i14-extras-caf-review-form.png")
    form.accept()
    assert app_ctx.services.referrals.caf_episodes(person)[0].closed_on is None

    form.accept()

    assert "Close the CAF episode on 22/11/2026 at this review?" in asked[0]
    assert app_ctx.services.referrals.caf_episodes(person)[0].closed_on == TODAY
    assert tab.caf_heading.text() == "No CAF episode open."
    assert not tab.review_button.isEnabled()
