"""Local analyst accounts in the identity store, with Argon2id password hashes."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from linkage.review import ReviewError
from linkage.store import IdentityStore, now

USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")
MIN_PASSWORD = 10

_hasher = PasswordHasher()  # argon2-cffi's defaults follow RFC 9106's recommended profile
# Verified when the user does not exist, so a login takes as long either way and timing
# does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("linkage: no such user")


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise ReviewError(
            f"username {username!r}: use 2-32 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ReviewError(f"the password needs at least {MIN_PASSWORD} characters")
    return password


def add_user(store: IdentityStore, username: str, password: str) -> None:
    """Create an analyst account; the password is stored only as an Argon2id hash."""
    check_username(username)
    check_password(password)
    exists = store.con.execute(
        "SELECT count(*) FROM users WHERE username = ?", [username]
    ).fetchone()[0]
    if exists:
        raise ReviewError(f"user {username!r} already exists in {store.path}")
    with store.transaction() as con:
        con.execute(
            "INSERT INTO users VALUES (?, ?, ?, true)", [username, _hasher.hash(password), now()]
        )


def authenticate(store: IdentityStore, username: str, password: str) -> bool:
    """True for an active user's right password; upgrades the hash if parameters changed."""
    row = store.con.execute(
        "SELECT password_hash FROM users WHERE username = ? AND active", [username]
    ).fetchone()
    stored = row[0] if row else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if row is None:
        return False
    if _hasher.check_needs_rehash(stored):
        with store.transaction() as con:
            con.execute(
                "UPDATE users SET password_hash = ? WHERE username = ?",
                [_hasher.hash(password), username],
            )
    return True


def list_users(store: IdentityStore) -> list[dict[str, object]]:
    return (
        store.con.execute("SELECT username, created_at, active FROM users ORDER BY username")
        .df()
        .to_dict("records")
    )
