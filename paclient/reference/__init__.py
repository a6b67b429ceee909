"""Versioned national reference data (NCCIS code lists), loaded from `resources/codes`."""

from paclient.reference.codebook import (
    CodeBook,
    CodeBookError,
    CodeEntry,
    CodeVersion,
    UnknownCode,
    default_codes_dir,
    load_codebook,
)

__all__ = ["CodeBook", "CodeBookError", "CodeEntry", "CodeVersion", "UnknownCode",
           "default_codes_dir", "load_codebook"]
