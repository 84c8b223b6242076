"""Decisions: one active label per pair, undo, CSV exchange, m re-estimated from labels, and
precision/recall estimated from them with Wilson intervals."""

from __future__ import annotations

import csv
import json

import pytest

from linkage.review import ReviewError
from linkage.review.labels import (
    Pair,
    evaluate_from_labels,
    export_labels,
    import_labels,
    m_from_labels,
    record_decision,
    undo_decision,
    wilson,
)
from linkage.review.scoring import run_settings
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST, copy_store


def active(store: IdentityStore) -> list[tuple]:
    return store.con.execute(
        "SELECT source_l, record_id_l, source_r, record_id_r, decision, analyst FROM labels "
        "WHERE active ORDER BY label_id"
    ).fetchall()


def linked_pairs(store: IdentityStore, count: int) -> list[Pair]:
    """Pairs of records the run put into one person (persons of exactly two records)."""
    rows = store.con.execute(
        """
        SELECT min(source || chr(31) || record_id), max(source || chr(31) || record_id)
        FROM memberships GROUP BY person_id HAVING count(*) = 2 ORDER BY 1 LIMIT ?
        """,
        [count],
    ).fetchall()
    return [Pair(*a.split("\x1f"), *b.split("\x1f")) for a, b in rows]


@pytest.fixture
def store(store_path):
    with IdentityStore(store_path) as store:
        yield store


def test_a_new_decision_replaces_the_pairs_active_label_in_either_orientation(store):
    pair = linked_pairs(store, 1)[0]
    first = record_decision(store, pair, "same", ANALYST)
    second = record_decision(store, pair.swapped(), "different", "budi", "twins")
    assert second.replaced == (first.label_id,)
    assert active(store) == [(*pair.swapped(), "different", "budi")]


def test_undo_restores_the_label_the_decision_replaced(store):
    pair = linked_pairs(store, 1)[0]
    record_decision(store, pair, "same", ANALYST)
    second = record_decision(store, pair, "different", ANALYST)
    undo_decision(store, second)
    assert active(store) == [(*pair, "same", ANALYST)]


def test_undo_keeps_a_decision_someone_made_since(store):
    pair = linked_pairs(store, 1)[0]
    record_decision(store, pair, "same", ANALYST)
    mine = record_decision(store, pair, "different", ANALYST)
    record_decision(store, pair, "unsure", "budi")
    undo_decision(store, mine)
    assert active(store) == [(*pair, "unsure", "budi")]


@pytest.mark.parametrize(
    ("pair", "decision"),
    [
        (Pair("dtks", "no-such-record", "dtks", "other"), "same"),
        (None, "maybe"),
        ("self", "same"),
    ],
)
def test_decisions_on_unknown_records_or_with_unknown_words_are_refused(store, pair, decision):
    real = linked_pairs(store, 1)[0]
    if pair is None:
        pair = real
    elif pair == "self":
        pair = Pair(real.source_l, real.record_id_l, real.source_l, real.record_id_l)
    with pytest.raises(ReviewError):
        record_decision(store, pair, decision, ANALYST)
    assert active(store) == []


def test_export_then_import_elsewhere_gives_the_same_active_decisions(
    store, reviewed_run, tmp_path
):
    pairs = linked_pairs(store, 3)
    record_decision(store, pairs[0], "same", ANALYST, '=HYPERLINK("x")')
    record_decision(store, pairs[1], "different", ANALYST, "twins, Kedaton")
    record_decision(store, pairs[2], "unsure", ANALYST)
    record_decision(store, pairs[2], "same", ANALYST)
    path = tmp_path / "decisions.csv"
    assert export_labels(store, path) == 4
    with open(path, newline="", encoding="utf-8") as fh:
        notes = [row["note"] for row in csv.DictReader(fh)]
    assert notes[0] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, does not run it

    other_folder = tmp_path / "office"
    other_folder.mkdir()
    with IdentityStore(copy_store(reviewed_run.store, other_folder)) as other:
        summary = import_labels(other, path)
        assert (summary.rows, summary.imported, summary.active) == (4, 4, 3)
        assert active(other) == active(store)
        note = other.con.execute("SELECT note FROM labels WHERE active LIMIT 1").fetchone()[0]
        assert note == '=HYPERLINK("x")'
        again = import_labels(other, path)
        assert (again.imported, again.duplicates) == (0, 4)


