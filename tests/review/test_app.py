"""The review app over HTTP: refusals without a session or CSRF token, masking of
identifiers on every page, logged reveals, and decisions that reach the store."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import httpx
import pytest

from linkage.review.app import create_app
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST, csrf_of, log_in, serving

HREF = re.compile(r'href="(/(?:pair|cluster)\?[^"]+)"')
TAG = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    """The page's text and attribute-free markup: a value split by <mark> tags joins again."""
    return TAG.sub("", html)


@pytest.fixture
def served(store_path):
    with serving(create_app(store_path)) as base:
        yield base, store_path


@pytest.fixture
def client(served):
    base, _ = served
    with httpx.Client(base_url=base) as client:
        yield client


@pytest.fixture
def analyst(client):
    response = log_in(client)
    assert response.status_code == 303
    return client


def first_pair(store_path) -> dict[str, str]:
    with IdentityStore(store_path) as store:
        row = store.con.execute(
            "SELECT source_l, record_id_l, source_r, record_id_r FROM run_review_queue LIMIT 1"
        ).fetchone()
    return dict(zip(["sl", "rl", "sr", "rr"], row, strict=True))


def labels_in(store_path) -> list[tuple]:
    with IdentityStore(store_path) as store:
        return store.con.execute(
            "SELECT source_l, record_id_l, source_r, record_id_r, decision, analyst, active "
            "FROM labels ORDER BY label_id"
        ).fetchall()


def full_identifiers(store_path) -> set[str]:
    """Every whole NIK and KK the run holds, raw or standardized."""
    with IdentityStore(store_path) as store:
        rows = store.con.execute(
            "SELECT nik FROM run_records UNION SELECT nik_raw FROM run_records "
            "UNION SELECT kk FROM run_records"
        ).fetchall()
    return {v for (v,) in rows if v and re.fullmatch(r"\d{16}", v)}


def test_pages_need_a_session(client):
    response = client.get("/?status=all")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?" + urlencode({"next": "/?status=all"})


def test_decision_without_a_session_is_refused_and_stores_nothing(client, served):
    _, store_path = served
    response = client.post("/decide", data={**first_pair(store_path), "decision": "same"})
    assert response.status_code == 401
    assert labels_in(store_path) == []


@pytest.mark.parametrize("token", [None, "", "not-the-session-token"])
def test_decision_without_the_csrf_token_is_refused_and_stores_nothing(analyst, served, token):
    _, store_path = served
    form = {**first_pair(store_path), "decision": "different"}
    if token is not None:
        form["csrf_token"] = token
    response = analyst.post("/decide", data=form)
    assert response.status_code == 403
    assert labels_in(store_path) == []


def test_login_without_the_login_form_token_is_refused(client):
    response = client.post("/login", data={"username": ANALYST, "password": "whatever"})
    assert response.status_code == 403


def test_wrong_password_is_refused_and_repeated_failures_lock_the_user(client):
    codes = []
    for _ in range(6):
        codes.append(log_in(client, password="not the password").status_code)
    assert codes[:5] == [401] * 5
    assert codes[5] == 429


def test_login_never_redirects_to_another_site(client):
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": ANALYST,
            "password": "kedaton-1871-review",
            "next": "//evil.example/phish",
        },
    )
    assert response.headers["location"] == "/"


def test_requests_for_another_host_are_refused(client):
    response = client.get("/login", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_pages_forbid_framing_caching_and_foreign_scripts(analyst):
    headers = analyst.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


def test_a_decision_is_stored_with_analyst_and_note_and_leads_to_the_next_pair(analyst, served):
    _, store_path = served
    page = analyst.get("/pair", params=first_pair(store_path))
    pair = first_pair(store_path)
    response = analyst.post(
        "/decide",
        data={**pair, "decision": "different", "note": "twins", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(("/pair?", "/"))
    assert labels_in(store_path) == [
        (pair["sl"], pair["rl"], pair["sr"], pair["rr"], "different", ANALYST, True)
    ]


def test_undo_only_takes_back_the_analysts_own_recent_decisions(analyst):
    page = analyst.get("/")
    response = analyst.post("/undo", data={"label_id": "1", "csrf_token": csrf_of(page.text)})
    assert response.status_code == 400


def test_no_page_shows_a_full_nik_or_kk_unless_revealed(analyst, served):
    _, store_path = served
    secrets = full_identifiers(store_path)
    assert secrets
    queue = analyst.get("/", params={"status": "all"}).text
    links = list(dict.fromkeys(unescape(link) for link in HREF.findall(queue)))
    pair_pages = [analyst.get(link).text for link in links if link.startswith("/pair")]
    cluster_pages = [analyst.get(link).text for link in links if link.startswith("/cluster")]
    assert pair_pages and cluster_pages  # the check below reads every kind of page
    pages = [queue, analyst.get("/login").text, analyst.get("/pair?sl=x").text]
    pages += pair_pages + cluster_pages[:3]
    for html in pages:
        assert not [s for s in secrets if s in html or s in text_of(html)]


def test_a_reveal_shows_that_nik_only_and_is_logged(analyst, served):
    _, store_path = served
    pair = first_pair(store_path)
    with IdentityStore(store_path) as store:
        values = store.con.execute(
            "SELECT record_id, nik_raw, nik_pattern FROM run_records WHERE (source, record_id) "
            "IN ((?, ?), (?, ?))",
            [pair["sl"], pair["rl"], pair["sr"], pair["rr"]],
        ).fetchall()
    niks = {record: {v for v in row if v and re.fullmatch(r"\d{16}", v)} for record, *row in values}
    page = analyst.get("/pair", params=pair)
    revealed = analyst.post(
        "/reveal", data={**pair, "reveal": "0:nik", "csrf_token": csrf_of(page.text)}
    )
    assert revealed.status_code == 200
    shown = text_of(revealed.text)
    assert niks[pair["rl"]] and all(nik in shown for nik in niks[pair["rl"]])
    assert not [nik for nik in niks[pair["rr"]] - niks[pair["rl"]] if nik in shown]
    with IdentityStore(store_path) as store:
        log = store.con.execute("SELECT analyst, source, record_id, field FROM reveals").fetchall()
    assert log == [(ANALYST, pair["sl"], pair["rl"], "nik")]


def test_a_reveal_without_the_csrf_token_is_refused_and_shows_nothing(analyst, served):
    _, store_path = served
    pair = first_pair(store_path)
    response = analyst.post("/reveal", data={**pair, "reveal": "0:nik"})
    assert response.status_code == 403
    with IdentityStore(store_path) as store:
        assert store.con.execute("SELECT count(*) FROM reveals").fetchone()[0] == 0
