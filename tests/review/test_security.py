"""Sessions expire when idle or old, tokens compare safely, failed logins are throttled."""

from __future__ import annotations

from linkage.review.app import safe_target
from linkage.review.security import LoginThrottle, Sessions, tokens_match


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_session_expires_after_idling():
    clock = Clock()
    sessions = Sessions(idle=60, longest=3600, clock=clock)
    session = sessions.start("siti")
    clock.now = 59
    assert sessions.get(session.token) is session
    clock.now = 59 + 61
    assert sessions.get(session.token) is None


def test_a_busy_session_still_ends_after_a_working_day():
    clock = Clock()
    sessions = Sessions(idle=60, longest=300, clock=clock)
    session = sessions.start("siti")
    for minute in range(1, 6):
        clock.now = minute * 59
        assert sessions.get(session.token) is session
    clock.now = 301
    assert sessions.get(session.token) is None


def test_each_session_has_its_own_tokens():
    sessions = Sessions()
    a, b = sessions.start("siti"), sessions.start("siti")
    assert len({a.token, b.token, a.csrf, b.csrf}) == 4
    sessions.end(a.token)
    assert sessions.get(a.token) is None and sessions.get(b.token) is b


def test_tokens_match_only_when_equal_and_present():
    assert tokens_match("abc", "abc")
    assert not tokens_match("abc", "abd")
    assert not tokens_match(None, None)
    assert not tokens_match("", "")


def test_throttle_blocks_after_repeated_failures_and_forgets_them_later():
    clock = Clock()
    throttle = LoginThrottle(failures=3, window=100, clock=clock)
    for _ in range(3):
        throttle.failed("siti")
    assert throttle.blocked("siti") and not throttle.blocked("budi")
    clock.now = 101
    assert not throttle.blocked("siti")


def test_after_login_only_local_paths_are_followed():
    assert safe_target("/pair?sl=dtks") == "/pair?sl=dtks"
    for target in ("//evil.example", "https://evil.example", "/\\evil.example", "", None):
        assert safe_target(target) == "/"
