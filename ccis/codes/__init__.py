"""The national NCCIS code lists, one JSON file per reporting year in `data/`, looked up by date."""

from ccis.codes.book import (
    CodeBook,
    CodeBookError,
    CodeEntry,
    CodeVersion,
    UnknownCode,
    load_codebook,
    shipped_codes_dir,
)

__all__ = ["CodeBook", "CodeBookError", "CodeEntry", "CodeVersion", "UnknownCode",
           "load_codebook", "shipped_codes_dir"]
