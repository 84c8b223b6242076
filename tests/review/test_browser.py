"""The review flow in headless Chromium, network off but for the app on 127.0.0.1: log in,
open the queue, decide with a key, undo, decide again, and find the decision in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.review.app import create_app
from linkage.store import IdentityStore
from tests.review.conftest import ANALYST, PASSWORD, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


def labels_of(store_path: Path, pair: tuple[str, ...]) -> list[tuple]:
    with IdentityStore(store_path) as store:
        return store.con.execute(
            "SELECT decision, analyst, active FROM labels WHERE source_l = ? AND "
            "record_id_l = ? AND source_r = ? AND record_id_r = ? ORDER BY label_id",
            list(pair),
        ).fetchall()


def test_analyst_decides_undoes_and_decides_again_with_the_keyboard(store_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    foreign: list[str] = []
    with serving(create_app(store_path)) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def only_the_app(route):
                if route.request.url.startswith(base):
                    route.continue_()
                else:
                    foreign.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_app)
            page.goto(base + "/")
            page.fill("input[name=username]", ANALYST)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            assert page.locator("table.queue tbody tr").count() >= 2

            with page.expect_navigation():
                page.keyboard.press("o")
            form = page.locator("form#decide")
            pair = tuple(
                form.locator(f"input[name={name}]").get_attribute("value")
                for name in ("sl", "rl", "sr", "rr")
            )
            assert page.locator("svg[aria-label='match weight waterfall'] rect").count() >= 3
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "review_pair.png"), full_page=True)

            with page.expect_navigation():
                page.keyboard.press("d")
            assert "Saved: different persons." in page.text_content(".flash")
            assert labels_of(store_path, pair) == [("different", ANALYST, True)]

            with page.expect_navigation():
                page.keyboard.press("z")
            assert "Undone" in page.text_content(".flash")
            assert labels_of(store_path, pair) == [("different", ANALYST, False)]

            page.fill("#note", "same NIK, spelling variant")
            page.locator("#note").press("Escape")
            with page.expect_navigation():
                page.keyboard.press("s")
            assert labels_of(store_path, pair) == [
                ("different", ANALYST, False),
                ("same", ANALYST, True),
            ]
        finally:
            browser.close()
    assert foreign == []
    with IdentityStore(store_path) as store:
        note = store.con.execute("SELECT note FROM labels WHERE active").fetchone()[0]
    assert note == "same NIK, spelling variant"
