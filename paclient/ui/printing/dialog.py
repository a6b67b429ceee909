"""Print, preview or save a document: activity records for people chosen in the caseload, or
any document from a young person's record.

The PDF is made off the UI thread behind a progress dialog that can cancel it; it stays in
memory: the preview and the printer draw it from there, and only "Save as PDF" writes a file,
where the adviser chose. Each print or save is logged (what, for whom, sensitive items or not)
in the same transaction that delivers it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paclient import printing
from paclient.printing import Cancelled, Printed
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.printing.pages import page_images, print_pdf
from paclient.ui.printing.preview import PreviewDialog

AskPath = Callable[[QWidget, str], Path | None]
AskPrinter = Callable[[QWidget], QPrinter | None]


class _Progress(QObject):
    """Carries progress from the worker thread to the UI thread (a queued signal)."""

    advanced = Signal(str, int, int)


Make = Callable[[bool, bool, printing.Progress, threading.Event], Printed]
"""(large print, include sensitive, progress, cancel) -> the document made in memory."""


class PrintDialog(QDialog):
    """Options for one document (or a batch), then preview, print or save it."""

    finished_output = Signal(str)  # what was printed or saved, for the status bar
    progressed = Signal(str, int, int)  # (stage, done, total) while the PDF is made

    def __init__(self, ctx: AppContext, make: Make, *, title: str, what: str,
                 steps: int = 1, parent: QWidget | None = None,
                 ask_path: AskPath | None = None, ask_printer: AskPrinter | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._make_document, self._steps = ctx, make, steps
        self._ask_path, self._ask_printer = ask_path or _ask_path, ask_printer or _ask_printer
        self.progress: QProgressDialog | None = None
        self._cancel = threading.Event()
        self.setWindowTitle(title)
        self.large_print = QCheckBox(self.tr("&Large print (16 point text)"), self)
        self.include_sensitive = QCheckBox(
            self.tr("&Include sensitive entries (custody, pregnancy, sexual health, "
                    "substance use, offending)"), self)
        self.include_sensitive.setToolTip(self.tr(
            "Left out unless you tick this; the print log records your choice."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.preview_button = self._button(buttons, self.tr("Pre&view"), self._on_preview)
        self.print_button = self._button(buttons, self.tr("&Print…"), self._on_print)
        self.save_button = self._button(buttons, self.tr("&Save as PDF…"), self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(what, self))
        for widget in (self.large_print, self.include_sensitive, buttons):
            layout.addWidget(widget)

    @classmethod
    def activity_records(cls, ctx: AppContext, person_ids: Sequence[uuid.UUID],
                         parent: QWidget | None = None, **asks: Any) -> PrintDialog:
        """The dialog for the activity records of `person_ids`, each on its own pages."""
        ids = list(person_ids)

        def make(large: bool, sensitive: bool, progress: printing.Progress,
                 cancel: threading.Event) -> Printed:
            return printing.activity_records(ctx.services.documents, ids, large_print=large,
                                             include_sensitive=sensitive, progress=progress,
                                             cancel=cancel)

        translate = QCoreApplication.translate
        what = translate("PrintDialog", "Activity records for %n young people, each on its "
                         "own pages.", None, len(ids))
        return cls(ctx, make, title=translate("PrintDialog", "Print activity records"),
                   what=what, steps=2 * len(ids), parent=parent, **asks)

    def _button(self, box: QDialogButtonBox, text: str, slot: Callable[[], None]) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # --- the three actions ------------------------------------------------------------------

    def _on_preview(self) -> None:
        self._make(self._preview)

    def _on_print(self) -> None:
        self._make(self.print_document)

    def _on_save(self) -> None:
        self._make(self.save_document)

    def _preview(self, printed: Printed) -> None:
        preview = PreviewDialog(page_images(printed.pdf), self)
        preview.print_requested.connect(partial(self.print_document, printed))
        preview.save_requested.connect(partial(self.save_document, printed))
        preview.open()

    def print_document(self, printed: Printed) -> None:
        """Ask for a printer, then print and log `printed`."""
        printer = self._ask_printer(self)
        if printer is not None:
            self._deliver(partial(printing.log_and_deliver, self._ctx.services.documents,
                                  printed, "printer", lambda: print_pdf(printed.pdf, printer)),
                          self.tr("Printed {0}.").format(printed.what))

    def save_document(self, printed: Printed) -> None:
        """Ask where, then write and log `printed`."""
        path = self._ask_path(self, f"{printed.kind}-{self._ctx.services.today()}.pdf")
        if path is not None:
            self._deliver(partial(printing.save_pdf, self._ctx.services.documents, printed,
                                  path),
                          self.tr("Saved {0} to {1}.").format(printed.what, path))

    # --- making and delivering -------------------------------------------------------------

    def cancel_job(self) -> None:
        """Stop making the PDF at its next step; nothing is printed, saved or logged."""
        self._cancel.set()

    def _make(self, then: Callable[[Printed], None]) -> None:
        self._cancel = cancel = threading.Event()
        progress = _Progress(self)
        self.progress = QProgressDialog(self.tr("Preparing the document…"), self.tr("Cancel"),
                                        0, self._steps, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel_job)
        progress.advanced.connect(self._on_advanced)
        op = partial(self._make_document, self.large_print.isChecked(),
                     self.include_sensitive.isChecked(), progress.advanced.emit, cancel)
        self._ctx.tasks.run(op, on_done=partial(self._on_made, then),
                            on_error=self._on_failed)

    def _on_advanced(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setValue(done + (total if stage == printing.LAYING_OUT else 0))
        self.progressed.emit(stage, done, total)

    def _on_made(self, then: Callable[[Printed], None], printed: Printed) -> None:
        self._close_progress()
        then(printed)

    def _on_failed(self, exc: Exception) -> None:
        self._close_progress()
        if not isinstance(exc, Cancelled):
            show_error(self, exc)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None

    def _deliver(self, op: Callable[[], int], done_text: str) -> None:
        """Run `op` (deliver and log) on the store's worker; say `done_text` when it is done."""
        self._ctx.tasks.run(op, on_done=lambda _count: self.finished_output.emit(done_text),
                            on_error=partial(show_error, self))


def _ask_path(parent: QWidget, suggested: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save as PDF"), suggested,
                                            parent.tr("PDF documents (*.pdf)"))
    return Path(chosen) if chosen else None


def _ask_printer(parent: QWidget) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