def test_an_older_offline_decision_does_not_override_a_newer_one(store, tmp_path):
    pair = linked_pairs(store, 1)[0]
    record_decision(store, pair, "same", ANALYST)
    path = tmp_path / "office.csv"
    path.write_text(
        "source_l,record_id_l,source_r,record_id_r,decision,analyst,decided_at\n"
        f"{','.join(pair)},different,budi,2020-01-01T08:00:00\n",
        encoding="utf-8",
    )
    summary = import_labels(store, path)
    assert (summary.imported, summary.older_than_existing, summary.active) == (1, 1, 0)
    assert active(store) == [(*pair, "same", ANALYST)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source_l,record_id_l,source_r,decision\n", "column 'record_id_r' is missing"),
        (
            "source_l,record_id_l,source_r,record_id_r,decision,analyst\n"
            "dtks,1,csr,2,same,budi\ndtks,1,csr,3,maybe,budi\n",
            "row 3, column decision: 'maybe'",
        ),
        (
            "source_l,record_id_l,source_r,record_id_r,decision\ndtks,1,csr,2,same\n",
            "row 2, column analyst: empty",
        ),
        (
            "source_l,record_id_l,source_r,record_id_r,decision,analyst,decided_at\n"
            "dtks,1,csr,2,same,budi,yesterday\n",
            "row 2, column decided_at",
        ),
    ],
)
def test_a_bad_labels_file_names_its_row_and_column_and_imports_nothing(
    store, tmp_path, text, message
):
    path = tmp_path / "labels.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewError, match=message):
        import_labels(store, path)
    assert store.con.execute("SELECT count(*) FROM labels").fetchone()[0] == 0


def test_rows_without_an_analyst_take_the_given_one(store, tmp_path):
    pair = linked_pairs(store, 1)[0]
    path = tmp_path / "labels.csv"
    path.write_text(
        f"source_l,record_id_l,source_r,record_id_r,decision\n{','.join(pair)},same\n",
        encoding="utf-8",
    )
    import_labels(store, path, analyst="kantor-lamtim")
    assert active(store) == [(*pair, "same", "kantor-lamtim")]


def _m(settings: dict, name: str) -> list[float]:
    comparison = next(c for c in settings["comparisons"] if c["output_column_name"] == name)
    return [
        lvl["m_probability"]
        for lvl in comparison["comparison_levels"]
        if not lvl.get("is_null_level")
    ]


def test_m_from_labels_moves_m_toward_the_labelled_levels(store):
    for pair in linked_pairs(store, 12):
        record_decision(store, pair, "same", ANALYST)
    before = run_settings(store.con)
    relearned = m_from_labels(store, prior_pairs=0)
    summary = relearned.metadata["m_from_labels"]
    assert summary["same_labels"] == 12
    for comparison in relearned.settings["comparisons"]:
        name = comparison["output_column_name"]
        assert sum(_m(relearned.settings, name)) == pytest.approx(1.0)
        counts = summary["comparisons"][name]["level_counts"]
        if sum(counts.values()):
            top = max(counts, key=counts.get)
            labels = [lvl["label_for_charts"] for lvl in comparison["comparison_levels"]]
            levels = [
                lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")
            ]
            best = max(levels, key=lambda lvl: lvl["m_probability"])
            assert best["label_for_charts"] == top, (name, labels)
    assert relearned.settings["probability_two_random_records_match"] == pytest.approx(
        before["probability_two_random_records_match"]
    )
    json.dumps(relearned.settings)  # still a model file


def test_m_from_labels_with_a_strong_prior_keeps_the_model(store):
    for pair in linked_pairs(store, 3):
        record_decision(store, pair, "same", ANALYST)
    before = run_settings(store.con)
    kept = m_from_labels(store, prior_pairs=1e9).settings
    for comparison in before["comparisons"]:
        name = comparison["output_column_name"]
        assert _m(kept, name) == pytest.approx(_m(before, name), abs=1e-5)


def test_m_from_labels_needs_same_person_decisions(store):
    with pytest.raises(ReviewError, match="same person"):
        m_from_labels(store)


def test_evaluation_counts_the_models_agreement_with_analysts(store):
    pairs = linked_pairs(store, 8)
    for pair in pairs[:6]:
        record_decision(store, pair, "same", ANALYST)
    for pair in pairs[6:]:
        record_decision(store, pair, "different", ANALYST)
    result = evaluate_from_labels(store, link_threshold=0.6)
    assert (result.same_labels, result.different_labels) == (6, 2)
    model = result.model
    assert (model.true_positive, model.false_positive, model.false_negative) == (6, 2, 0)
    assert model.precision.value == pytest.approx(6 / 8)
    assert model.precision.low < 6 / 8 < model.precision.high
    assert model.recall.value == 1.0
    # The labels are newer than the run, so the run's persons are measured against them too.
    assert result.resolution is not None
    assert result.resolution.false_positive == 2
    assert json.dumps(result.as_dict())


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(8, 10, 0.4902, 0.9433), (10, 10, 0.7225, 1.0), (0, 5, 0.0, 0.4345)],
)
def test_wilson_interval_matches_published_values(successes, trials, low, high):
    estimate = wilson(successes, trials)
    assert estimate.low == pytest.approx(low, abs=1e-4)
    assert estimate.high == pytest.approx(high, abs=1e-4)


def test_wilson_of_nothing_is_unknown():
    assert wilson(0, 0).value is None
