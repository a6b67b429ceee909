"""UI fixtures: a task runner that works inline, and an app context over a demo caseload."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

import pytest

from paclient.services.bundle import Services
from paclient.services.caseload.listing import CaseloadService
from paclient.services.caseload.records import CaseloadRow
from paclient.services.demo.build import build_demo
from paclient.ui.context import AppContext
from paclient.ui.tasks import TaskRunner

DEMO_PEOPLE = 30


class InlineExecutor(Executor):
    """Runs each op at once on the calling thread, so UI tests need no waiting."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


@pytest.fixture
def tasks(qtbot: Any) -> TaskRunner:
    """A TaskRunner whose ops finish before run() returns."""
    return TaskRunner(InlineExecutor(), InlineExecutor())


@pytest.fixture
def app_ctx(services: Services, tasks: TaskRunner) -> AppContext:
    """What the main window is given, over the test store."""
    return AppContext.create(services, tasks)


@pytest.fixture
def demo_rows(services: Services) -> list[CaseloadRow]:
    """A small demo caseload in the test store, as the caseload service lists it."""
    build_demo(services.ctx, people=DEMO_PEOPLE, seed=1)
    return CaseloadService(services.ctx).rows()
