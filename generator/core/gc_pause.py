"""Bulk work without the cycle collector's pauses.

Loading an archive makes millions of small objects and keeps most of them: CPython's cycle collector then
runs its full passes again and again over everything kept so far, which cost a quarter of a cold check and
more than half of reading the cached front matter back (measured at 3,000 dossiers). What the loader and
the rules make holds no reference cycles, so the collector has nothing to free there; it is paused for
the bulk work and runs as usual afterwards (anything cyclic made meanwhile is collected then).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off inside the block (nested blocks are fine), back as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
