"""What every view is given: the services, the task runner, the change bus and the hub sync."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from paclient.services.bundle import Services
from paclient.services.hub_sync import HubSync
from paclient.services.records import Changes
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
    hub: HubSync | None = None  # online sync of the unlocked store; None: no sync here

    @classmethod
    def create(cls, services: Services, tasks: TaskRunner,
               hub: HubSync | None = None) -> AppContext:
        """A context over `services`, with a new change bus."""
        return cls(services, tasks, ChangeBus(), hub)
