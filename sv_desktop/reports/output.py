"""Writing a PDF safely: to a temporary file beside the target, renamed only when complete."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(out_path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call write(file) on a temporary file, then rename it to out_path; on any error leave nothing behind."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out_path.stem}-", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, out_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out_path
