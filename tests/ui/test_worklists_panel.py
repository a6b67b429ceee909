"""The work lists beside the caseload: counts, choosing a list, and keeping counts current."""

from __future__ import annotations

import datetime as dt

import pytest

from paclient.services.caseload.listing import WORKLISTS
from paclient.services.changes import Changes
from paclient.ui.caseload.table_model import CaseloadColumn
from paclient.ui.main_window import MainWindow
from paclient.ui.worklists.panel import NAME_ROLE, WorklistModel


@pytest.fixture
def window(qtbot, app_ctx, demo_rows) -> MainWindow:
    shown = MainWindow(app_ctx)
    qtbot.addWidget(shown)
    shown.caseload.reload()
    shown.worklists.reload()
    return shown


def shown_lines(window: MainWindow) -> list[str]:
    model = window.worklists.model
    return [model.index(row).data() for row in range(model.rowCount())]


def test_the_model_passes_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.worklists.model)
    qtmodeltester.check(WorklistModel())


def test_every_list_is_shown_with_the_count_the_service_gives(window, app_ctx, demo_rows):
    counts = app_ctx.services.caseload.worklist_counts()
    lines = shown_lines(window)
    assert lines[0] == f"My caseload ({len(demo_rows)})"
    assert lines[1:] == [f"{title} ({counts[name]})" for name, title in WORKLISTS.items()]


def test_choosing_a_list_shows_its_people_and_why(window, app_ctx):
    window.worklists.choose("neet")
    expected = app_ctx.services.caseload.worklist("neet")
    caseload = window.caseload
    assert caseload.worklist == "neet" and len(expected) > 0
    assert {r.id for r in caseload.visible_rows()} == {r.id for r in expected}
    assert not caseload.table.isColumnHidden(CaseloadColumn.DETAIL)
    assert "NEET" in caseload.table.model().index(0, CaseloadColumn.DETAIL).data()
    assert caseload.status_text().endswith("on “NEET”")

    window.worklists.choose(None)
    assert caseload.worklist is None and caseload.table.isColumnHidden(CaseloadColumn.DETAIL)
    assert window.worklists.view.currentIndex().data(NAME_ROLE) == ""


def test_counts_follow_a_change(window, app_ctx):
    before = shown_lines(window)[0]
    app_ctx.services.people.add_person(given_name="New", family_name="Arrival",
                                       date_of_birth=dt.date(2010, 1, 2), gender="F")
    app_ctx.changes.publish(Changes(people=True))
    assert shown_lines(window)[0] != before
    assert shown_lines(window)[0].endswith(f"({app_ctx.services.caseload.count()})")


def test_the_not_known_list_says_what_the_adviser_must_update(window, app_ctx):
    services = app_ctx.services
    kept = services.people.add_person(given_name="Kept", family_name="Code", gender="F",
                                      date_of_birth=dt.date(2010, 8, 31)).id  # Year 12 now
    lapsed = services.people.add_person(given_name="Lapsed", family_name="Job", gender="M",
                                        date_of_birth=dt.date(2008, 10, 1)).id
    for person, code, start in ((kept, "110", dt.date(2026, 3, 2)),
                                (lapsed, "330", dt.date(2025, 11, 3))):
        services.activities.record_activity(person, code=code, start_date=start,
                                            date_ascertained=start, date_verified=start)
    app_ctx.changes.publish(Changes(people=True))

    window.worklists.choose("not-known")

    model = window.caseload.table.model()
    shown = {model.index(row, CaseloadColumn.DETAIL).data() for row in range(model.rowCount())}
    assert {"Year 11 code 110 kept past Year 11: record the current activity",
            "lapsed on 03/11/2026: not known until confirmed"} <= shown
