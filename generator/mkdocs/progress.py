"""A large build's progress on a terminal: one line, rewritten in place, for each stage with its counts.

    会务档案：已检查 3000 份档案（7.9 秒）
    会务档案：会议页面 1240/3000 …
    会务档案：会议页面 3000/3000，导出文件 5 个（21.4 秒）
    会务档案：全文检索索引 2700 个会议（3.1 秒）

Only when standard error is a terminal and the archive has at least ``THRESHOLD`` meetings; otherwise
(a log file, CI, ``make bench``, a small archive) it writes nothing at all. The lines go to standard
error, where MkDocs logs; a stage that updates its count rewrites its own line and ends it before
MkDocs logs again.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

THRESHOLD = 300  # meetings


class Progress:
    def __init__(self, meetings: int, stream: TextIO | None = None, threshold: int | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.on = tty and meetings >= (THRESHOLD if threshold is None else threshold)
        self.open = False  # a line is being rewritten
        self.started = time.perf_counter()

    def start(self) -> None:
        self.started = time.perf_counter()

    def update(self, text: str) -> None:
        """Rewrite the current line (a count going up)."""
        if self.on:
            self.stream.write("\r\033[K会务档案：" + text)
            self.stream.flush()
            self.open = True

    def done(self, text: str) -> None:
        """End the stage with its last count and how long it took."""
        if self.on:
            self.stream.write(("\r\033[K" if self.open else "") + f"会务档案：{text}（{time.perf_counter() - self.started:.1f} 秒）\n")
            self.stream.flush()
            self.open = False
        self.start()
