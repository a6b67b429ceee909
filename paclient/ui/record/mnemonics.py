"""Mnemonics for forms whose fields sit in a layout with their problem label.

`FormDialog.add_field` gives `QFormLayout` a layout, not the field, so the row's label has no
buddy: its `&` would show as a character and Alt+letter would go nowhere. `link_labels` fixes
that for every field of a form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel

from paclient.ui.forms import FormDialog


def link_labels(dialog: FormDialog) -> None:
    """Make each field's label the buddy of its field, so `&` marks an Alt+letter shortcut."""
    form = dialog.form
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        holder = field_item.layout() if field_item is not None else None
        if not isinstance(label, QLabel) or holder is None:
            continue
        for field in dialog.fields.values():
            if holder.indexOf(field) >= 0:
                label.setBuddy(field)
