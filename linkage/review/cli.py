"""Command-line verbs for review: `review` serves the app, `users` manages analyst accounts,
`labels` moves decisions to and from CSV. Registered on the main `linkage` group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from linkage.cli_support import friendly, store_options, store_path_of
from linkage.review import ReviewError

DEFAULT_PORT = 8765


@click.command()
@click.argument(
    "config_path",
    metavar="[CONFIG]",
    required=False,
    type=click.Path(path_type=Path, dir_okay=False),
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Identity store file (instead of CONFIG).",
)
@click.option(
    "--host",
    type=click.Choice(["127.0.0.1", "localhost"]),
    default="127.0.0.1",
    show_default=True,
    help="Loopback only: the pages show personal data.",
)
@click.option("--port", type=click.IntRange(1024, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the web browser.")
@friendly
def review(
    config_path: Path | None, store_path: Path | None, host: str, port: int, open_browser: bool
) -> None:
    """Review uncertain pairs and conflict clusters in the browser.

    Analysts log in with accounts made by `linkage users add`; their decisions are
    must-link / cannot-link constraints in every later run.

    \b
    Examples:
      linkage review configs/demo.yaml
      linkage review --store demo/identity.duckdb --port 8800 --open
    """
    import uvicorn

    from linkage.config import load_config
    from linkage.review.app import create_app
    from linkage.store import IdentityStore

    link_threshold = 0.6
    if config_path is not None and store_path is None:
        config = load_config(config_path, check_columns=False)
        link_threshold = config.thresholds.link
    path = store_path_of(store_path, config_path)
    IdentityStore(path, read_only=True).close()  # fail now, in one sentence, if it cannot open
    app = create_app(path, link_threshold=link_threshold)
    url = f"http://{host}:{port}/"
    click.echo(f"Reviewing {path} at {url} (Ctrl+C stops)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # No access log: URLs name beneficiaries' records.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@click.group()
def users() -> None:
    """Manage local analyst accounts of an identity store.

    \b
    Example:
      linkage users add rina --store demo/identity.duckdb
    asks for Rina's password (stored as an Argon2 hash).
    """


@users.command("add")
@click.argument("username")
@store_options
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
@friendly
def add_user_command(
    username: str, store_path: Path | None, config_path: Path | None, password_stdin: bool
) -> None:
    """Create an analyst account (the password is stored as an Argon2id hash only).

    \b
    Examples:
      linkage users add siti --config configs/demo.yaml
      printf '%s\\n' "$PASSWORD" | linkage users add budi --store id.duckdb --password-stdin
    """
    from linkage.review.accounts import add_user, check_password, check_username
    from linkage.store import IdentityStore

    check_username(username)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    check_password(password)
    with IdentityStore(store_path_of(store_path, config_path)) as store:
        add_user(store, username, password)
    click.echo(f"User {username} added.")


@users.command("list")
@store_options
@friendly
def list_users_command(store_path: Path | None, config_path: Path | None) -> None:
    """List analyst accounts.

    \b
    Example:
      linkage users list --store demo/identity.duckdb
    """
    from linkage.review.accounts import list_users
    from linkage.store import IdentityStore

    with IdentityStore(store_path_of(store_path, config_path), read_only=True) as store:
        for user in list_users(store):
            state = "active" if user["active"] else "disabled"
            click.echo(f"{user['username']}\t{state}\tcreated {user['created_at']}")


@click.group()
def labels() -> None:
    """Move analysts' decisions to and from CSV (for offices that review offline).

    \b
    Example:
      linkage labels export decisions.csv --store demo/identity.duckdb
      linkage labels import decisions-kab.csv --store demo/identity.duckdb
    """


@labels.command("export")
@click.argument("out_path", metavar="OUT.csv", type=click.Path(path_type=Path, dir_okay=False))
@store_options
@click.option("--active-only", is_flag=True, help="Only the decisions in force.")
@friendly
def export_command(
    out_path: Path, store_path: Path | None, config_path: Path | None, active_only: bool
) -> None:
    """Write decisions as CSV: the pair, decision, analyst, note, time, active.

    \b
    Example:
      linkage labels export decisions.csv --config configs/demo.yaml --active-only
    """
    from linkage.review.labels import export_labels
    from linkage.store import IdentityStore

    with IdentityStore(store_path_of(store_path, config_path), read_only=True) as store:
        rows = export_labels(store, out_path, active_only=active_only)
    click.echo(f"{rows:,} decisions written to {out_path}")


@labels.command("import")
@click.argument("in_path", metavar="FILE.csv", type=click.Path(path_type=Path, dir_okay=False))
@store_options
@click.option("--analyst", default=None, help="Analyst for rows whose analyst cell is empty.")
@friendly
def import_command(
    in_path: Path, store_path: Path | None, config_path: Path | None, analyst: str | None
) -> None:
    """Add decisions from a CSV (columns source_l, record_id_l, source_r, record_id_r,
    decision; optional analyst, note, decided_at, active). All or nothing; importing the
    same file twice adds nothing; the later decision on a pair wins.

    \b
    Example:
      linkage labels import office-lampung-timur.csv --config configs/demo.yaml
    """
    from linkage.review.labels import import_labels
    from linkage.store import IdentityStore

    if not in_path.exists():
        raise ReviewError(f"{in_path}: file not found")
    path = store_path_of(store_path, config_path)
    IdentityStore(path, read_only=True).close()  # a typo must not create an empty store
    with IdentityStore(path) as store:
        summary = import_labels(store, in_path, analyst=analyst)
    click.echo(
        f"{summary.imported:,} of {summary.rows:,} decisions imported ({summary.active:,} in "
        f"force, {summary.duplicates:,} already present, {summary.older_than_existing:,} older "
        f"than the pair's current decision)"
    )
    if summary.unknown_records:
        click.echo(
            f"{summary.unknown_records:,} decisions name records the last run does not hold; "
            "they apply once a run holds them."
        )
