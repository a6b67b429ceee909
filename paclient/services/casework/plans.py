"""Assessments, action plans with their actions, and reviews (the APIR cycle of DOMAIN.md §2)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import catalogue, rules
from ccis.sensitivity import is_sensitive
from paclient.models import (
    Action,
    ActionPlan,
    Assessment,
    AssessmentFactor,
    Review,
    YoungPerson,
)
from paclient.services.casework.factors import is_retired
from paclient.services.casework.records import (
    ActionPlanRecord,
    ActionRecord,
    AssessmentFactorRecord,
    AssessmentRecord,
    ReviewRecord,
)
from paclient.services.casework.review_prompts import last_review, prompt_review
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.problems import Problems
from paclient.services.rows import as_record, columns, grouped, load
from paclient.services.writing import ChangeSet

ACTION_OWNERS = catalogue.ACTION_OWNERS  # declared once, in the catalogue both sides check


class PlanService:
    """Assessing needs, planning actions with the young person and reviewing progress."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def record_assessment(self, person_id: uuid.UUID, *, assessed_on: dt.date,
                          level_of_need: int, factors: Mapping[str, tuple[int, str]],
                          summary: str = "") -> AssessmentRecord:
        """Record an assessment; the latest one sets the person's level of need."""
        problems = Problems()
        problems.date("assessed_on", assessed_on, today=self._ctx.today())
        on = assessed_on if isinstance(assessed_on, dt.date) else None
        _check_level(problems, self._ctx, level_of_need, on)
        flags = {code: self._check_factor(problems, code, value, on)
                 for code, value in factors.items()}
        problems.raise_any()
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            latest = not _later_assessment_exists(session, person_id, assessed_on)
            changes = self._ctx.changes(session)
            row = changes.insert(Assessment, person_id=person_id, assessed_on=assessed_on,
                                 level_of_need=level_of_need, summary=(summary or "").strip())
            rows = [changes.insert(AssessmentFactor, assessment_id=row["id"], factor=code,
                                   rating=rating, note=(note or "").strip(),
                                   sensitive=flags[code])
                    for code, (rating, note) in factors.items()]
            if latest and person.level_of_need != level_of_need:
                changes.update(YoungPerson, person_id, {"level_of_need": level_of_need},
                               person.rev)
                if level_of_need == 1:
                    self._bring_review_forward(changes, person_id, assessed_on)
            changes.audit("create", "assessment", row["id"], person_id, factors=len(rows),
                          sensitive_factors=sum(flags.values()))
            changes.flush()
        return _assessment(row, rows)

    def start_plan(self, person_id: uuid.UUID, *, started_on: dt.date) -> ActionPlanRecord:
        """Start a new live plan, closing the current one; its first review is scheduled."""
        problems = Problems()
        problems.date("started_on", started_on, today=self._ctx.today())
        problems.raise_any()
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            live = _live_plan(session, person_id)
            problems.date("started_on", started_on,
                          earliest=live.started_on if live else None,
                          rule="plan_start_order", what="the current plan started")
            problems.raise_any()
            changes = self._ctx.changes(session)
            if live is not None:
                changes.update(ActionPlan, live.id, {"closed_on": started_on}, live.rev)
            row = changes.insert(ActionPlan, person_id=person_id, started_on=started_on,
                                 next_review_on=self._review_due(started_on, person))
            changes.audit("create", "action_plan", row["id"], person_id,
                          closed_plans=int(live is not None))
            changes.flush()
        return as_record(ActionPlanRecord, row, actions=(), reviews=())

    def add_action(self, plan_id: uuid.UUID, *, description: str, owner: str,
                   due_on: dt.date, owner_name: str | None = None) -> ActionRecord:
        """Add an open action to a live plan."""
        problems = Problems()
        text = problems.text("description", description)
        if owner not in ACTION_OWNERS:
            problems.add("owner", "action_owner", f"must be one of {', '.join(ACTION_OWNERS)}")
        name = (owner_name or "").strip() or None
        if owner == "agency" and name is None:
            problems.add("owner_name", "required", "name the agency that owns the action")
        with self._ctx.write.begin() as session:
            plan = load(session, ActionPlan, plan_id, "action plan")
            _check_live(problems, plan)
            problems.date("due_on", due_on, earliest=plan.started_on,
                          rule="due_after_plan_start", what="the plan started")
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(Action, plan_id=plan_id, description=text, owner=owner,
                                 owner_name=name, due_on=due_on, status="open")
            changes.audit("create", "action", row["id"], plan.person_id, plan_id=str(plan_id))
            changes.flush()
        return as_record(ActionRecord, row)

    def complete_action(self, action_id: uuid.UUID, done_on: dt.date) -> ActionRecord:
        """Mark an open action done."""
        return self._settle(action_id, {"status": "done", "done_on": done_on}, "complete")

    def drop_action(self, action_id: uuid.UUID, reason: str) -> ActionRecord:
        """Drop an open action; the reason is required."""
        problems = Problems()
        text = problems.text("reason", reason)
        problems.raise_any()
        return self._settle(action_id, {"status": "dropped", "drop_reason": text}, "drop")

    def record_review(self, plan_id: uuid.UUID, *, reviewed_on: dt.date, progress: str,
                      achievements: str = "", next_review_on: dt.date | None = None,
                      ) -> ReviewRecord:
        """Review a live plan and set its next review (by default from the level of need)."""
        problems = Problems()
        text = problems.text("progress", progress)
        with self._ctx.write.begin() as session:
            plan = load(session, ActionPlan, plan_id, "action plan")
            _check_live(problems, plan)
            if problems.date("reviewed_on", reviewed_on, today=self._ctx.today(),
                             earliest=plan.started_on, rule="review_after_plan_start",
                             what="the plan started"):
                person = load_person(session, plan.person_id)
                next_review_on = next_review_on or self._review_due(reviewed_on, person)
                problems.date("next_review_on", next_review_on, earliest=reviewed_on,
                              rule="next_review_order", what="the review")
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(Review, plan_id=plan_id, reviewed_on=reviewed_on,
                                 progress=text, achievements=achievements.strip(),
                                 next_review_on=next_review_on)
            changes.update(ActionPlan, plan_id, {"next_review_on": next_review_on,
                                                 "review_reason": None}, plan.rev)
            changes.audit("create", "review", row["id"], plan.person_id, plan_id=str(plan_id))
            changes.flush()
        return as_record(ReviewRecord, row)

    def live_plan(self, person_id: uuid.UUID) -> ActionPlanRecord | None:
        """The person's live plan with its actions and reviews, or None."""
        with self._ctx.read() as session:
            plan = _live_plan(session, person_id)
            return _plans(session, [plan])[0] if plan else None

    def plans(self, person_id: uuid.UUID) -> list[ActionPlanRecord]:
        """Every plan of the person, live and closed, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(ActionPlan).where(
                ActionPlan.person_id == person_id, ActionPlan.deleted_at.is_(None))
                .order_by(ActionPlan.started_on.desc(), ActionPlan.created_at.desc())).all()
            return _plans(session, rows)

    def assessments(self, person_id: uuid.UUID) -> list[AssessmentRecord]:
        """Every assessment of the person with its factors, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(Assessment).where(
                Assessment.person_id == person_id, Assessment.deleted_at.is_(None))
                .order_by(Assessment.assessed_on.desc(), Assessment.created_at.desc())).all()
            factors = session.scalars(select(AssessmentFactor).where(
                AssessmentFactor.assessment_id.in_([r.id for r in rows]),
                AssessmentFactor.deleted_at.is_(None))).all()
            by_assessment = grouped(factors, lambda f: f.assessment_id)
            return [_assessment(r, by_assessment.get(r.id, [])) for r in rows]

    def _check_factor(self, problems: Problems, code: str, value: tuple[int, str],
                      on: dt.date | None) -> bool:
        entry = problems.code(self._ctx.codebook, "assessment_factor", f"factors.{code}",
                              code, on)
        if entry is not None and is_retired(entry):
            problems.add(f"factors.{code}", "factor_retired",
                         "the factor is retired and is not used in new assessments")
        rating = value[0] if isinstance(value, tuple) and len(value) == 2 else None
        if not (isinstance(rating, int) and self._ctx.codebook.is_valid(
                "assessment_rating", str(rating), on)):
            problems.add(f"factors.{code}", "assessment_rating_code",
                         f"'{rating}' is not a valid assessment rating")
        return is_sensitive(entry)

    def _settle(self, action_id: uuid.UUID, fields: dict[str, object],
                verb: str) -> ActionRecord:
        problems = Problems()
        with self._ctx.write.begin() as session:
            action = load(session, Action, action_id, "action")
            plan = load(session, ActionPlan, action.plan_id, "action plan")
            if action.status != "open":
                problems.add("status", "action_not_open", f"the action is already {action.status}")
            if "done_on" in fields:
                problems.date("done_on", fields["done_on"], today=self._ctx.today(),
                              earliest=plan.started_on, rule="done_after_plan_start",
                              what="the plan started")
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(Action, action_id, fields, action.rev)
            changes.audit(verb, "action", action_id, plan.person_id)
            changes.flush()
            return as_record(ActionRecord, {**columns(action), **fields})

    def _review_due(self, on: dt.date, person: YoungPerson) -> dt.date:
        return rules.review_due(on, person.level_of_need, self._ctx.policy)

    def _bring_review_forward(self, changes: ChangeSet, person_id: uuid.UUID,
                              on: dt.date) -> None:
        """Level of need raised to 1 on `on`: the live plan is reviewed by the level 1 interval
        after its last review (or start), or on `on` when that is already past."""
        plan = _live_plan(changes.session, person_id)
        if plan is not None:
            due = rules.review_due(last_review(changes, plan), 1, self._ctx.policy)
            prompt_review(changes, person_id, "level_1", on, max(due, on))


