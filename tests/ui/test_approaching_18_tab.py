"""The approaching-18 tab of a young person's record: shown while they are on the
approaching-18 list, items ticked through its form (refusals beside the field), and the
activity record printed from it, which the checklist then shows as done."""

from __future__ import annotations

import datetime as dt

import pytest
from pdf_tools import LETTERHEAD
from PySide6.QtWidgets import QMessageBox

from paclient.ui.forms import choose, set_date
from paclient.ui.person.window import RecordWindow

TODAY = dt.date(2026, 11, 22)
OPENS = dt.date(2026, 9, 29)  # 12 weeks before 22/12/2026


@pytest.fixture
def person(app_ctx):
    app_ctx.services.documents.set_letterhead(**LETTERHEAD)
    return app_ctx.services.people.add_person(
        given_name="Ffion", family_name="Ayres", date_of_birth=dt.date(2008, 12, 22),
        gender="F").id


def open_window(qtbot, app_ctx, person_id, **asks) -> RecordWindow:
    window = RecordWindow(app_ctx, app_ctx.services.overview.overview(person_id), **asks)
    qtbot.addWidget(window)
    window.show()
    return window


def texts(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_tab_shows_only_while_the_person_is_approaching_18(qtbot, app_ctx, person):
    later = app_ctx.services.people.add_person(  # the list takes them from tomorrow
        given_name="Tomos", family_name="Later", date_of_birth=dt.date(2009, 2, 15),
        gender="M").id

    shown = open_window(qtbot, app_ctx, person)
    hidden = open_window(qtbot, app_ctx, later)

    assert shown.approaching_18 is not None
    assert shown.tabs.tabText(shown.tabs.indexOf(shown.approaching_18)) == "Approaching 1&8"
    assert hidden.approaching_18 is None


def test_ticking_an_item_through_the_form(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    tab = window.approaching_18
    window.tabs.setCurrentWidget(tab)
    assert tab.heading.text() == ("18 on 22/12/2026. The checklist opened on 29/09/2026: "
                                  "0 of 5 done.")
    tab.table.selectRow(0)  # worked out from the print log: nothing to tick
    assert not tab.tick_button.isEnabled() and tab.tick() is None

    tab.table.selectRow(4)
    form = tab.tick()
    assert form.item.currentData() == "adult_services_consent"
    set_date(form.on, OPENS - dt.timedelta(days=1))
    form.accept()
    assert form.error_text("on") == ("cannot be before the checklist opened, 12 weeks before "
                                     "the 18th birthday")
    set_date(form.on, OPENS)
    form.accept()

    assert texts(tab.table)[4] == ["✓", "Consent to share with adult services recorded",
                                   "29/09/2026", "Ticked by the adviser"]
    assert tab.untick_button.isEnabled()
    tab.grab().save("/tmp/i14-extras-approaching-18-tab.png")


def test_taking_a_tick_back_asks_first(qtbot, app_ctx, person, monkeypatch):
    app_ctx.services.approaching_18.tick(person, "adult_guidance_given", TODAY)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)
    window = open_window(qtbot, app_ctx, person)
    tab = window.approaching_18
    window.tabs.setCurrentWidget(tab)
    tab.table.selectRow(3)

    tab.untick()

    assert texts(tab.table)[3][0] == "" and texts(tab.table)[3][3] == "Not yet: tick when done"


def test_the_activity_record_printed_from_the_checklist_is_ticked_off(qtbot, app_ctx, person,
                                                                       tmp_path):
    out = tmp_path / "record.pdf"
    window = open_window(qtbot, app_ctx, person, ask_path=lambda _parent, _name: out)
    tab = window.approaching_18
    window.tabs.setCurrentWidget(tab)
    assert texts(tab.table)[0] == ["", "Activity record printed", "",
                                   "Not yet: print it from here"]

    dialog = tab.print_activity_record()
    with qtbot.waitSignal(dialog.finished_output):
        dialog.save_button.click()

    assert out.exists()
    printed = texts(tab.table)[0]
    assert (printed[0], printed[3]) == ("✓", "From the print log")
    dialog.close()


def test_the_tick_form_offers_only_the_items_an_adviser_ticks(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    window.tabs.setCurrentWidget(window.approaching_18)
    form = window.approaching_18.tick()
    choose(form.item, "activity_record_printed")

    assert [form.item.itemData(i) for i in range(form.item.count())] == [
        "adult_guidance_given", "adult_services_consent"]
    form.grab().save("/tmp/i14-extras-approaching-18-form.png")


def test_every_button_has_a_name_and_a_mnemonic_of_its_own(qtbot, app_ctx, person):
    window = open_window(qtbot, app_ctx, person)
    tab = window.approaching_18
    buttons = [tab.tick_button, tab.untick_button, tab.print_button,
               window.new_contact_button, window.print_button, window.admit_button]
    for button in buttons[:3]:
        assert button.accessibleName() and "&" in button.text()
    letters = [b.text()[b.text().index("&") + 1].lower() for b in buttons]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    letters += [t[t.index("&") + 1].lower() for t in tabs]
    assert len(set(letters)) == len(letters)
