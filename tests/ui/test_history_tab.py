"""The History tab: the audit trail newest first, the prints, and reading audits nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from sqlalchemy import func, select

from paclient.models import AuditEvent
from paclient.services.changes import Changes
from paclient.ui.person.history_tab import HistoryTab


@pytest.fixture
def person(app_ctx):
    services = app_ctx.services
    person = services.people.add_person(given_name="Tomos", family_name="History",
                                        date_of_birth=dt.date(2009, 8, 9), gender="M").id
    services.people.get(person)  # the record opened
    services.people.update_person(person, phone="07700 900444")
    services.documents.record_printed("activity-record", [person], sensitive_included=True)
    return person


@pytest.fixture
def tab(qtbot, app_ctx, person) -> HistoryTab:
    made = HistoryTab(app_ctx, person)
    qtbot.addWidget(made)
    made.show()
    return made


def cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def audit_count(app_ctx) -> int:
    with app_ctx.services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_the_trail_shows_who_did_what_to_which_part_newest_first(tab):
    rows = [line[1:] for line in cells(tab.events)]
    assert rows == [["Pat Adviser", "Printed", "Document",
                     "Activity record, sensitive items included"],
                    ["Pat Adviser", "Changed", "Details", "phone"],
                    ["Pat Adviser", "Opened", "Details", ""],
                    ["Pat Adviser", "Added", "Details", ""]]
    assert all(len(line[0]) == len("22/11/2026 10:00") for line in cells(tab.events))
    assert tab.events.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert "all there are" in tab.shown.text() and tab.older_button.isHidden()


def test_the_printed_documents_are_listed(tab):
    [printed] = cells(tab.prints)
    assert printed[0] == "Activity record" and printed[2:] == ["Pat Adviser", "Yes",
                                                                "Saved as PDF"]


def test_reading_and_refreshing_the_history_writes_no_audit_event(tab, app_ctx, person):
    before = audit_count(app_ctx)
    tab.reload()
    tab.hide()
    tab.show()  # shown again: read afresh
    app_ctx.changes.publish(Changes(people=True, person_id=person))
    assert audit_count(app_ctx) == before


def test_a_write_to_the_record_shows_up_at_the_top(tab, app_ctx, person):
    app_ctx.services.safeguarding.add_warning(person, kind="other", text="Call first.",
                                              start_date=dt.date(2026, 11, 1))
    app_ctx.changes.publish(Changes(people=True, person_id=person))
    assert cells(tab.events)[0][2:4] == ["Added", "Staff-safety warning"]


def test_a_print_shows_up_when_the_tab_is_shown_again(tab, app_ctx, person):
    tab.hide()
    app_ctx.services.documents.record_printed("action-plan", [person])  # the bus is not told
    tab.show()
    assert cells(tab.prints)[0][0] == "Action plan"
    assert cells(tab.events)[0][1:] == ["Pat Adviser", "Printed", "Document",
                                        "Action plan, sensitive items left out"]


def test_older_events_are_read_a_page_at_a_time(qtbot, app_ctx, person):
    made = HistoryTab(app_ctx, person)
    qtbot.addWidget(made)
    made.limit = 3
    made.show()
    assert len(cells(made.events)) == 3 and not made.older_button.isHidden()
    assert "not shown yet" in made.shown.text()
    made.older_button.click()
    assert len(cells(made.events)) == 4 and made.older_button.isHidden()


def test_the_trail_model_is_consistent(tab, qtmodeltester):
    qtmodeltester.check(tab.events.rows)
    qtmodeltester.check(tab.prints.rows)
