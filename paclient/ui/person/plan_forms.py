"""The forms of the Assessment and plan tab: an assessment, a new plan, an action (added,
completed or dropped) and a review. Each calls one `PlanService` method and shows its
refusals beside the fields."""

from __future__ import annotations

import uuid
from typing import Any, cast

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from paclient.services.casework.factors import offered
from paclient.services.casework.plans import ACTION_OWNERS
from paclient.services.casework.records import ActionPlanRecord, ActionRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import (
    FormDialog,
    british,
    choose,
    chosen,
    code_entries,
    date_edit,
    date_of,
    picker,
)
from paclient.ui.person.form_parts import about, agreed, field, line, text_box

AREAS = ("ete", "personal", "family")


class AssessmentForm(FormDialog):
    """A new assessment: its date, the level of need, a summary and a rating and note for
    each factor the adviser assessed (factors left blank are not recorded)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, level_of_need: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Record an assessment"), person_id, parent)
        self._person_id = person_id
        self._scroll_the_form()
        codebook, today = ctx.services.codebook, ctx.services.today()
        self.assessed_on = field(self, "assessed_on", self.tr("Assessed &on:"),
                                 date_edit(self, today))
        self.level_of_need = field(self, "level_of_need", self.tr("&Level of need:"), picker(
            self, code_entries(codebook, "level_of_need", today), optional=True))
        choose(self.level_of_need, str(level_of_need) if level_of_need else None)
        self.summary = field(self, "summary", self.tr("&Summary:"), text_box(self))
        ratings = code_entries(codebook, "assessment_rating", today)
        self.ratings: dict[str, tuple[QComboBox, QLineEdit]] = {}
        areas = {"ete": self.tr("Education, training and employment"),
                 "personal": self.tr("Personal and social development"),
                 "family": self.tr("Family and environment")}
        entries = offered(codebook)  # the authority's list, retired factors left out
        for area in AREAS:
            heading = QLabel(f"<b>{areas[area]}</b>", self)
            heading.setAccessibleName(areas[area])
            self.form.addRow(heading)
            for entry in (e for e in entries if e.attrs.get("area") == area):
                self._factor_row(entry.code, entry.label, entry.sensitive, ratings)
        self.resize(620, 640)

    def _factor_row(self, code: str, label: str, sensitive: bool,
                    ratings: list[tuple[str, str]]) -> None:
        row = QWidget(self)
        rating, note = picker(row, ratings, optional=True), line(row)
        rating.setAccessibleName(self.tr("{0}: rating").format(label))
        note.setAccessibleName(self.tr("{0}: note").format(label))
        note.setPlaceholderText(self.tr("Note"))
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rating, 1)
        layout.addWidget(note, 2)
        shown = self.tr("{0} (sensitive)").format(label) if sensitive else label
        field(self, f"factors.{code}", shown + ":", row)
        self.ratings[code] = (rating, note)

    def _scroll_the_form(self) -> None:
        """Eighteen factors do not fit a laptop screen: the fields scroll, the buttons stay."""
        inner = QWidget(self)
        self.form = QFormLayout(inner)
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        cast(QVBoxLayout, self.layout()).insertWidget(1, scroll)

    def values(self) -> dict[str, Any]:
        """The assessment as `record_assessment` takes it."""
        level = chosen(self.level_of_need)
        factors: dict[str, tuple[int | None, str]] = {}
        for code, (rating, note) in self.ratings.items():
            if rating.currentText().strip() or note.text().strip():
                value = chosen(rating)
                factors[code] = (int(value) if value is not None else None, note.text())
        return {"assessed_on": date_of(self.assessed_on),
                "level_of_need": int(level) if level is not None else None,
                "summary": self.summary.toPlainText(), "factors": factors}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.record_assessment(self._person_id, **values)


class StartPlanForm(FormDialog):
    """A new live plan; the current one (if any) closes on the day the new one starts."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, live: ActionPlanRecord | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Start a new action plan"), person_id, parent)
        self._person_id, self._live = person_id, live
        if live is not None:
            about(self, self.tr("The current plan (started {0}) will be closed and kept; its "
                                "open actions stay with it.").format(british(live.started_on)),
                  self.tr("What happens to the current plan"))
        self.started_on = field(self, "started_on", self.tr("&Starts on:"),
                                date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The start date."""
        return {"started_on": date_of(self.started_on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.start_plan(self._person_id, **values)

    def accept(self) -> None:
        """Start the plan; replacing a live plan is confirmed first."""
        if self._live is None or agreed(self, self.tr(
                "Close the current plan (started {0}) and start a new one on {1}?").format(
                british(self._live.started_on), british(date_of(self.started_on)))):
            super().accept()


class ActionForm(FormDialog):
    """A new action on the live plan: what, who owns it (the young person unless changed)
    and when it is due (by default the plan's next review)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, plan: ActionPlanRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add an action"), person_id, parent)
        self._plan_id = plan.id
        owners = {"young_person": self.tr("The young person"), "adviser": self.tr("Adviser"),
                  "parent_carer": self.tr("Parent or carer"), "agency": self.tr("An agency")}
        self.description = field(self, "description", self.tr("&Action:"), line(self))
        self.owner = field(self, "owner", self.tr("&Owner:"), picker(
            self, [(code, owners.get(code, code)) for code in ACTION_OWNERS]))
        self.owner_name = field(self, "owner_name", self.tr("Agency &name:"), line(self))
        self.due_on = field(self, "due_on", self.tr("&Due on:"), date_edit(
            self, max(plan.next_review_on, ctx.services.today())))
        self.owner.currentIndexChanged.connect(self._on_owner_changed)
        self._on_owner_changed()
        self.resize(460, 0)

    def _on_owner_changed(self) -> None:
        self.owner_name.setEnabled(chosen(self.owner) == "agency")

    def values(self) -> dict[str, Any]:
        """The action as `add_action` takes it."""
        return {"description": self.description.text(), "owner": chosen(self.owner),
                "owner_name": self.owner_name.text() if self.owner_name.isEnabled() else None,
                "due_on": date_of(self.due_on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.add_action(self._plan_id, **values)


class CompleteActionForm(FormDialog):
    """Marks an open action done on a day (today unless changed)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, action: ActionRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Complete an action"), person_id, parent)
        self._action_id = action.id
        about(self, action.description, self.tr("The action"))
        self.done_on = field(self, "done_on", self.tr("&Done on:"),
                             date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The day it was done."""
        return {"done_on": date_of(self.done_on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.complete_action(self._action_id, values["done_on"])


class DropActionForm(FormDialog):
    """Drops an open action with the reason why, once the adviser confirms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, action: ActionRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Drop an action"), person_id, parent)
        self._action = action
        about(self, action.description, self.tr("The action"))
        self.reason = field(self, "reason", self.tr("&Why it is dropped:"), text_box(self))

    def values(self) -> dict[str, Any]:
        """The reason."""
        return {"reason": self.reason.toPlainText()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.drop_action(self._action.id, values["reason"])

    def accept(self) -> None:
        """Drop the action once the adviser agrees; a dropped action cannot be reopened."""
        if agreed(self, self.tr("Drop the action “{0}”? It stays on the plan as dropped and "
                                "cannot be reopened.").format(self._action.description)):
            super().accept()


class ReviewForm(FormDialog):
    """A review of the live plan: progress, achievements and the next review (left blank,
    the service sets it from the level of need)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, plan: ActionPlanRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Record a review"), person_id, parent)
        self._plan_id = plan.id
        self.reviewed_on = field(self, "reviewed_on", self.tr("&Reviewed on:"),
                                 date_edit(self, ctx.services.today()))
        self.progress = field(self, "progress", self.tr("&Progress:"), text_box(self))
        self.achievements = field(self, "achievements", self.tr("&Achievements:"),
                                  text_box(self))
        self.next_review_on = field(self, "next_review_on",
                                    self.tr("&Next review (blank: by level of need):"),
                                    date_edit(self, None, optional=True))
        self.next_review_on.setToolTip(self.tr("Leave blank to set it from the level of need"))

    def values(self) -> dict[str, Any]:
        """The review as `record_review` takes it."""
        return {"reviewed_on": date_of(self.reviewed_on),
                "progress": self.progress.toPlainText(),
                "achievements": self.achievements.toPlainText(),
                "next_review_on": date_of(self.next_review_on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.plans.record_review(self._plan_id, **values)

