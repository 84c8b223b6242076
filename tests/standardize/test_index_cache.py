"""The disk cache of indexes built from shipped data: hit, invalidation, corruption, off."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.standardize import index_cache, regions


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("LINKAGE_CACHE_DIR", str(directory))
    return directory


def _counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_second_call_reads_the_cache(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("a,b\n")
    value = {1: {"x": ("a", "b")}, 2: {}}
    build, calls = _counting_build(value)
    assert index_cache.cached("t", [data], build) == value
    assert index_cache.cached("t", [data], build) == value
    assert len(calls) == 1
    assert len(list(cache.glob("t-*.marshal"))) == 1


def test_changed_input_rebuilds(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("a,b\n")
    build, calls = _counting_build({"k": 1})
    index_cache.cached("t", [data], build)
    data.write_text("a,b,c\n")
    index_cache.cached("t", [data], build)
    assert len(calls) == 2
    assert len(list(cache.glob("t-*.marshal"))) == 1  # the file of the old input is removed


def test_corrupt_cache_file_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("a\n")
    build, calls = _counting_build(("v",))
    index_cache.cached("t", [data], build)
    (path,) = cache.glob("t-*.marshal")
    path.write_bytes(b"\x00not marshal")
    assert index_cache.cached("t", [data], build) == ("v",)
    assert len(calls) == 2


def test_empty_setting_turns_the_cache_off(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LINKAGE_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    data = tmp_path / "data.csv"
    data.write_text("a\n")
    build, calls = _counting_build([1])
    index_cache.cached("t", [data], build)
    index_cache.cached("t", [data], build)
    assert len(calls) == 2
    assert not (tmp_path / "xdg").exists()


def test_unwritable_cache_still_builds(monkeypatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("LINKAGE_CACHE_DIR", str(blocker / "cache"))  # under a file: mkdir fails
    data = tmp_path / "data.csv"
    data.write_text("a\n")
    assert index_cache.cached("t", [data], lambda: {"ok": True}) == {"ok": True}


def test_region_name_index_round_trips(cache: Path) -> None:
    built = regions._build_name_index()
    regions._name_index.cache_clear()
    try:
        first = regions._name_index()  # builds and writes
        regions._name_index.cache_clear()
        second = regions._name_index()  # reads
    finally:
        regions._name_index.cache_clear()
    assert list(cache.glob("region-names-*.marshal"))
    assert (first.by_parent, first.by_level) == (built[0], built[1])
    assert (second.alias_by_parent, second.alias_by_level) == (built[2], built[3])
    assert second.by_level[2] and all(isinstance(k, int) for k in second.by_level)
