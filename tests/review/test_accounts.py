"""Analyst accounts: Argon2id hashes only, checked names and passwords, no duplicates."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from linkage.review import ReviewError, accounts
from linkage.review.accounts import add_user, authenticate
from linkage.store import IdentityStore


@pytest.fixture
def store(tmp_path):
    with IdentityStore(tmp_path / "identity.duckdb") as store:
        yield store


def test_real_hashing_is_argon2id_with_the_recommended_cost(monkeypatch, store):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher())
    add_user(store, "budi", "lampung-timur-2025")
    stored = store.con.execute("SELECT password_hash FROM users").fetchall()[0][0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "lampung-timur-2025" not in stored


def test_only_the_right_password_of_an_active_user_logs_in(store):
    add_user(store, "budi", "lampung-timur-2025")
    assert authenticate(store, "budi", "lampung-timur-2025")
    assert not authenticate(store, "budi", "lampung-timur-2024")
    assert not authenticate(store, "nobody", "lampung-timur-2025")
    store.con.execute("UPDATE users SET active = false")
    assert not authenticate(store, "budi", "lampung-timur-2025")


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("Budi Santoso", "lampung-timur-2025", "username"),
        ("b", "lampung-timur-2025", "username"),
        ("budi", "short", "at least 10"),
    ],
)
def test_bad_names_and_short_passwords_are_refused(store, username, password, message):
    with pytest.raises(ReviewError, match=message):
        add_user(store, username, password)


def test_a_user_is_added_once(store):
    add_user(store, "budi", "lampung-timur-2025")
    with pytest.raises(ReviewError, match="already exists"):
        add_user(store, "budi", "another-password-1")
