"""Analyst review: a local web app to decide uncertain pairs, and the decisions' feedback loop.

The web app (`linkage.review.app`) is imported only when served, so the CLI stays quick.
"""

from __future__ import annotations


class ReviewError(ValueError):
    """A user mistake in review input (an account, a decision, a labels file)."""