def _check_level(problems: Problems, ctx: Context, level: object, on: dt.date | None) -> None:
    if not (isinstance(level, int) and not isinstance(level, bool)
            and ctx.codebook.is_valid("level_of_need", str(level), on)):
        problems.add("level_of_need", "level_of_need_code", "must be 1, 2 or 3")


def _check_live(problems: Problems, plan: ActionPlan) -> None:
    if plan.closed_on is not None:
        problems.add("plan_id", "plan_closed", "the plan was replaced by a newer one")


def _live_plan(session: Session, person_id: uuid.UUID) -> ActionPlan | None:
    return session.scalars(select(ActionPlan).where(
        ActionPlan.person_id == person_id, ActionPlan.closed_on.is_(None),
        ActionPlan.deleted_at.is_(None)).order_by(ActionPlan.started_on.desc())).first()


def _later_assessment_exists(session: Session, person_id: uuid.UUID, on: dt.date) -> bool:
    return session.scalar(select(Assessment.id).where(
        Assessment.person_id == person_id, Assessment.assessed_on > on,
        Assessment.deleted_at.is_(None)).limit(1)) is not None


def _plans(session: Session, plans: Sequence[ActionPlan]) -> list[ActionPlanRecord]:
    ids = [p.id for p in plans]
    actions = session.scalars(select(Action).where(
        Action.plan_id.in_(ids), Action.deleted_at.is_(None))
        .order_by(Action.due_on, Action.created_at)).all()
    reviews = session.scalars(select(Review).where(
        Review.plan_id.in_(ids), Review.deleted_at.is_(None))
        .order_by(Review.reviewed_on.desc(), Review.created_at.desc())).all()
    by_plan = grouped(actions, lambda a: a.plan_id)
    reviews_by_plan = grouped(reviews, lambda r: r.plan_id)
    return [as_record(ActionPlanRecord, p,
                      actions=tuple(as_record(ActionRecord, a) for a in by_plan.get(p.id, [])),
                      reviews=tuple(as_record(ReviewRecord, r)
                                    for r in reviews_by_plan.get(p.id, [])))
            for p in plans]


def _assessment(row: object, factors: Sequence[object]) -> AssessmentRecord:
    return as_record(AssessmentRecord, row,
                     factors=tuple(as_record(AssessmentFactorRecord, f) for f in factors))
