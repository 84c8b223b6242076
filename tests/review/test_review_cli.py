"""The review verbs: accounts from a prompt or stdin, labels to and from CSV, loopback only."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from linkage.review.accounts import authenticate
from linkage.review.cli import labels, review, users
from linkage.review.labels import Pair, record_decision
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST


@pytest.fixture
def runner():
    return CliRunner()


def test_users_add_reads_the_password_from_stdin(runner, store_path):
    result = runner.invoke(
        users,
        ["add", "budi", "--store", str(store_path), "--password-stdin"],
        input="lampung-timur-2025\n",
    )
    assert result.exit_code == 0, result.output
    with IdentityStore(store_path) as store:
        assert authenticate(store, "budi", "lampung-timur-2025")


def test_users_add_prompts_twice_for_the_password(runner, store_path):
    result = runner.invoke(
        users,
        ["add", "budi", "--store", str(store_path)],
        input="lampung-timur-2025\nlampung-timur-2025\n",
    )
    assert result.exit_code == 0, result.output
    assert "lampung-timur-2025" not in result.output


def test_adding_an_existing_user_fails_with_one_sentence(runner, store_path):
    result = runner.invoke(
        users,
        ["add", ANALYST, "--store", str(store_path), "--password-stdin"],
        input="lampung-timur-2025\n",
    )
    assert result.exit_code != 0
    assert f"user {ANALYST!r} already exists" in result.output
    assert "Traceback" not in result.output


def test_users_list_shows_names_not_hashes(runner, store_path):
    result = runner.invoke(users, ["list", "--store", str(store_path)])
    assert result.exit_code == 0
    assert ANALYST in result.output and "argon2" not in result.output


def test_labels_export_and_import_round_trip(runner, store_path, tmp_path):
    with IdentityStore(store_path) as store:
        row = store.con.execute(
            "SELECT source_l, record_id_l, source_r, record_id_r FROM run_review_queue LIMIT 1"
        ).fetchall()[0]
        record_decision(store, Pair(*row), "different", ANALYST, "twins")
    out = tmp_path / "decisions.csv"
    result = runner.invoke(labels, ["export", str(out), "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "1 decisions written" in result.output
    result = runner.invoke(labels, ["import", str(out), "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "0 of 1 decisions imported" in result.output and "1 already present" in result.output


def test_a_bad_labels_file_fails_naming_row_and_column(runner, store_path, tmp_path):
    path = tmp_path / "office.csv"
    path.write_text("source_l,record_id_l,source_r,record_id_r,decision\na,1,b,2,yes\n")
    result = runner.invoke(labels, ["import", str(path), "--store", str(store_path)])
    assert result.exit_code != 0
    assert "row 2, column decision" in result.output


def test_review_serves_loopback_only(runner, store_path):
    result = runner.invoke(review, ["--store", str(store_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "0.0.0.0" in result.output
