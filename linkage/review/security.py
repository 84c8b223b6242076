"""Sessions, CSRF tokens and login throttling for the review app (kept in the server's memory:
restarting the app logs everyone out, which is what a local tool should do)."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SESSION_COOKIE = "linkage_session"
LOGIN_COOKIE = "linkage_login"
IDLE_SECONDS = 2 * 3600
MAX_SECONDS = 12 * 3600
UNDO_DEPTH = 20


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison, so response times do not leak a token's prefix."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


@dataclass
class Session:
    """A logged-in analyst: the cookie token, a CSRF token, and recent decisions to undo."""

    token: str
    username: str
    csrf: str
    started: float
    seen: float
    undo: list[Any] = field(default_factory=list)
    flash: dict[str, Any] | None = None

    def remember(self, decision: Any) -> None:
        self.undo = [*self.undo, decision][-UNDO_DEPTH:]

    def take_flash(self) -> dict[str, Any] | None:
        flash, self.flash = self.flash, None
        return flash


class Sessions:
    """Server-side sessions that expire after idling or after a working day."""

    def __init__(
        self,
        *,
        idle: float = IDLE_SECONDS,
        longest: float = MAX_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self.idle, self.longest, self.clock = idle, longest, clock

    def start(self, username: str) -> Session:
        now = self.clock()
        session = Session(new_token(), username, new_token(), now, now)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if now - session.seen > self.idle or now - session.started > self.longest:
                del self._sessions[token]
                return None
            session.seen = now
            return session

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


class LoginThrottle:
    """Refuse logins to a username after repeated failures, for a while."""

    def __init__(
        self,
        *,
        failures: int = 5,
        window: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self.limit, self.window, self.clock = failures, window, clock

    def _recent(self, username: str) -> list[float]:
        cutoff = self.clock() - self.window
        recent = [t for t in self._failures.get(username, []) if t > cutoff]
        self._failures[username] = recent
        return recent

    def blocked(self, username: str) -> bool:
        with self._lock:
            return len(self._recent(username)) >= self.limit

    def failed(self, username: str) -> None:
        with self._lock:
            self._failures[username] = [*self._recent(username), self.clock()]

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username, None)
