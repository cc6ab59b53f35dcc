"""`advisor users ...`: accounts for the browser service, from the server's terminal."""

import sys

import click

from ..cli_options import UserError, user_errors
from .serve import data_option

ROLES = ("officer", "auditor", "admin")


def _store(data_dir):
    from pathlib import Path

    from ..web.config import DATABASE_NAME
    from ..web.storage import Storage

    Path(data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    store = Storage(Path(data_dir) / DATABASE_NAME)
    store.migrate()
    return store


def _read_password():
    """The first line of standard input (a file or a pipe), or asked twice on a terminal."""
    if sys.stdin is not None and sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _hash_new_password():
    from ..web.auth import hash_password, password_problem

    password = _read_password()
    problem = password_problem(password)
    if problem:
        raise UserError(f"{problem} (read from standard input)")
    return hash_password(password)


@click.group()
def users():
    """Accounts for `advisor serve`: officers, auditors and admins.

    \b
    Examples:
      advisor users add alice --role officer < alice-password.txt
      printf '%s\\n' "$PASSWORD" | advisor users add bob --role auditor --team "Herts audit"
      advisor users list
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="officer: plans proposals; auditor: reads proposals given to them and adds waivers; "
                   "admin: manages users and teams.")
@click.option("--team", metavar="TEAM", multiple=True, help="Put the user in this team (made if new). Repeatable.")
@click.option("--no-password", is_flag=True,
              help="No password: the user signs in only through the trusted proxy (ADVISOR_TRUSTED_HEADER).")
@data_option
@user_errors
def add(name, role, team, no_password, data_dir):
    """Add the user NAME. The password is read from standard input (first line), never from the
    command line, where other users of the server could see it. At least 12 characters."""
    from ..web.storage import StorageError

    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() and c != " " for c in name):
        raise UserError("NAME must be 1 to 100 characters, without tabs or new lines")
    password_hash = None if no_password else _hash_new_password()
    store = _store(data_dir)
    try:
        user_id = store.add_user(name, role, password_hash)
        for t in team:
            found = store.team_by_name(t)
            store.add_member(found["id"] if found else store.add_team(t), user_id)
    except StorageError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Added {role} {name}" + (f" to {', '.join(team)}" if team else ""))


@users.command("password")
@click.argument("name")
@data_option
@user_errors
def password(name, data_dir):
    """Set a new password for NAME, read from standard input. Signs them out everywhere."""
    store, user = _user(data_dir, name)
    store.set_password(user["id"], _hash_new_password())
    click.echo(f"Password changed for {user['name']}")


def _user(data_dir, name):
    """(the store, the user called NAME), or one line and exit 2 when there is none."""
    store = _store(data_dir)
    user = store.user_by_name(name)
    if user is None:
        raise UserError(f"no user called {name}")
    return store, user


def _switch(verb, disabled, doc):
    """`advisor users disable NAME` and `enable NAME`: one command each, the same but for the flag."""
    @users.command(verb, help=doc)
    @click.argument("name")
    @data_option
    @user_errors
    def switch(name, data_dir):
        store, user = _user(data_dir, name)
        store.set_disabled(user["id"], disabled)
        click.echo(f"{user['name']} {'can no longer' if disabled else 'can'} sign in")
    return switch


disable = _switch("disable", True, "Stop NAME signing in (their proposals stay). `advisor users enable NAME` undoes it.")
enable = _switch("enable", False, "Let NAME sign in again.")


@users.command("list")
@data_option
@user_errors
def list_(data_dir):
    """Every user, with role, teams and whether they can sign in."""
    store = _store(data_dir)
    for u in store.users():
        teams = ", ".join(t["name"] for t in store.teams_of(u["id"]))
        state = " (disabled)" if u["disabled"] else ""
        click.echo(f"{u['name']}\t{u['role']}{state}\t{teams}")


command = users
