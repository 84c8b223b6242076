"""The review web app: queue, pair view, cluster view, decisions, undo, reveals, login.

Server-rendered pages (Jinja) whose forms work without JavaScript; a small script adds
keyboard shortcuts. Every state change is a POST carrying the session's CSRF token. The store
is opened per request, so a `linkage run` can commit while the app idles.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from linkage.privacy import redact_numbers
from linkage.review import ReviewError
from linkage.review.accounts import authenticate
from linkage.review.display import REVEALABLE, chart, masked, pair_rows, region_name, waterfall
from linkage.review.labels import (
    DECISIONS,
    Decision,
    Pair,
    pair_history,
    record_decision,
    undo_decision,
)
from linkage.review.queries import (
    PAGE_SIZE,
    Filters,
    conflict_cluster,
    filter_options,
    filter_queue,
    has_run,
    label_status,
    last_run_id,
    load_queue,
    neighbours,
    queue_row,
    records_of,
)
from linkage.review.scoring import run_settings, score_pairs
from linkage.review.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    LoginThrottle,
    Session,
    Sessions,
    new_token,
    tokens_match,
)
from linkage.store import IdentityStore, StoreError, now

HERE = Path(__file__).parent
LOCAL_HOSTS = ["127.0.0.1", "localhost"]
MAX_FORM_BYTES = 64_000
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Pages hold personal data (and revealed NIKs): keep them out of the browser's disk cache.
    "Cache-Control": "no-store",
}
DECISION_NAMES = {"same": "same person", "different": "different persons", "unsure": "unsure"}
T = TypeVar("T")


class Refused(Exception):
    """A request the app answers with an error page (status and one sentence)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class LoginNeeded(Exception):
    def __init__(self, target: str):
        self.target = target


async def read_form(request: Request) -> dict[str, list[str]]:
    """A URL-encoded form body (the only kind the pages send)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise Refused(413, "The form is too large.")
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[-1]


def safe_target(target: str | None) -> str:
    """Only a path on this app, never another site (no open redirect after login)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def pair_url(pair: Pair, filters: Filters) -> str:
    query = {
        "sl": pair.source_l,
        "rl": pair.record_id_l,
        "sr": pair.source_r,
        "rr": pair.record_id_r,
    }
    return "/pair?" + urlencode({**query, **filters.query()})


def queue_url(filters: Filters, page: int = 1) -> str:
    query = {**filters.query(), **({"page": str(page)} if page > 1 else {})}
    return "/" + (f"?{urlencode(query)}" if query else "")


def cluster_url(persons: list[str]) -> str:
    return "/cluster?" + urlencode([("person", p) for p in persons])


def pair_of(row: dict[str, Any]) -> Pair:
    return Pair(row["source_l"], row["record_id_l"], row["source_r"], row["record_id_r"])


def pair_of_records(a: dict[str, Any], b: dict[str, Any]) -> Pair:
    return Pair(a["source"], a["record_id"], b["source"], b["record_id"])


def pair_from(values: Callable[[str], str]) -> Pair:
    pair = Pair(values("sl"), values("rl"), values("sr"), values("rr"))
    if not all(pair):
        raise Refused(400, "The pair is incomplete: it needs two sources and two record IDs.")
    return pair


def _reveals(values: list[str]) -> set[tuple[int, str]]:
    """`side:field` values (e.g. `0:nik`) of revealable fields."""
    revealed = set()
    for value in values:
        side, _, field = value.partition(":")
        if side in ("0", "1") and field in REVEALABLE:
            revealed.add((int(side), field))
    return revealed


