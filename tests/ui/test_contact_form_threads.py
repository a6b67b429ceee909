"""The new-contact form on the app's real worker threads, where a save takes time."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from paclient.ui.context import AppContext
from paclient.ui.person.contact_form import ContactForm
from paclient.ui.tasks import TaskRunner


@pytest.fixture
def threaded_ctx(qtbot, services):
    """The app context with the app's own executors: one db worker, a small io pool."""
    tasks = TaskRunner(ThreadPoolExecutor(1, thread_name_prefix="paclient-db"),
                       ThreadPoolExecutor(2, thread_name_prefix="paclient-io"))
    yield AppContext.create(services, tasks)
    tasks.shutdown()


def drain(qtbot, tasks: TaskRunner) -> None:
    """Wait until everything already queued on the db worker has run and been delivered."""
    done: list[object] = []
    tasks.run(lambda: None, on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: done == [None], timeout=10_000)


def test_pressing_save_twice_while_saving_records_the_contact_once(qtbot, threaded_ctx):
    person = threaded_ctx.services.people.add_person(
        given_name="Dot", family_name="Double", date_of_birth=dt.date(2009, 3, 4),
        gender="F").id
    form = ContactForm(threaded_ctx, person, "Dot Double")
    qtbot.addWidget(form)
    form.show()
    drain(qtbot, threaded_ctx.tasks)  # the draft look-up has come back
    form.discussion.setPlainText("Talked about sixth form.")
    save = form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    busy = threading.Event()  # the db worker is busy (a sync step, say) as Save is pressed
    threaded_ctx.tasks.run(busy.wait, on_done=lambda _r: None, on_error=pytest.fail)

    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        busy.set()
    drain(qtbot, threaded_ctx.tasks)  # a second save, had one been queued, has run too

    assert len(threaded_ctx.services.contacts.timeline(person)) == 1
    assert not form.isVisible() and save.isEnabled()
