"""The Assessment and plan tab: assessments factor by factor, the live action plan with its
actions (overdue ones in warning colours) and its reviews, and the forms that change them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from paclient.services.casework.records import (
    ActionPlanRecord,
    ActionRecord,
    AssessmentFactorRecord,
    AssessmentRecord,
    ReviewRecord,
)
from paclient.ui.context import AppContext
from paclient.ui.forms import british
from paclient.ui.person.highlight import HighlightDelegate
from paclient.ui.person.plan_forms import (
    ActionForm,
    AssessmentForm,
    CompleteActionForm,
    DropActionForm,
    ReviewForm,
    StartPlanForm,
)
from paclient.ui.person.tab import RecordTab
from paclient.ui.person.tab_parts import button, one_line, open_form, part
from paclient.ui.rows_model import Column, RowsTable


@dataclass(frozen=True)
class PlanData:
    """What the tab shows: assessments newest first, the live plan, the level of need."""

    assessments: list[AssessmentRecord]
    plan: ActionPlanRecord | None
    level_of_need: int | None


class PlanTab(RecordTab):
    """Assessments, the live action plan and its reviews for one young person."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.data = PlanData([], None, None)
        self._today = ctx.services.today
        label = ctx.services.codebook.label
        self.assessment_table = RowsTable(self._assessment_columns(label),
                                          self.tr("Assessments"), self)
        self.factor_table = RowsTable(self._factor_columns(label),
                                      self.tr("Factors of the chosen assessment"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Summary of the chosen assessment"))
        self.plan_heading = QLabel(self)
        self.plan_heading.setAccessibleName(self.tr("The live plan"))
        self.action_table = RowsTable(self._action_columns(), self.tr("Actions"), self)
        self.action_table.setItemDelegate(HighlightDelegate(self.overdue, self.action_table))
        self.review_table = RowsTable(self._review_columns(), self.tr("Reviews"), self)
        self.assess_button = button(self, self.tr("Record a&ssessment…"),
                                          self.tr("Record an assessment"), self.record_assessment)
        self.start_button = button(self, self.tr("S&tart new plan…"),
                                         self.tr("Start a new action plan"), self.start_plan)
        self.add_button = button(self, self.tr("Add &action…"), self.tr("Add an action"),
                                       self.add_action)
        self.complete_button = button(self, self.tr("Co&mplete…"),
                                            self.tr("Complete the chosen action"),
                                            self.complete_action)
        self.drop_button = button(self, self.tr("&Drop…"), self.tr("Drop the chosen action"),
                                        self.drop_action)
        self.review_button = button(self, self.tr("Record re&view…"), self.tr("Record a review"),
                                          self.record_review)
        self.assessment_table.selectionModel().selectionChanged.connect(
            self._on_assessment_chosen)
        for table, column, order in (  # newest first; factors in the code book's order
                (self.assessment_table, 0, Qt.SortOrder.DescendingOrder),
                (self.factor_table, 0, Qt.SortOrder.AscendingOrder),
                (self.action_table, 2, Qt.SortOrder.AscendingOrder),
                (self.review_table, 0, Qt.SortOrder.DescendingOrder)):
            table.sortByColumn(column, order)
        self.action_table.selectionModel().selectionChanged.connect(self._enable)
        self._lay_out()
        self._enable()

    # --- reading and showing ----------------------------------------------------------------

    def read(self) -> PlanData:
        """The person's assessments, live plan and level of need (runs on the store's worker)."""
        plans, person = self.ctx.services.plans, self.ctx.services.people
        return PlanData(plans.assessments(self.person_id), plans.live_plan(self.person_id),
                        person.get(self.person_id, audited=False).level_of_need)

    def show_data(self, data: PlanData) -> None:
        """Show `data`, the newest assessment chosen."""
        self.data = data
        self.assessment_table.show_rows(data.assessments)
        if data.assessments:
            self.assessment_table.selectRow(0)
        self._on_assessment_chosen()
        plan = data.plan
        self.plan_heading.setText(self._plan_text(plan))
        self.action_table.show_rows(plan.actions if plan else [])
        self.review_table.show_rows(plan.reviews if plan else [])
        self._enable()

    def overdue(self, action: ActionRecord) -> bool:
        """True for an open action whose due date has passed."""
        return action.status == "open" and action.due_on < self._today()

    # --- the forms --------------------------------------------------------------------------

    def record_assessment(self) -> AssessmentForm:
        """Open the assessment form."""
        return open_form(AssessmentForm(self.ctx, self.person_id, self.data.level_of_need,
                                         self))

    def start_plan(self) -> StartPlanForm:
        """Open the form that starts a new plan (closing the live one)."""
        return open_form(StartPlanForm(self.ctx, self.person_id, self.data.plan, self))

    def add_action(self) -> ActionForm | None:
        """Open the new-action form for the live plan (None without one)."""
        plan = self.data.plan
        return open_form(ActionForm(self.ctx, self.person_id, plan, self)) if plan else None

    def complete_action(self) -> CompleteActionForm | None:
        """Open the form that completes the chosen open action (None without one)."""
        action = self._chosen_open_action()
        return (open_form(CompleteActionForm(self.ctx, self.person_id, action, self))
                if action else None)

    def drop_action(self) -> DropActionForm | None:
        """Open the form that drops the chosen open action (None without one)."""
        action = self._chosen_open_action()
        return (open_form(DropActionForm(self.ctx, self.person_id, action, self))
                if action else None)

    def record_review(self) -> ReviewForm | None:
        """Open the review form for the live plan (None without one)."""
        plan = self.data.plan
        return open_form(ReviewForm(self.ctx, self.person_id, plan, self)) if plan else None

    def _chosen_open_action(self) -> ActionRecord | None:
        action: ActionRecord | None = self.action_table.chosen()
        return action if action is not None and action.status == "open" else None

    def _enable(self) -> None:
        live = self.data.plan is not None
        self.add_button.setEnabled(live)
        self.review_button.setEnabled(live)
        chosen = self._chosen_open_action() is not None
        self.complete_button.setEnabled(chosen)
        self.drop_button.setEnabled(chosen)

    def _on_assessment_chosen(self) -> None:
        chosen: AssessmentRecord | None = self.assessment_table.chosen()
        self.factor_table.show_rows(chosen.factors if chosen else [])
        self.summary.setText(self.tr("Summary: {0}").format(chosen.summary) if chosen
                             and chosen.summary else "")
        self.summary.setVisible(bool(self.summary.text()))

    # --- how it looks -----------------------------------------------------------------------

    def _plan_text(self, plan: ActionPlanRecord | None) -> str:
        if plan is None:
            return self.tr("No live action plan. Start one with the young person.")
        due = plan.next_review_on
        late = self.tr(" (overdue)") if due < self._today() else ""
        return self.tr("Live plan started {0} · next review {1}{2}").format(
            british(plan.started_on), british(due), late)

    def _assessment_columns(self, label: Any) -> list[Column[AssessmentRecord]]:
        return [Column(self.tr("Assessed on"), lambda a: british(a.assessed_on),
                       lambda a: a.assessed_on.isoformat()),
                Column(self.tr("Level of need"), lambda a: f"{a.level_of_need} "
                       f"{label('level_of_need', str(a.level_of_need))}"),
                Column(self.tr("Summary"), lambda a: one_line(a.summary))]

    def _factor_columns(self, label: Any) -> list[Column[AssessmentFactorRecord]]:
        codes = self.ctx.services.codebook.entries("assessment_factor")
        order = {entry.code: place for place, entry in enumerate(codes)}  # the code book's
        return [Column(self.tr("Factor"), lambda f: label("assessment_factor", f.factor),
                       lambda f: order.get(f.factor, len(order))),
                Column(self.tr("Rating"), lambda f: f"{f.rating} "
                       f"{label('assessment_rating', str(f.rating))}", lambda f: f.rating),
                Column(self.tr("Sensitive"), lambda f: self.tr("Sensitive") if f.sensitive
                       else ""),
                Column(self.tr("Note"), lambda f: one_line(f.note))]

    def _action_columns(self) -> list[Column[ActionRecord]]:
        owners = {"young_person": self.tr("Young person"), "adviser": self.tr("Adviser"),
                  "parent_carer": self.tr("Parent or carer"), "agency": self.tr("Agency")}
        return [Column(self.tr("Action"), lambda a: a.description),
                Column(self.tr("Owner"), lambda a: a.owner_name or owners.get(a.owner, a.owner)),
                Column(self.tr("Due"), lambda a: british(a.due_on), lambda a: a.due_on),
                Column(self.tr("Status"), self._status)]

    def _status(self, action: ActionRecord) -> str:
        if action.status == "done":
            return self.tr("Done {0}").format(british(action.done_on))
        if action.status == "dropped":
            return self.tr("Dropped: {0}").format(one_line(action.drop_reason or ""))
        return self.tr("Open, overdue") if self.overdue(action) else self.tr("Open")

    def _review_columns(self) -> list[Column[ReviewRecord]]:
        return [Column(self.tr("Reviewed on"), lambda r: british(r.reviewed_on),
                       lambda r: r.reviewed_on),
                Column(self.tr("Next review"), lambda r: british(r.next_review_on),
                       lambda r: r.next_review_on),
                Column(self.tr("Progress"), lambda r: one_line(r.progress)),
                Column(self.tr("Achievements"), lambda r: one_line(r.achievements))]

    def _lay_out(self) -> None:
        for table in (self.assessment_table, self.factor_table, self.action_table,
                      self.review_table):
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        assessed = QWidget(self)
        both = QHBoxLayout(assessed)
        both.setContentsMargins(0, 0, 0, 0)
        both.addWidget(self.assessment_table, 2)
        both.addWidget(self.factor_table, 3)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(part(self.tr("Assessments"), self.summary, [self.assess_button],
                                  assessed, self))
        splitter.addWidget(part(self.tr("Action plan"), self.plan_heading,
                                  [self.start_button, self.add_button, self.complete_button,
                                   self.drop_button], self.action_table, self))
        splitter.addWidget(part(self.tr("Reviews"), None, [self.review_button],
                                  self.review_table, self))
        splitter.setSizes([230, 230, 150])
        QVBoxLayout(self).addWidget(splitter)

