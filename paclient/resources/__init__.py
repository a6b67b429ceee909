"""Files shipped inside the package: the documents' fonts, the helplines, the demo letterhead's
logo. This is the one place that knows where they are, wherever paclient is installed (a
checkout, site-packages, a PyInstaller bundle); the code lists ship with `ccis.codes`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from paclient.errors import ResourceMissing


def resource_path(*parts: str) -> Path:
    """The file `parts` (e.g. "fonts", "DejaVuSans.ttf") on disk; ResourceMissing if absent."""
    found = files(__name__).joinpath(*parts)
    if not isinstance(found, Path) or not found.is_file():
        raise ResourceMissing("/".join(parts))
    return found


def read_resource(*parts: str) -> bytes:
    """The bytes of the shipped file `parts`; ResourceMissing if it is absent or unreadable."""
    try:
        return resource_path(*parts).read_bytes()
    except OSError:
        raise ResourceMissing("/".join(parts)) from None
