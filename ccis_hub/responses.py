"""The hub's JSON answers, robust to what a release before 0.2 may have stored.

Release 0.1 stored pushed text as it came, lone UTF-16 surrogates and non-finite numbers
included; neither can be written as JSON, so every answer carrying such a row failed. An
answer is written the quick way first; only when that fails are the bad characters replaced
(U+FFFD) and the bad numbers sent as null, and the event logged without the values.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


class SafeJSONResponse(JSONResponse):
    """A JSON answer that is always valid UTF-8 JSON."""

    def render(self, content: Any) -> bytes:
        try:
            return _dump(content).encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            log.warning("an answer held stored text or numbers JSON cannot carry: replaced")
            return _dump(_clean(content)).encode("utf-8")


def _dump(content: Any) -> str:
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value
