"""Status lines per pipeline stage: what is running, what it produced, how long it took."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console


@dataclass
class Stage:
    """A running stage; set `detail` to say what it produced (counts, not personal data)."""

    label: str
    detail: str = ""
    seconds: float = 0.0


@dataclass
class Reporter:
    """Prints one line per finished stage (a spinner while it runs) and keeps the timings."""

    console: Console | None = None
    stages: list[Stage] = field(default_factory=list)

    @classmethod
    def quiet(cls) -> Reporter:
        return cls(console=None)

    @contextmanager
    def stage(self, label: str) -> Iterator[Stage]:
        stage = Stage(label)
        start = time.perf_counter()
        if self.console is None:
            yield stage
        else:
            with self.console.status(f"{label}…", spinner="dots"):
                yield stage
        stage.seconds = time.perf_counter() - start
        self.stages.append(stage)
        if self.console is not None:
            detail = f" — {stage.detail}" if stage.detail else ""
            self.console.print(
                f"[green]✓[/green] {label}{detail} [dim]({stage.seconds:.1f} s)[/dim]"
            )

    def note(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text)

    def timings(self) -> dict[str, float]:
        return {s.label: round(s.seconds, 3) for s in self.stages}
