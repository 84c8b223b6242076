"""The job end to end on synthetic lists: nothing lost, deterministic IDs, outputs complete."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from linkage.config import config_from_dict, load_config
from linkage.job import run_job
from linkage.sources import read_raw


def _config(synth_dir: Path, out: Path, **extra):
    raw = {
        "name": "test",
        "sources": str(synth_dir / "sources.yaml"),
        "standardize": {"region_within": "18"},
        "output": {"dir": str(out), "formats": ["parquet", "csv"]},
        **extra,
    }
    return config_from_dict(raw, base=synth_dir)


@pytest.fixture(scope="module")
def run(synth_dir, tmp_path_factory):
    config = _config(synth_dir, tmp_path_factory.mktemp("run"))
    return config, run_job(config)


def test_every_input_row_is_resolved_or_rejected_exactly_once(run):
    config, result = run
    resolved = pd.read_parquet(result.files["resolved_records"])
    rejects = pd.read_parquet(result.files["rejects"])
    for source in config.sources:
        rows = len(read_raw(source.spec()))
        got = (resolved["source"] == source.name).sum() + (rejects["source"] == source.name).sum()
        assert got == rows, source.name
    keys = pd.concat([resolved[["source", "record_id"]], rejects[["source", "record_id"]]])
    assert not keys.duplicated().any()
    assert resolved["person_id"].notna().all()


def test_outputs_have_their_columns(run):
    _, result = run
    persons = pd.read_parquet(result.files["persons"])
    resolved = pd.read_parquet(result.files["resolved_records"])
    assert set(persons["person_id"]) == set(resolved["person_id"])
    assert persons["record_count"].sum() == len(resolved)
    assert resolved["match_confidence"].between(0, 1).all()
    assert persons["cluster_confidence"].between(0, 1).all()
    queue = pd.read_parquet(result.files["review_queue"])
    assert {"mw_nik", "mw_name", "mw_birth_date", "reason"} <= set(queue.columns)
    assert (queue["person_id_l"] != queue["person_id_r"]).all()
    assert result.files["resolved_records_csv"].exists()
    assert (result.output_dir / "run.json").exists()
    assert (result.output_dir / "model.json").exists()


def test_same_inputs_config_and_seed_give_the_same_person_ids(run, synth_dir, tmp_path):
    _, first = run
    second = run_job(_config(synth_dir, tmp_path / "again"))
    a = pd.read_parquet(first.files["resolved_records"])
    b = pd.read_parquet(second.files["resolved_records"])
    pd.testing.assert_frame_equal(a, b)


def test_training_is_seeded(synth_dir, tmp_path):
    models = []
    for name in ("a", "b"):
        config = _config(synth_dir, tmp_path / name, model={"train": True})
        models.append(run_job(config).model_path.read_text())
    first, second = (_parameters(m) for m in models)
    assert first.keys() == second.keys()
    for key, value in first.items():
        assert second[key] == pytest.approx(value, rel=1e-9), key


def _parameters(text: str) -> dict[str, float]:
    """Every trained number of a model file (timestamps and IDs aside)."""
    import json

    settings = json.loads(text)["splink_settings"]
    numbers = {"prior": settings["probability_two_random_records_match"]}
    for comparison in settings["comparisons"]:
        for i, level in enumerate(comparison["comparison_levels"]):
            for key in ("m_probability", "u_probability"):
                if key in level:
                    numbers[f"{comparison['output_column_name']}.{i}.{key}"] = level[key]
    return numbers


def test_blocking_budget_stops_an_exploding_job(synth_dir, tmp_path):
    from linkage.resolve.engine import BudgetError

    config = _config(synth_dir, tmp_path, blocking={"rules": [["sex"]], "max_comparisons": 1000})
    with pytest.raises(BudgetError, match=r"over the budget of 1,000.*sex"):
        run_job(config)


def test_febrl4_through_general_field_types(tmp_path):
    from benchmarks.febrl import fetch

    root = Path(__file__).resolve().parents[1]
    data = fetch(root / "benchmarks" / "data" / "febrl")
    config = load_config(root / "configs" / "febrl4.yaml")
    config.output.dir = tmp_path
    result = run_job(config)
    from linkage.evaluate import evaluate_files

    scores = evaluate_files(data / "truth_febrl4.csv", result.files["resolved_records"], None)
    assert scores.pairwise.f1 >= 0.98
