"""What every command-line verb shares: one-sentence errors and naming the identity store."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from linkage.privacy import redact_numbers

err_console = Console(stderr=True)


def _user_errors() -> tuple[type[Exception], ...]:
    from linkage.config import ConfigError
    from linkage.model.io import ModelError
    from linkage.resolve.engine import BudgetError
    from linkage.review import ReviewError
    from linkage.sources import SourceError
    from linkage.store import StoreError

    return (
        ConfigError,
        SourceError,
        ModelError,
        BudgetError,
        StoreError,
        ReviewError,
        FileNotFoundError,
    )


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """User mistakes become one clear sentence (digit runs masked) and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except _user_errors() as err:
            # Escaped: messages hold brackets (`linkage[spark]`, list indexes) that are not markup.
            message = escape(redact_numbers(str(err)))
            err_console.print(f"[red]error:[/red] {message}", highlight=False)
            sys.exit(2)

    return wrapper


def store_path_of(store_path: Path | None, config_path: Path | None) -> Path:
    """The store named by --store, or by the `store:` of a job config."""
    from linkage.config import ConfigError, load_config

    if store_path is None and config_path is not None:
        store_path = load_config(config_path, check_columns=False).store
    if store_path is None:
        raise ConfigError("name the identity store: --store FILE, or --config with `store:`")
    return store_path


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--store FILE or --config CONFIG (whose `store:` names it)."""
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="A job config whose `store:` names the identity store.",
    )(command)
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Identity store file.",
    )(command)
