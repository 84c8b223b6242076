"""Shared fixtures for review: one committed run with an identity store, copies of it to
change, and the review app served on 127.0.0.1 in a background thread."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from linkage.config import JobConfig, config_from_dict
from linkage.job import run_job
from linkage.review.accounts import add_user
from linkage.store import IdentityStore

ANALYST = "siti"
PASSWORD = "kedaton-1871-review"


def review_config(synth_dir: Path, folder: Path) -> JobConfig:
    """The synthetic lists with the shipped model, a store, and no worker processes; a wide
    review band, so that 400 persons give the analyst a queue of several pairs."""
    return config_from_dict(
        {
            "name": "review-test",
            "sources": str(synth_dir / "sources.yaml"),
            "standardize": {"region_within": "18", "workers": 1},
            "thresholds": {"link": 0.9, "review": 0.05},
            "output": {"dir": str(folder / "out"), "report": False},
            "store": str(folder / "identity.duckdb"),
        },
        base=synth_dir,
    )


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its lowest cost: the tests log in often, and the real cost is what makes
    guessing slow (tests/review/test_accounts.py checks the real parameters)."""
    from linkage.review import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", cheap)
        patch.setattr(accounts, "_DUMMY_HASH", cheap.hash("no such user"))
        yield


@dataclass(frozen=True)
class ReviewedRun:
    synth_dir: Path
    store: Path


@pytest.fixture(scope="session")
def reviewed_run(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ReviewedRun:
    folder = tmp_path_factory.mktemp("review-run")
    config = review_config(synth_dir, folder)
    run_job(config)
    with IdentityStore(config.store) as store:
        add_user(store, ANALYST, PASSWORD)
    return ReviewedRun(synth_dir, config.store)


def copy_store(source: Path, folder: Path) -> Path:
    """A private copy of a (closed) store file, to change freely."""
    target = folder / "identity.duckdb"
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def store_path(reviewed_run: ReviewedRun, tmp_path: Path) -> Path:
    return copy_store(reviewed_run.store, tmp_path)


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve an ASGI app on a free loopback port; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    return CSRF_FIELD.search(html).group(1)


def log_in(client, username: str = ANALYST, password: str = PASSWORD):
    """Log an httpx client in through the login form; returns the response."""
    form = client.get("/login")
    return client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": username,
            "password": password,
            "next": "/",
        },
    )
