"""A disk cache for indexes built from the shipped data files.

Building the region name index takes about 1.5 s of CPU in every process; an incremental run
of 10,000 records would spend a fifth of its time on it. The cache is keyed by the bytes of
the inputs the caller names (data files and the code that builds from them) and by the Python
version, which fixes the `marshal` format, so an edit to any of them rebuilds it; the file of
the old key is removed. `marshal` loads plain data only and runs no code. `LINKAGE_CACHE_DIR`
moves the cache; set it empty to turn it off.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def cache_dir() -> Path | None:
    """Where cached indexes live, or None when caching is off."""
    configured = os.environ.get("LINKAGE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory (a bare service account): no cache
            return None
    return Path(base) / "linkage"


def _key(inputs: Iterable[Path]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in inputs:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cached(name: str, inputs: Iterable[Path], build: Callable[[], Any]) -> Any:
    """`build()`'s value, from the cache when the inputs are unchanged. The value must be
    plain data (dict, tuple, list, str, int, float, bool, None); any failure to read or write
    the cache falls back to building."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{name}-{_key(inputs)}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError) as error:
        log.debug("ignoring unreadable cache %s: %s", path, error)
    value = build()
    data = marshal.dumps(value)  # a value that is not plain data fails here, before any file
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # Write then rename: a concurrent reader sees the old file or the whole new one.
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as fh:
            fh.write(data)
        os.replace(fh.name, path)
        for stale in directory.glob(f"{name}-*.marshal"):  # built by older code or data
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as error:
        log.debug("cannot write cache %s: %s", path, error)
    return value
