"""Shared fixtures: small synthetic lists, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.synth import synthesize


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 persons' worth of the seven synthetic sources (about 500 records)."""
    out = tmp_path_factory.mktemp("synth")
    synthesize(400, 11, out)
    return out
