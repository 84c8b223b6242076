"""`linkage demo` runs configs/demo.yaml end to end on a small synthetic population."""

from __future__ import annotations

from click.testing import CliRunner

from linkage.cli import main


def test_demo_runs_and_prints_where_outputs_are(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path), "--persons", "600"])
    assert result.exit_code == 0, result.output
    assert "Outputs:" in result.output
    for name in ("resolved_records", "persons", "review_queue", "rejects", "model", "run"):
        assert any(p.name.startswith(name) for p in (tmp_path / "out").iterdir()), name
    assert "pairwise" in result.output
    # The shipped model on unseen data: high accuracy even at this size.
    line = next(x for x in result.output.splitlines() if x.strip().startswith("│ pairwise"))
    f1 = float(line.split("│")[-2])
    assert f1 > 0.9
