"""Runs one tool in its own process tree and measures it: wall time per stage and peak memory.

Memory is sampled with psutil over the whole tree (forked standardize workers included): RSS
summed over processes (counts pages the workers share with their parent once per process) and
PSS (shared pages split between the processes that map them, i.e. what the tree really holds).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

SAMPLE_SECONDS = 0.2
MB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    at: float
    rss: int
    pss: int


@dataclass
class Span:
    stage: str
    label: str
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Measured:
    """One tool process: how it ended, its stage spans and its memory samples."""

    started: float
    ended: float
    returncode: int | None
    timed_out: bool
    samples: list[Sample] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    done: dict[str, Any] | None = None
    cpu_seconds: float = 0.0  # the tool's process tree, user + system
    others_share: float = 0.0  # share of the machine's cores busy with other processes

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and self.done is not None

    @property
    def measured_until(self) -> float:
        return self.done["done"] if self.done else self.ended

    @property
    def total_seconds(self) -> float:
        """Process start (interpreter, imports) to the end of the measured work."""
        return self.measured_until - self.started

    def stage_seconds(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for span in self.spans:
            totals[span.stage] = totals.get(span.stage, 0.0) + span.seconds
        unaccounted = self.total_seconds - sum(totals.values())  # interpreter start, imports
        totals["other"] = totals.get("other", 0.0) + unaccounted
        return totals

    def rss_at(self, moment: float) -> float:
        """RSS in MB at the last sample taken at or before `moment`."""
        before = [s for s in self.samples if s.at <= moment]
        sample = before[-1] if before else (self.samples[0] if self.samples else None)
        return sample.rss / MB if sample else 0.0

    def peak(self, start: float | None = None, end: float | None = None) -> tuple[float, float]:
        """Peak (RSS, PSS) in MB between start and end (default: the measured run)."""
        start = self.started if start is None else start
        end = self.measured_until if end is None else end
        inside = [s for s in self.samples if start <= s.at <= end]
        if not inside:  # a stage shorter than the sampling interval: the next sample
            inside = [s for s in self.samples if s.at >= start][:1]
        if not inside:
            return 0.0, 0.0
        return max(s.rss for s in inside) / MB, max(s.pss for s in inside) / MB


def sample_tree(process: psutil.Process, cpu_seen: dict[tuple[int, float], float]) -> Sample:
    """(RSS, PSS) summed over a process and all its descendants; notes each one's CPU time
    (workers a forkserver starts are not always reaped by the tool, so its rusage misses
    them)."""
    try:
        processes = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return Sample(time.time(), 0, 0)
    rss = pss = 0
    for member in processes:
        try:
            with member.oneshot():
                info = member.memory_full_info()
                cpu = member.cpu_times()
                cpu_seen[(member.pid, member.create_time())] = cpu.user + cpu.system
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return Sample(time.time(), rss, pss)


def _stop_tree(process: psutil.Popen) -> None:
    """End the tool we started and its children (by their own pids)."""
    try:
        children = process.children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for member in [*children, process]:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs([*children, process], timeout=30)


def read_events(path: Path) -> tuple[list[Span], dict[str, Any] | None]:
    spans, done = [], None
    if not path.exists():
        return spans, done
    for line in path.read_text().splitlines():
        event = json.loads(line)
        if "done" in event:
            done = event
        else:
            spans.append(Span(event["stage"], event["label"], event["start"], event["end"]))
    return spans, done


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (or stolen) since boot, all cores."""
    times = psutil.cpu_times()
    return (
        times.user
        + times.nice
        + times.system
        + getattr(times, "irq", 0.0)
        + getattr(times, "softirq", 0.0)
        + getattr(times, "steal", 0.0)  # the hypervisor running other machines
    )


def _own_and_children_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_measured(
    command: list[str], *, env: dict[str, str], log: Path, events: Path, timeout: float
) -> Measured:
    """Run `command` to the end (or kill it at `timeout` seconds), sampling its memory."""
    started = time.time()
    busy_before, ours_before = _busy_seconds(), _own_and_children_cpu()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    samples: list[Sample] = []
    cpu_seen: dict[tuple[int, float], float] = {}
    timed_out = False
    with open(log, "w") as log_file:
        process = psutil.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        while process.poll() is None:
            samples.append(sample_tree(process, cpu_seen))
            if time.time() - started > timeout:
                timed_out = True
                _stop_tree(process)
                break
            time.sleep(SAMPLE_SECONDS)
        returncode = process.wait()
    ended = time.time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    tool_cpu = max(reaped, sum(cpu_seen.values()))
    own = _own_and_children_cpu() - ours_before - reaped  # the orchestrator's sampling
    others = (_busy_seconds() - busy_before) - tool_cpu - own
    capacity = (ended - started) * (os.cpu_count() or 1)
    spans, done = read_events(events)
    return Measured(
        started,
        ended,
        returncode,
        timed_out,
        samples,
        spans,
        done,
        cpu_seconds=tool_cpu,
        others_share=max(0.0, others / capacity) if capacity else 0.0,
    )