class ReviewApp:
    """State of one running app: the store it serves, sessions, and the cached queue."""

    def __init__(self, store_path: Path, *, link_threshold: float = 0.6):
        self.store_path = Path(store_path)
        self.link_threshold = link_threshold
        self.sessions = Sessions()
        self.throttle = LoginThrottle()
        self._lock = threading.Lock()
        self._queue: tuple[int | None, pd.DataFrame] | None = None
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(
            pair_url=pair_url,
            queue_url=queue_url,
            cluster_url=cluster_url,
            pair_of=pair_of,
            pair_of_records=pair_of_records,
            masked=masked,
            region_name=region_name,
            decision_names=DECISION_NAMES,
        )
        self.templates.filters["redact"] = lambda text: redact_numbers(str(text or ""))

    # --- store access --------------------------------------------------------------------

    @contextmanager
    def store(self) -> Iterator[IdentityStore]:
        """The store, opened for one request; requests take turns."""
        with self._lock:
            try:
                store = IdentityStore(self.store_path)
            except StoreError as err:
                raise Refused(
                    503, f"{err}. A run may be committing: try again in a minute."
                ) from None
            try:
                yield store
            finally:
                store.close()

    async def call(self, work: Callable[..., T], *args: Any) -> T:
        def run() -> T:
            with self.store() as store:
                return work(store, *args)

        return await run_in_threadpool(run)

    def queue(self, store: IdentityStore) -> pd.DataFrame:
        """The last run's queue, ordered by impact (computed once per run)."""
        run_id = last_run_id(store.con)
        if self._queue is None or self._queue[0] != run_id:
            self._queue = (run_id, load_queue(store.con))
        return self._queue[1]

    # --- rendering -----------------------------------------------------------------------

    def page(
        self, name: str, session: Session | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        html = self.templates.get_template(name).render(
            session=session,
            flash=session.take_flash() if session else None,
            undo=session.undo[-1] if session and session.undo else None,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    # --- guards --------------------------------------------------------------------------

    def viewer(self, request: Request) -> Session:
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginNeeded(target)
        return session

    async def posted(self, request: Request) -> tuple[Session, dict[str, list[str]]]:
        """The session and form of a state-changing request, or a refusal."""
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise Refused(401, "Log in first.")
        form = await read_form(request)
        given = first(form, "csrf_token") or request.headers.get("x-csrf-token")
        if not tokens_match(session.csrf, given):
            raise Refused(403, "The form's security token is missing or stale: reload the page.")
        return session, form

    # --- page data (run in a worker thread, with the store open) --------------------------

    def queue_context(self, store: IdentityStore, filters: Filters, page: int) -> dict[str, Any]:
        if not has_run(store.con):
            return {"no_run": True, "filters": filters}
        queue = self.queue(store)
        rows = filter_queue(queue, label_status(store.con), filters)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        regions, sources = filter_options(queue)
        return {
            "no_run": False,
            "filters": filters,
            "rows": rows.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].to_dict("records"),
            "total": len(rows),
            "queued": len(queue),
            "page": page,
            "pages": pages,
            "regions": regions,
            "sources": sources,
        }

    def pair_context(
        self,
        store: IdentityStore,
        pair: Pair,
        filters: Filters,
        revealed: set[tuple[int, str]],
        analyst: str,
    ) -> dict[str, Any]:
        con = store.con
        if not has_run(con):
            raise Refused(404, "The identity store has no run yet.")
        keys = [(pair.source_l, pair.record_id_l), (pair.source_r, pair.record_id_r)]
        records = records_of(con, keys)
        if len(records) < 2 or keys[0] == keys[1]:
            raise Refused(404, "No such pair of records in the last run.")
        left, right = records[keys[0]], records[keys[1]]
        if revealed:
            log_reveals(store, analyst, [(keys[side], field) for side, field in revealed])
        settings = run_settings(con)
        row = queue_row(con, pair) or _scored_row(con, pair)
        weights = {
            c["output_column_name"]: row.get(f"mw_{c['output_column_name']}")
            for c in settings["comparisons"]
        }
        fall = waterfall(weights, settings)
        queue = self.queue(store)
        rows = filter_queue(queue, label_status(con), filters)
        previous, following = neighbours(rows, queue, pair)
        persons = list(dict.fromkeys([left["person_id"], right["person_id"]]))
        return {
            "pair": pair,
            "filters": filters,
            "left": left,
            "right": right,
            "rows": pair_rows(left, right, revealed),
            "revealed": sorted(f"{side}:{field}" for side, field in revealed),
            "queue_row": row if row.get("reason") else None,
            "fall": fall,
            "chart": chart(fall),
            "history": pair_history(con, pair),
            "previous": previous,
            "following": following,
            "persons": [p for p in persons if p],
            "link_threshold": self.link_threshold,
        }

    def decide(
        self,
        store: IdentityStore,
        pair: Pair,
        decision: str,
        analyst: str,
        note: str,
        filters: Filters,
    ) -> tuple[Decision, Pair | None]:
        recorded = record_decision(store, pair, decision, analyst, note)
        queue = self.queue(store)
        rows = filter_queue(queue, label_status(store.con), filters)
        return recorded, neighbours(rows, queue, pair)[1]


def _scored_row(con: Any, pair: Pair) -> dict[str, Any]:
    """Weights of a pair the queue does not hold (e.g. two records of one person)."""
    scored = score_pairs(con, pd.DataFrame([pair], columns=list(Pair._fields)))
    return scored.iloc[0].to_dict() if len(scored) else {}


def log_reveals(
    store: IdentityStore, analyst: str, shown: list[tuple[tuple[str, str], str]]
) -> None:
    """Every display of an unmasked identifier is logged: who, when, which record, which field."""
    stamp = now()
    with store.transaction() as con:
        for (source, record_id), field in shown:
            con.execute(
                "INSERT INTO reveals VALUES (?, ?, ?, ?, ?)",
                [analyst, stamp, source, record_id, field],
            )


def create_app(store_path: str | Path, *, link_threshold: float = 0.6) -> FastAPI:
    """The review app for one identity store (serve it on 127.0.0.1 only)."""
    review = ReviewApp(Path(store_path), link_threshold=link_threshold)
    app = FastAPI(title="linkage review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.review = review
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        session = review.sessions.get(request.cookies.get(SESSION_COOKIE))
        return review.page("message.html", session, error.status, message=error.message)

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, error: ReviewError) -> Response:
        session = review.sessions.get(request.cookies.get(SESSION_COOKIE))
        return review.page("message.html", session, 400, message=str(error))

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, error: LoginNeeded) -> Response:
        return RedirectResponse("/login?" + urlencode({"next": error.target}), status_code=303)

    @app.get("/login")
    async def login_form(request: Request, next: str = "/") -> Response:
        token = new_token()
        response = review.page("login.html", None, login_csrf=token, target=safe_target(next))
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login")
        return response

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await read_form(request)
        if not tokens_match(request.cookies.get(LOGIN_COOKIE), first(form, "csrf_token")):
            raise Refused(403, "The login form expired: reload the page and try again.")
        username, password = first(form, "username").strip().lower(), first(form, "password")
        target = safe_target(first(form, "next"))
        if review.throttle.blocked(username):
            raise Refused(429, "Too many failed logins for this user; wait 15 minutes.")
        if not await review.call(authenticate, username, password):
            review.throttle.failed(username)
            token = new_token()
            response = review.page(
                "login.html",
                None,
                401,
                login_csrf=token,
                target=target,
                error="Wrong username or password.",
            )
            response.set_cookie(
                LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login"
            )
            return response
        review.throttle.succeeded(username)
        session = review.sessions.start(username)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="strict")
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        session, _ = await review.posted(request)
        review.sessions.end(session.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/")
    async def queue_page(
        request: Request, region: str = "", source: str = "", status: str = "", page: int = 1
    ) -> Response:
        session = review.viewer(request)
        filters = Filters.of(region, source, status)
        context = await review.call(review.queue_context, filters, page)
        return review.page("queue.html", session, **context)

    @app.get("/pair")
    async def pair_page(request: Request) -> Response:
        session = review.viewer(request)
        params = request.query_params
        pair = pair_from(lambda name: params.get(name, ""))
        filters = Filters.of(params.get("region"), params.get("source"), params.get("status"))
        context = await review.call(review.pair_context, pair, filters, set(), session.username)
        return review.page("pair.html", session, **context)

    @app.post("/reveal")
    async def reveal(request: Request) -> Response:
        session, form = await review.posted(request)
        pair = pair_from(lambda name: first(form, name))
        filters = Filters.of(first(form, "region"), first(form, "source"), first(form, "status"))
        revealed = _reveals(form.get("reveal", []))
        context = await review.call(review.pair_context, pair, filters, revealed, session.username)
        return review.page("pair.html", session, **context)

    @app.post("/decide")
    async def decide(request: Request) -> Response:
        session, form = await review.posted(request)
        pair = pair_from(lambda name: first(form, name))
        filters = Filters.of(first(form, "region"), first(form, "source"), first(form, "status"))
        decision = first(form, "decision")
        if decision not in DECISIONS:
            raise Refused(400, f"Choose one of: {', '.join(DECISIONS)}.")
        recorded, following = await review.call(
            review.decide, pair, decision, session.username, first(form, "note").strip(), filters
        )
        session.remember(recorded)
        session.flash = {"text": f"Saved: {DECISION_NAMES[decision]}."}
        target = pair_url(following, filters) if following else queue_url(filters)
        return RedirectResponse(target, status_code=303)

    @app.post("/undo")
    async def undo(request: Request) -> Response:
        session, form = await review.posted(request)
        wanted = first(form, "label_id")
        decision = next((d for d in session.undo if str(d.label_id) == wanted), None)
        if decision is None:
            raise Refused(400, "Nothing to undo: only your own recent decisions can be undone.")
        await review.call(undo_decision, decision)
        session.undo = [d for d in session.undo if d is not decision]
        session.flash = {"text": "Undone: the pair is back as it was."}
        filters = Filters.of(first(form, "region"), first(form, "source"), first(form, "status"))
        return RedirectResponse(pair_url(decision.pair, filters), status_code=303)

    @app.get("/cluster")
    async def cluster_page(request: Request) -> Response:
        session = review.viewer(request)
        persons = [p for p in request.query_params.getlist("person") if p][:12]
        if not persons:
            raise Refused(400, "Name at least one person.")
        cluster = await review.call(lambda store: conflict_cluster(store.con, persons))
        if not cluster.nodes:
            raise Refused(404, "No such person in the last run.")
        return review.page("cluster.html", session, cluster=cluster, filters=Filters())

    return app
