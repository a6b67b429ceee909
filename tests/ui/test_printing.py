"""Printing activity records from the caseload window: preview, printer, save, cancel."""

from __future__ import annotations

import pytest
from pdf_tools import LETTERHEAD, inked_share, page_images, pdf_text
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from paclient import printing
from paclient.models import PrintedDocument
from paclient.services.caseload.records import CaseloadRow
from paclient.ui.context import AppContext
from paclient.ui.main_window import MainWindow
from paclient.ui.printing.dialog import PrintDialog
from paclient.ui.printing.preview import PreviewDialog


@pytest.fixture
def window(qtbot, app_ctx: AppContext, demo_rows: list[CaseloadRow]) -> MainWindow:
    app_ctx.services.documents.set_letterhead(**LETTERHEAD)
    shown = MainWindow(app_ctx)
    qtbot.addWidget(shown)
    shown.caseload.reload()
    return shown


def select_lines(window: MainWindow, *lines: int) -> list[CaseloadRow]:
    table = window.caseload.table
    for line in lines:
        table.selectionModel().select(
            table.model().index(line, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return window.caseload.selected_rows()


def open_dialog(window: MainWindow, **asks) -> PrintDialog:
    dialog = window.print_dialog(**asks)
    assert dialog is not None
    return dialog


def logged(app_ctx: AppContext) -> list[tuple[object, str, bool]]:
    with app_ctx.services.ctx.read() as session:
        return [(r.person_id, r.destination, r.sensitive_included)
                for r in session.scalars(select(PrintedDocument))]


def test_with_nobody_selected_the_window_says_what_to_do(window):
    assert window.print_dialog() is None
    assert "Select the young people" in window.statusBar().currentMessage()


def test_save_as_pdf_writes_the_chosen_file_and_logs_each_person(qtbot, window, app_ctx,
                                                                 tmp_path):
    rows = select_lines(window, 0, 2)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "records.pdf"
    dialog = open_dialog(window, ask_path=lambda _parent, _name: out)
    dialog.large_print.setChecked(True)

    with qtbot.waitSignal(dialog.finished_output) as said:
        dialog.save_button.click()

    text = pdf_text(out.read_bytes())
    assert all(row.family_name in text for row in rows)
    assert sorted(logged(app_ctx)) == sorted((row.id, "pdf", False) for row in rows)
    assert str(out) in said.args[0]
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it


def test_printing_draws_every_page_on_the_printer_and_logs_it(qtbot, window, app_ctx,
                                                               tmp_path):
    [row] = select_lines(window, 1)
    paper = tmp_path / "printer-output.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(paper))
    dialog = open_dialog(window, ask_printer=lambda _parent: printer)

    with qtbot.waitSignal(dialog.finished_output):
        dialog.print_button.click()

    expected = len(page_images(made(app_ctx, [row.id])))
    printed = page_images(paper.read_bytes())
    assert len(printed) == expected and all(inked_share(page) > 0.005 for page in printed)
    assert logged(app_ctx) == [(row.id, "printer", False)]


def test_the_preview_shows_every_page_and_prints_nothing_until_asked(qtbot, window, app_ctx,
                                                                     tmp_path):
    rows = select_lines(window, 0, 1, 2)
    out = tmp_path / "from-preview.pdf"
    dialog = open_dialog(window, ask_path=lambda _parent, _name: out)
    dialog.preview_button.click()

    preview = dialog.findChild(PreviewDialog)
    assert preview is not None and preview.isVisible()
    assert len(preview.page_labels) == len(page_images(made(app_ctx, [r.id for r in rows])))
    assert logged(app_ctx) == [] and not out.exists()

    with qtbot.waitSignal(dialog.finished_output):
        preview.save_requested.emit()
    assert out.exists() and len(logged(app_ctx)) == 3


def test_cancelling_a_batch_leaves_no_file_and_no_log(qtbot, window, app_ctx, tmp_path):
    select_lines(window, 0, 1, 2, 3)
    out = tmp_path / "never.pdf"
    dialog = open_dialog(window, ask_path=lambda _parent, _name: out)
    seen = []

    def cancel_at_first_step(stage, done, total):
        seen.append((stage, done))
        dialog.cancel_job()

    dialog.progressed.connect(cancel_at_first_step)
    dialog.save_button.click()

    assert seen == [("Gathering", 1)]  # it stopped at the next step
    assert not out.exists() and logged(app_ctx) == []
    assert dialog.progress is None


def made(app_ctx: AppContext, ids) -> bytes:
    return printing.activity_records(app_ctx.services.documents, ids).pdf
