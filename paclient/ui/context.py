"""What every view is given: the services, the task runner and the change bus."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from paclient.services.bundle import Services
from paclient.services.changes import Changes
from paclient.ui.tasks import TaskRunner


class ChangeBus(QObject):
    """One broadcast of what a write changed; each view reloads only what it shows."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        """Tell every view that `changes` were written."""
        self.changed.emit(changes)


@dataclass(frozen=True)
class AppContext:
    """Passed to every view instead of globals, so tests can build one with inline executors."""

    services: Services
    tasks: TaskRunner
    changes: ChangeBus

    @classmethod
    def create(cls, services: Services, tasks: TaskRunner) -> AppContext:
        """A context over `services`, with a new change bus."""
        return cls(services, tasks, ChangeBus())
