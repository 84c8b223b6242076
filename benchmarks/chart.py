"""benchmarks/results.png: wall and CPU time, peak memory and pairwise F1 against size, per tool.

    benchmarks/.venv-rl/bin/python benchmarks/chart.py benchmarks/work/results.json OUT.png

Runs in the benchmark venv (matplotlib is not part of the core venv).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

TOOLS = {
    "linkage": ("linkage (shipped model)", "tab:blue", "o"),
    "linkage-train": ("linkage (trained)", "tab:cyan", "s"),
    "splink": ("plain Splink 5", "tab:orange", "^"),
    "recordlinkage": ("recordlinkage 0.16", "tab:green", "v"),
}
PANELS = (
    ("total_s", "total wall time (s)", True),
    ("cpu_s", "CPU time (s): fair under load", True),
    ("peak_rss_mb", "peak RSS (MB)", True),
    ("f1", "pairwise F1", False),
)


def _value(entry: dict, key: str) -> float | None:
    return entry["pairwise"]["f1"] if key == "f1" else entry.get(key)


def draw(entries: list[dict], out: Path) -> None:
    synthetic = [e for e in entries if e["kind"] == "synthetic" and e["status"] == "ok"]
    figure, axes = plt.subplots(1, len(PANELS), figsize=(19, 4.5))
    for axis, (key, title, log_y) in zip(axes, PANELS, strict=True):
        for tool, (name, colour, marker) in TOOLS.items():
            runs = sorted(
                (e for e in synthetic if e["tool"] == tool and _value(e, key) is not None),
                key=lambda e: e["records"],
            )
            if runs:
                xs = [e["records"] for e in runs]
                axis.plot(xs, [_value(e, key) for e in runs], marker=marker, color=colour,
                          label=name)  # fmt: skip
        axis.set_xscale("log")
        if log_y:
            axis.set_yscale("log")
        axis.set_xlabel("records")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    figure.suptitle("Synthetic Lampung aid lists: linkage vs plain Splink vs recordlinkage")
    figure.tight_layout()
    figure.savefig(out, dpi=120)


if __name__ == "__main__":
    results, png = Path(sys.argv[1]), Path(sys.argv[2])
    draw(json.loads(results.read_text())["entries"], png)
    print(f"chart in {png}")
