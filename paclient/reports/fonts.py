"""The fonts every document uses, shipped in `paclient/resources/fonts`.

DejaVu Sans prints £, €, accented and Welsh letters (ŵ, ŷ), Greek and Cyrillic wherever the
application runs, without depending on the fonts a machine happens to have.
"""

from __future__ import annotations

import functools

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from paclient.resources import resource_path

REGULAR, BOLD, ITALIC = "PaSans", "PaSans-Bold", "PaSans-Italic"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@functools.cache
def register() -> str:
    """Register the bundled fonts with ReportLab once; return the regular font's name."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
