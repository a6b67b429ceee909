"""Collecting the rules one use case's input breaks, to raise them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ccis.codes import CodeBook, CodeEntry
from ccis.errors import ValidationError, ValidationErrors


class Problems:
    """Rule breaks found while checking one use case's input, raised together."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def add(self, field: str, rule: str, message: str) -> None:
        """Note one broken rule."""
        self.errors.append(ValidationError(field, rule, message))

    def text(self, field: str, value: object) -> str:
        """The trimmed text, noting `required` when it is missing or blank."""
        clean = value.strip() if isinstance(value, str) else ""
        if not clean:
            self.add(field, "required", "is required")
        return clean

    def date(self, field: str, value: object, *, today: dt.date | None = None,
             earliest: dt.date | None = None, rule: str = "date_order",
             what: str = "") -> bool:
        """Check a date is given, not after `today` and not before `earliest`."""
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.add(field, "required", "needs a date")
            return False
        if today is not None and value > today:
            self.add(field, "not_in_future", "cannot be in the future")
        if earliest is not None and value < earliest:
            self.add(field, rule, f"cannot be before {what or 'the start'}")
        return True

    def code(self, codebook: CodeBook, code_list: str, field: str, code: object,
             on: dt.date | None) -> CodeEntry | None:
        """The code list entry, noting `<list>_code` when the code is not valid on `on`."""
        entry = codebook.entry(code_list, code, on) if isinstance(code, str) and code else None
        if entry is None:
            self.add(field, f"{code_list}_code", f"'{code}' is not a valid {code_list} code")
        return entry

    def catch(self, check: Callable[[], object]) -> Any:
        """Run a check from rules or identifiers, noting what it raises; its result or None."""
        try:
            return check()
        except ValidationErrors as many:
            self.errors.extend(many.errors)
        except ValidationError as one:
            self.errors.append(one)
        return None

    def raise_any(self) -> None:
        """Raise ValidationErrors if anything was noted."""
        if self.errors:
            raise ValidationErrors(list(self.errors))


def fail(field: str, rule: str, message: str) -> ValidationErrors:
    """A single rule break, ready to raise."""
    return ValidationErrors([ValidationError(field, rule, message)])
