"""The fonts every document uses, bundled in `resources/fonts` (the one place that knows).

DejaVu Sans prints £, €, accented and Welsh letters (ŵ, ŷ), Greek and Cyrillic wherever the
application runs, without depending on the fonts a machine happens to have.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
REGULAR, BOLD, ITALIC = "PaSans", "PaSans-Bold", "PaSans-Italic"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@functools.cache
def register() -> str:
    """Register the bundled fonts with ReportLab once; return the regular font's name."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
