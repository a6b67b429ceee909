"""A young person's record: opening it (audited), the banner's warnings, printing from it."""

from __future__ import annotations

import datetime as dt

import pytest
from pdf_tools import LETTERHEAD, pdf_text
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from paclient.models import AuditEvent
from paclient.services.changes import Changes
from paclient.ui.main_window import MainWindow
from paclient.ui.person.window import RecordWindow

WHEN = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def person(app_ctx):
    services = app_ctx.services
    services.documents.set_letterhead(**LETTERHEAD)
    person = services.people.add_person(given_name="Nia", family_name="Record",
                                        date_of_birth=dt.date(2009, 3, 4), gender="F",
                                        preferred_name="Nee")
    for day, text in ((WHEN - dt.timedelta(days=30), "First talk about college."),
                      (WHEN, "Talked about apprenticeships at the garage.")):
        services.contacts.add_contact(person.id, occurred_at=day, method="face_to_face",
                                      setting="school", discussion=text,
                                      agreed="Nia to visit the garage.")
    return person.id


def open_window(qtbot, app_ctx, person_id, **asks) -> RecordWindow:
    window = RecordWindow(app_ctx, app_ctx.services.overview.overview(person_id), **asks)
    qtbot.addWidget(window)
    window.show()
    return window


def test_enter_on_a_person_opens_their_record_and_the_view_is_audited(qtbot, app_ctx, person):
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.caseload.reload()
    table = main.caseload.table
    line = next(r for r in range(table.model().rowCount())
                if "Record" in table.model().index(r, 0).data())
    table.activated.emit(table.model().index(line, 0))

    [record] = main.records
    assert "Nia Record" in record.banner.text() and "known as Nee" in record.banner.text()
    with app_ctx.services.ctx.read() as session:
        views = session.scalars(select(AuditEvent).where(AuditEvent.action == "view",
                                                         AuditEvent.person_id == person)).all()
    assert len(views) == 1
    main.close()
    assert record.isHidden()  # a record never stays open without the caseload


def test_the_overview_shows_the_last_session_first(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    overview = window.tabs.widget(0).text()
    assert "apprenticeships at the garage" in overview and "Nia to visit the garage" in overview
    assert "20/11/2026" in overview
    window.tabs.setCurrentWidget(window.contacts)
    table = window.contacts.table.model()
    assert table.rowCount() == 2 and table.index(0, 0).data().startswith("20/11")


def test_a_safety_warning_and_a_sharing_refusal_are_in_plain_view(qtbot, app_ctx, person):
    services = app_ctx.services
    services.safeguarding.add_warning(person, kind="lone_working", text="Do not visit alone.",
                                      start_date=dt.date(2026, 1, 1))
    services.safeguarding.refuse_sharing(person, given_by="young_person",
                                         on=dt.date(2026, 11, 1))
    services.referrals.signpost(person, service="camhs", on=dt.date(2026, 11, 2))
    window = open_window(qtbot, app_ctx, person)
    texts = [label.text() for label in window.findChildren(type(window.banner))]
    assert any("Do not visit alone." in t for t in texts)
    assert any("Information sharing refused" in t for t in texts)
    assert not window.print_actions["caf-referral"].isEnabled()


def test_the_guidance_summary_of_the_chosen_session_is_saved_and_logged(qtbot, app_ctx,
                                                                        person, tmp_path):
    out = tmp_path / "summary.pdf"
    window = open_window(qtbot, app_ctx, person, ask_path=lambda _parent, _name: out)
    window.tabs.setCurrentWidget(window.contacts)
    window.contacts.table.selectRow(1)  # the older session
    dialog = window.print_dialog("guidance-summary")
    with qtbot.waitSignal(dialog.finished_output):
        dialog.save_button.click()
    text = pdf_text(out.read_bytes())
    assert "First talk about college." in text and "21 October 2026" in text
    assert "apprenticeships at the garage" not in text


def test_the_activity_record_prints_from_the_record(qtbot, app_ctx, person, tmp_path):
    out = tmp_path / "record.pdf"
    window = open_window(qtbot, app_ctx, person, ask_path=lambda _parent, _name: out)
    dialog = window.print_dialog("activity-record")
    dialog.large_print.setChecked(True)
    with qtbot.waitSignal(dialog.finished_output):
        dialog.save_button.click()
    assert "Activity record" in pdf_text(out.read_bytes())


def test_the_banner_follows_a_new_staff_safety_warning(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    assert not any("Staff safety" in label.text() for label in window.findChildren(QLabel))
    app_ctx.services.safeguarding.add_warning(person, kind="lone_working",
                                              text="Do not visit alone.",
                                              start_date=dt.date(2026, 11, 1))
    app_ctx.changes.publish(Changes(people=True, person_id=person))
    assert any("Do not visit alone" in label.text() for label in window.findChildren(QLabel)
               if label.isVisibleTo(window))


def test_the_record_has_a_tab_for_each_part(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    for part in ("Overview", "Details", "Contacts and notes", "Consent and sharing", "History"):
        assert part in titles
    for index in range(window.tabs.count()):  # each tab reads and shows without an error
        window.tabs.setCurrentIndex(index)
        assert window.tabs.currentWidget().isVisible()


def test_admitting_to_custody_adds_the_custody_tab(qtbot, app_ctx, person, monkeypatch):
    window = open_window(qtbot, app_ctx, person)
    assert window.custody is None and window.admit_button.isVisible()
    form = window.admit_to_custody()
    form.establishment.setText("HMYOI Example")
    form.accept()
    assert window.custody is not None and not window.admit_button.isVisible()
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles.index("Custody") == titles.index("History") - 1
    assert "In custody" in window.banner.text()


def test_the_record_says_its_sync_state(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    assert window.sync_state.text() == "Sync: Not sent"  # nothing of it reached a hub yet
