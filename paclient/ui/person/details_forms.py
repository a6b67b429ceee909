"""The Details tab's forms: one part of the person's details, a parent or carer, a
characteristic. Each shows a refusal beside its field and keeps what was typed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QWidget

from ccis.errors import ValidationError, ValidationErrors
from paclient.services.people.records import CharacteristicRecord, ParentCarerRecord, PersonRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, choose, chosen, code_entries, date_edit, date_of, picker

translate = QCoreApplication.translate
RELATIONSHIPS = ("mother", "father", "stepmother", "stepfather", "grandparent", "foster carer",
                 "aunt", "uncle", "sibling", "carer")


@dataclass(frozen=True)
class Field:
    """One editable detail: its service field name, its label, and what kind of value it is
    ("text", "date", "optional date", "flag", or the code list it comes from)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False


def sections() -> dict[str, tuple[str, tuple[Field, ...]]]:
    """The parts of a person's details, each edited in a form of its own: (title, fields)."""
    t = translate
    return {
        "identity": (t("DetailsForms", "Identity"), (
            Field("given_name", t("DetailsForms", "&Given name:"), required=True),
            Field("middle_name", t("DetailsForms", "&Middle name:")),
            Field("family_name", t("DetailsForms", "&Family name:"), required=True),
            Field("preferred_name", t("DetailsForms", "&Preferred name:")),
            Field("date_of_birth", t("DetailsForms", "Date of &birth:"), "date", True),
            Field("gender", t("DetailsForms", "G&ender:"), "gender", True),
            Field("ethnicity", t("DetailsForms", "E&thnicity:"), "ethnicity"))),
        "contact": (t("DetailsForms", "Address and contact"), (
            Field("address_line1", t("DetailsForms", "&Address:")),
            Field("address_line2", t("DetailsForms", "Address line &2:")),
            Field("address_line3", t("DetailsForms", "Address line &3:")),
            Field("address_line4", t("DetailsForms", "Address line &4:")),
            Field("town", t("DetailsForms", "&Town:")),
            Field("postcode", t("DetailsForms", "Post&code:")),
            Field("phone", t("DetailsForms", "P&hone:")),
            Field("phone_verified_on", t("DetailsForms", "Phone &verified on:"),
                  "optional date"),
            Field("email", t("DetailsForms", "E&mail:")),
            Field("email_verified_on", t("DetailsForms", "Email ve&rified on:"),
                  "optional date"))),
        "identifiers": (t("DetailsForms", "Identifiers"), (
            Field("upn", t("DetailsForms", "&UPN:")),
            Field("uln", t("DetailsForms", "U&LN:")),
            Field("ccis_id", t("DetailsForms", "&CCIS number:")))),
        "school": (t("DetailsForms", "School and local authority"), (
            Field("school_name", t("DetailsForms", "&School or provider:")),
            Field("establishment_number", t("DetailsForms", "&Establishment number:")),
            Field("lead_la", t("DetailsForms", "LA of &residence:"), "la"),
            Field("educated_la", t("DetailsForms", "LA of e&ducation:"), "la"),
            Field("la_at_year_11", t("DetailsForms", "LA at &Year 11:"), "la"),
            Field("cohort_status", t("DetailsForms", "C&ohort status:"), "cohort_status",
                  True))),
        "support": (t("DetailsForms", "SEND and support"), (
            Field("send", t("DetailsForms", "&EHC plan (SEND):"), "flag"),
            Field("sen_support", t("DetailsForms", "SEN &support:"), "flag"),
            Field("level_of_need", t("DetailsForms", "&Level of need:"), "level_of_need"),
            Field("year_9_review_attended_on", t("DetailsForms", "Year &9 review attended:"),
                  "optional date"),
            Field("lda_completed_on", t("DetailsForms", "Learning difficulty &assessment:"),
                  "optional date"),
            Field("leaver_notified_on", t("DetailsForms", "Leaver &notified on:"),
                  "optional date"))),
    }


