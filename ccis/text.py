"""The text rule both sides apply at the sync boundary: valid Unicode, no control characters.

Text is refused when it holds a lone UTF-16 surrogate (it cannot be stored as UTF-8, and once
stored it breaks every answer that carries it) or a control character other than a line end
(newline, or the carriage return of Windows line ends pasted into a note) or a tab. JSON values
(lists and objects) are held to the rule in every string, key and number they nest.
"""

from __future__ import annotations

import math
import re

SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc but \t \n \r
MAX_DEPTH = 16  # nesting of JSON values: ours go two levels deep


def text_problem(value: str) -> str | None:
    """Why `value` is not acceptable text (never quoting it), or None when it is."""
    if SURROGATE.search(value):
        return "is not valid Unicode text"
    if CONTROL.search(value):
        return "holds a control character"
    return None


def json_problem(value: object, depth: int = 0) -> str | None:
    """Why a JSON value is not acceptable (text rule on its strings and keys, finite numbers,
    bounded nesting), or None when it is."""
    if depth > MAX_DEPTH:
        return "is nested too deeply"
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "holds a number that is not finite"
    if isinstance(value, list):
        return next((p for item in value if (p := json_problem(item, depth + 1))), None)
    if isinstance(value, dict):
        return next((p for key, item in value.items()
                     if (p := json_problem(key, depth + 1) or json_problem(item, depth + 1))),
                    None)
    return None
