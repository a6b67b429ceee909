"""A PDF's pages as pictures, for the preview and the printer, made in memory (no file)."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from paclient.errors import PrinterFailed

PDF_DPI = 72  # a PDF page is measured in points
MAX_PRINT_DPI = 300  # sharp on paper without rendering a printer's 1200 dpi


def page_images(pdf: bytes, dpi: float = 96) -> list[QImage]:
    """Every page of `pdf` rendered at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_image(page, dpi) for page in document]
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Send every page of `pdf` to `printer`, each filling the paper; return how many."""
    document = pdfium.PdfDocument(pdf)
    printer.setFullPage(True)  # the document has its own margins
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrinterFailed(printer.printerName() or printer.outputFileName())
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index, page in enumerate(document):
            if index and not printer.newPage():
                raise PrinterFailed(printer.printerName() or printer.outputFileName())
            image = _image(page, dpi)
            painter.drawImage(_fit(image, printer.paperRect(QPrinter.Unit.DevicePixel)), image)
        return len(document)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def _image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / PDF_DPI, rev_byteorder=True)  # RGB, as QImage reads it
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: the bitmap's buffer goes with it


def _fit(image: QImage, paper: QRectF) -> QRectF:
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(paper.x() + (paper.width() - width) / 2,
                  paper.y() + (paper.height() - height) / 2, width, height)
