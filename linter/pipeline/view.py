"""What a dry run shows while it runs: log lines prefixed by step (or build) name, and on a
terminal a live block at the bottom with each running step's state and elapsed time. In
CI, or when the output is not a terminal, plain lines only: one when a step starts, one
when it ends.

cslint itself never prints an environment or build-argument value; what a step's program
prints is the step's own output and is passed through as it is.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

_CLEAR_LINE = "\x1b[2K"
_UP = "\x1b[{n}A"


class View:
    """Thread-safe output. `live` draws the status block (a terminal only)."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self._lock = threading.Lock()
        self._running: dict[str, float] = {}  # label -> start time, in start order
        self._drawn = 0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # ----- lines ------------------------------------------------------------------

    def line(self, text: str) -> None:
        with self._lock:
            self._erase()
            self.stream.write(text + "\n")
            self._draw()
            self.stream.flush()

    def log(self, prefix: str, text: str) -> None:
        for part in text.splitlines() or [""]:
            self.line(f"{prefix} | {part}")

    # ----- step states ------------------------------------------------------------

    def started(self, label: str) -> None:
        with self._lock:
            self._running[label] = time.monotonic()
        if not self.live:
            self.line(f"--> {label}: started")
        else:
            self.line(f"--> {label}")
            self._ensure_ticker()

    def finished(self, label: str, state: str, seconds: float) -> None:
        with self._lock:
            self._running.pop(label, None)
        self.line(f"<-- {label}: {state} in {seconds:.1f}s")

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            self._erase()
            self._running.clear()
            self.stream.flush()

    # ----- the live block ---------------------------------------------------------

    def _ensure_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="cslint-view", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                self._erase()
                self._draw()
                self.stream.flush()

    def _erase(self) -> None:
        if self.live and self._drawn:
            self.stream.write((_UP.format(n=1) + _CLEAR_LINE) * self._drawn + "\r")
            self._drawn = 0

    def _draw(self) -> None:
        if not self.live or not self._running:
            return
        now = time.monotonic()
        for label, start in self._running.items():
            self.stream.write(f"{_CLEAR_LINE}  running {now - start:5.1f}s  {label}\n")
        self._drawn = len(self._running)
