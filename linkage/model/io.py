"""Model files: Splink settings with trained m/u, wrapped with metadata, as reviewable JSON."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import splink

import linkage

FORMAT_VERSION = 1


class ModelError(ValueError):
    """A model file is missing, unreadable or does not fit the job."""


@dataclass
class Model:
    """A trained model: Splink settings plus what we know about how it was made."""

    settings: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def comparison_names(self) -> list[str]:
        return [c.get("output_column_name") for c in self.settings.get("comparisons", [])]

    def digest(self) -> str:
        """A short hash of the parameters, for run records and reports."""
        text = json.dumps(self.settings, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def new_metadata(*, seed: int, data_summary: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "engine_version": linkage.__version__,
        "splink_version": splink.__version__,
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "seed": seed,
        "data_summary": data_summary,
        **extra,
    }


def save_model(model: Model, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"linkage_model": model.metadata, "splink_settings": model.settings}
    path.write_text(json.dumps(payload, indent=2, sort_keys=False, default=str) + "\n")
    return path


def load_model(path: str | Path) -> Model:
    """Read a model file (ours, or a bare Splink settings JSON)."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text())
    except FileNotFoundError as err:
        raise ModelError(f"model file not found: {path}") from err
    except json.JSONDecodeError as err:
        raise ModelError(f"{path}: not valid JSON ({err})") from err
    if "splink_settings" in payload:
        return Model(settings=payload["splink_settings"], metadata=payload.get("linkage_model", {}))
    if "comparisons" in payload:
        return Model(settings=payload, metadata={})
    raise ModelError(f"{path}: not a linkage or Splink model file")
