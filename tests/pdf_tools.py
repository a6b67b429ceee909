"""Reading printed documents back as a person would: their text, their pages as pictures."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

LETTERHEAD = {"authority": "Testshire Council Youth Support", "address": ["County Hall",
              "1 High Street", "Testtown TT1 1AA"], "phone": "01234 000000",
              "email": "youth@testshire.example"}


def pdf_text(pdf: bytes) -> str:
    """The text `pdftotext -layout` reads from the PDF (pages separated by form feeds)."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                            check=True)
    return result.stdout.decode("utf-8")


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page."""
    return pdf_text(pdf).split("\f")[:-1]


def page_images(pdf: bytes, dpi: int = 40) -> list[Image.Image]:
    """Every page rendered by `pdftoppm`, as greyscale images."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source),
                        str(Path(folder) / "page")], check=True)
        return [Image.open(p).copy() for p in sorted(Path(folder).glob("page*.png"))]


def inked_share(page: Image.Image) -> float:
    """The share of a page's pixels that are not white (0 for a blank page)."""
    histogram = page.convert("L").histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)
