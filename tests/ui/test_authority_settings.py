"""File > Authority settings (issue 14, finding 12): the authority's settings as this laptop
applies them, read-only for an adviser, editable for a laptop signed in as an admin."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox

from paclient.storage import store_settings
from paclient.ui.authority import AuthoritySettingsDialog
from paclient.ui.main_window import MainWindow


def open_settings(qtbot, app_ctx) -> AuthoritySettingsDialog:
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.authority_action.trigger()  # the inline runner reads what is kept at once
    [dialog] = window.findChildren(AuthoritySettingsDialog)
    assert dialog.isVisible()
    return dialog


def test_an_adviser_sees_the_settings_the_hub_sent_but_cannot_change_them(qtbot, app_ctx):
    app_ctx.services.authority.keep({"own_la": "202", "review_weeks_level_1": "8"})

    dialog = open_settings(qtbot, app_ctx)

    own_la, weeks = dialog.edits["own_la"], dialog.edits["review_weeks_level_1"]
    assert isinstance(own_la, QLineEdit) and own_la.text() == "202" and own_la.isReadOnly()
    assert isinstance(weeks, QSpinBox) and weeks.value() == 8 and weeks.isReadOnly()
    assert (weeks.minimum(), weeks.maximum()) == (1, 26)
    assert dialog.edits["review_months_other"].value() == 6  # the default
    assert not dialog.save_button.isVisible()
    names = {key: edit.accessibleName() for key, edit in dialog.edits.items()}
    assert names["neet_currency_months"] == "Months a NEET activity stays current"
    assert names["age_out_send"] == "Age at which a record with SEND leaves the active caseload"


def test_an_admin_may_change_them_within_their_bounds(qtbot, app_ctx, store):
    with store.write.begin() as session:
        store_settings.put(session, store_settings.HUB_ROLE, "admin")

    dialog = open_settings(qtbot, app_ctx)

    weeks = dialog.edits["review_weeks_level_1"]
    assert not weeks.isReadOnly() and dialog.save_button.isVisible()
    weeks.setValue(40)
    assert weeks.value() == 26
    assert dialog.values() == {"review_weeks_level_1": "26"}  # only what changed goes
