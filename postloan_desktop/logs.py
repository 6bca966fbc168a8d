"""Logging to a rotating file in the data folder, and crash traces via faulthandler."""

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import TextIO

LOG_FILE = "postloan.log"
CRASH_FILE = "crash.log"

_crash_stream: TextIO | None = None


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/postloan.log`` (rotated at 2 MB, 5 kept); returns the file."""
    global _crash_stream
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == str(path.resolve()):
            return path  # already logging there
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(level)
    root.addHandler(handler)
    if _crash_stream is None:
        # Hard crashes (segfaults in a C library) still leave a trace for support.
        _crash_stream = (log_dir / CRASH_FILE).open("a", encoding="utf-8")
        faulthandler.enable(_crash_stream)
    return path
