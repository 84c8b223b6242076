"""What changed since the store's last run: source fingerprints, new, changed and gone records.

A source whose file and mapping are both unchanged is not read at all: every record it gave
is known unchanged. A source whose file changed is read and each row's content hash compared
with the stored one; only new or changed rows are standardized. A source whose mapping
changed (or that is new) is standardized whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from linkage.config import ConfigError, JobConfig, SourceConfig
from linkage.model.settings import blocking_rules_from_config, model_input_sql
from linkage.store import IdentityStore

FILE_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (a moved or renamed file with the same bytes is unchanged)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(FILE_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:24]


def spec_digest(source: SourceConfig) -> str:
    """How a source is read and mapped (its path aside: next month's file has a new name)."""
    text = json.dumps(source.model_dump(mode="json", exclude={"path"}), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def source_fingerprint(source: SourceConfig) -> str:
    """`<mapping digest>/<file digest>`; a missing file has no file digest."""
    path = source.path
    content = file_digest(path) if path is not None and path.is_file() else "-"
    return f"{spec_digest(source)}/{content}"


FILES_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("fingerprint", pa.string()),
        ("read", pa.int64()),
        ("records", pa.int64()),
        ("rejects", pa.int64()),
    ]
)


def source_files_table(
    names: list[str], fingerprints: dict[str, str], per_source: dict[str, dict[str, int]]
) -> pa.Table:
    """The `source_files` rows a run commits: fingerprint and counts of each source read."""
    return pa.table(
        {
            "source": names,
            "fingerprint": [fingerprints[n] for n in names],
            **{c: [per_source[n][c] for n in names] for c in ("read", "records", "rejects")},
        },
        schema=FILES_SCHEMA,
    )


def linking_hash(config: JobConfig, model_digest: str) -> str:
    """What decides how records link, apart from the records: an incremental run must share
    it with the store's last run, or the persons it does not touch would follow other rules."""
    rules = [
        r if isinstance(r, str) else r.get_blocking_rule("duckdb").blocking_rule_sql
        for r in blocking_rules_from_config(config.blocking.rules)
    ]
    text = json.dumps(
        {
            "model": model_digest,
            "thresholds": config.thresholds.model_dump(),
            # The rules in force and the columns they read, defaults included: a release
            # that changes either needs a full run.
            "blocking": rules,
            "model_input": model_input_sql("records", list(config.extra_fields)),
            "region_within": config.standardize.region_within,
            "fields": config.fields,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_linking(store: IdentityStore, config: JobConfig, model_digest: str) -> None:
    stored = store.meta("linking_hash")
    if stored is None:
        raise ConfigError(
            "--incremental: the store's last run predates incremental support; run once "
            "without --incremental"
        )
    if stored != linking_hash(config, model_digest):
        raise ConfigError(
            "--incremental: the model, thresholds, blocking rules, region or fields differ "
            "from the store's last run; run without --incremental so every person follows "
            "the same rules"
        )


@dataclass
class SourcePlan:
    """Per source: skip it (unchanged), read it against its stored rows, or read it whole."""

    skip: list[str]
    diff: list[str]
    whole: list[str]
    dropped: list[str]  # sources in the store no longer in the config
    fingerprints: dict[str, str]
    stored_counts: dict[str, dict[str, int]]


def plan_sources(store: IdentityStore, config: JobConfig) -> SourcePlan:
    stored = {
        row[0]: row[1:]
        for row in store.con.execute(
            "SELECT source, fingerprint, read, records, rejects FROM source_files"
        ).fetchall()
    }
    plan = SourcePlan([], [], [], [], {}, {})
    for source in config.sources:
        fingerprint = source_fingerprint(source)
        plan.fingerprints[source.name] = fingerprint
        previous = stored.get(source.name)
        if previous is None or previous[0].split("/")[0] != fingerprint.split("/")[0]:
            plan.whole.append(source.name)
        elif previous[0] == fingerprint and not fingerprint.endswith("/-"):
            plan.skip.append(source.name)
            read, records, rejects = previous[1:]
            plan.stored_counts[source.name] = {
                "read": read,
                "records": records,
                "rejects": rejects,
                "standardized": 0,
            }
        else:
            plan.diff.append(source.name)
    plan.dropped = sorted(set(stored) - {s.name for s in config.sources})
    return plan


def known_rows(store: IdentityStore, sources: list[str]) -> dict[str, pa.Table]:
    """Stored (record_id, content_hash) of each source read against the store."""
    known = {}
    for source in sources:
        known[source] = store.con.sql(
            "SELECT record_id, content_hash FROM memberships WHERE source = $source",
            params={"source": source},
        ).to_arrow_table()
    return known