class PersonForm(FormDialog):
    """One part of the person's details; only what the adviser changed is sent."""

    def __init__(self, ctx: AppContext, person: PersonRecord, section: str,
                 parent: QWidget | None = None) -> None:
        title, fields = sections()[section]
        super().__init__(ctx, self.tr("Edit {0}").format(title.lower()), person.id, parent)
        self._person, self._fields = person, fields
        self.inputs = {f.name: self.add_field(f.name, f.label, self._input(f)) for f in fields}
        self.setMinimumWidth(460)

    def values(self) -> dict[str, Any]:
        """Every field of the part, as typed (a code that matches nothing: its text)."""
        return {f.name: _value(f, self.inputs[f.name]) for f in self._fields}

    def save(self, values: dict[str, Any]) -> PersonRecord:
        """Send the changed fields; nothing changed, nothing written."""
        blank = [ValidationError(f.name, "required", "is required") for f in self._fields
                 if f.required and values[f.name] in (None, "")]
        if blank:
            raise ValidationErrors(blank)
        changed = {k: v for k, v in values.items() if v != getattr(self._person, k)}
        if not changed:
            return self._person
        return self.ctx.services.people.update_person(self._person.id, **changed)

    def _input(self, field: Field) -> QWidget:
        value = getattr(self._person, field.name)
        if field.kind == "text":
            return QLineEdit(value or "", self)
        if field.kind.endswith("date"):
            return date_edit(self, value, optional=field.kind == "optional date")
        if field.kind == "flag":
            flag = QCheckBox(self)
            flag.setChecked(bool(value))
            return flag
        codes = self.ctx.services.codebook
        box = picker(self, code_entries(codes, field.kind, self.ctx.services.today()),
                     optional=not field.required)
        code = None if value is None else str(value)
        if code is not None and box.findData(code) < 0:  # a code from an older year
            entry = codes.entry(field.kind, code)
            box.addItem(entry.label if entry else code, code)
        choose(box, code)
        return box


def _value(field: Field, widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text().strip() or None
    if isinstance(widget, QDateEdit):
        return date_of(widget)
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    assert isinstance(widget, QComboBox)
    code = chosen(widget)
    if code is None:  # typed text matching no code: the service says why
        return widget.currentText().strip() or None
    return int(code) if field.kind == "level_of_need" else code


class ParentCarerForm(FormDialog):
    """A new parent or carer, with whether the young person lets us contact them."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a parent or carer"), person_id, parent)
        self.name, self.phone, self.email, self.address = (QLineEdit(self) for _ in range(4))
        self.relationship = QComboBox(self)
        self.relationship.setEditable(True)
        self.relationship.addItems(["", *RELATIONSHIPS])
        self.add_field("name", self.tr("&Name:"), self.name)
        self.add_field("relationship", self.tr("&Relationship:"), self.relationship)
        self.add_field("phone", self.tr("&Phone:"), self.phone)
        self.add_field("email", self.tr("&Email:"), self.email)
        self.add_field("address", self.tr("&Address:"), self.address)
        self.permission = QCheckBox(self.tr("The young person agrees we may &contact them"),
                                    self)
        self.add_field("permission_to_contact", self.tr("Permission:"), self.permission)

    def values(self) -> dict[str, Any]:
        """What is typed, as `add_parent_carer` takes it."""
        return {"name": self.name.text(), "relationship": self.relationship.currentText(),
                "phone": self.phone.text(), "email": self.email.text(),
                "address": self.address.text(),
                "permission_to_contact": self.permission.isChecked()}

    def save(self, values: dict[str, Any]) -> ParentCarerRecord:
        """Add the parent or carer."""
        assert self.person_id is not None
        return self.ctx.services.safeguarding.add_parent_carer(self.person_id, **values)


class CharacteristicForm(FormDialog):
    """A characteristic (looked after, care leaver, YOT...) for a period."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a characteristic"), person_id, parent)
        today = ctx.services.today()
        entries = code_entries(ctx.services.codebook, "characteristic", today)
        self.code = picker(self, entries, optional=True)
        self.start = date_edit(self, today)
        self.end = date_edit(self, None, optional=True)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(self.tr("who told us, e.g. social care"))
        self.add_field("code", self.tr("&Characteristic:"), self.code)
        self.add_field("start_date", self.tr("&From:"), self.start)
        self.add_field("end_date", self.tr("&Until (if known):"), self.end)
        self.add_field("source", self.tr("&Source:"), self.source)

    def values(self) -> dict[str, Any]:
        """What is typed, as `add_characteristic` takes it."""
        return {"code": chosen(self.code) or self.code.currentText().strip(),
                "start_date": date_of(self.start), "end_date": date_of(self.end),
                "source": self.source.text()}

    def save(self, values: dict[str, Any]) -> CharacteristicRecord:
        """Add the characteristic."""
        assert self.person_id is not None
        return self.ctx.services.safeguarding.add_characteristic(self.person_id, **values)
