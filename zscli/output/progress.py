"""The one status line on stderr (a terminal) while an asynchronous job runs.

Without progress from the server it is a spinner with the elapsed time; once GetTaskProgress says something
useful it shows the step and a bar::

    \\ AddModel 3/7 Downloading the image [########............] 42% 2.1s

The line is drawn only from the thread that waits for the job (:meth:`JobStatus.update`); the progress
watcher's thread merely hands over the latest :class:`~zscli.transport.progress.Progress`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from zscli.environment import terminal_width
from zscli.text import clip

if TYPE_CHECKING:
    from zscli.transport.progress import Progress

FRAMES = "|/-\\"
BAR_WIDTH = 20


def progress_text(label: str, progress: Progress, elapsed: float, frame: str = "", bar_width: int = BAR_WIDTH) -> str:
    """``AddModel 3/7 Downloading the image [####....] 42% 2.1s`` (the parts the progress has)."""
    parts = [f"{frame} {label}".strip()]
    if progress.step is not None and progress.total:
        parts.append(f"{progress.step}/{progress.total}")
    if progress.text:  # the server's words: never live control characters on the terminal
        from .safe import visible

        parts.append(visible(progress.text))
    fraction = progress.fraction
    if fraction is not None:
        filled = int(round(fraction * bar_width))
        parts.append("[" + "#" * filled + "." * (bar_width - filled) + "]")
        parts.append(f"{int(fraction * 100)}%")
    parts.append(f"{elapsed:.1f}s")
    return " ".join(parts)


class JobStatus:
    """A spinner that turns into a step line and a progress bar when the job reports progress."""

    def __init__(self, stream: TextIO, label: str, width: int | None = None) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.shown = False
        self.tick = 0
        self._progress: Progress | None = None

    def set_progress(self, progress: Progress | None) -> None:
        """The latest progress (None: the server said nothing useful; the last useful one stays)."""
        if progress is not None:
            self._progress = progress

    def text(self, elapsed: float) -> str:
        """The line for this moment, without the carriage return."""
        frame = FRAMES[self.tick % len(FRAMES)]
        if self._progress is None:
            return f"{frame} {self.label}: waiting for the job ({elapsed:.1f}s, Ctrl-C to stop waiting)"
        return progress_text(self.label, self._progress, elapsed, frame)

    def update(self, elapsed: float) -> None:
        """Redraw the line (called before each poll of the job)."""
        self.tick += 1
        width = terminal_width(self.width)
        line = self.text(elapsed)
        line = clip(line, max(width - 1, 2), mark="…")
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self.shown = True

    def stop(self) -> None:
        """Erase the line."""
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


__all__ = ["JobStatus", "progress_text"]
