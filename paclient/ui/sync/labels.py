"""Plain words for the parts of a record and their fields, as sync lists name them."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QCoreApplication

from paclient.ui.status_bar import local_time


def part_text(table: str) -> str:
    """The part of a record a table holds ('contact' -> 'Contact')."""
    parts = {
        "young_person": QCoreApplication.translate("sync", "Personal details"),
        "action_plan": QCoreApplication.translate("sync", "Action plan"),
        "activity": QCoreApplication.translate("sync", "Activity"),
        "contact": QCoreApplication.translate("sync", "Contact"),
        "referral": QCoreApplication.translate("sync", "Referral"),
        "consent": QCoreApplication.translate("sync", "Consent"),
        "characteristic": QCoreApplication.translate("sync", "Characteristic"),
        "parent_carer": QCoreApplication.translate("sync", "Parent or carer"),
        "safety_warning": QCoreApplication.translate("sync", "Safety warning"),
        "custody_episode": QCoreApplication.translate("sync", "Custody"),
        "action": QCoreApplication.translate("sync", "Plan action"),
        "review": QCoreApplication.translate("sync", "Plan review"),
    }
    return parts.get(table, table.replace("_", " ").capitalize())


def field_text(field: str) -> str:
    """A column name as words ('preferred_name' -> 'Preferred name')."""
    return field.replace("_", " ").capitalize()


def value_text(value: object) -> str:
    """A JSON field value as the adviser reads it ('(empty)' for none)."""
    if value is None or value == "":
        return QCoreApplication.translate("sync", "(empty)")
    if isinstance(value, bool):
        return (QCoreApplication.translate("sync", "Yes") if value
                else QCoreApplication.translate("sync", "No"))
    if isinstance(value, str):
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}" if len(value) == 10 else value
        except ValueError:
            return value
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


def when_text(when: dt.datetime) -> str:
    """A stored UTC time on the adviser's clock."""
    return local_time(when)
