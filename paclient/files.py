"""Writing a file the user asked for: whole or not at all, never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from paclient.errors import OutputNotWritten


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, renamed into place at the end.

    Any failure (no such folder, no permission, a full disk) raises OutputNotWritten and
    leaves nothing behind: neither the temporary file nor a partial `path`.
    """
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputNotWritten(path, exc.strerror or type(exc).__name__) from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
