"""Manage the people who sign in to the chat in team mode (``BUDGETMIX_AUTH=password``).

``add NAME`` asks for the password twice on a terminal, or reads one line from standard input
with ``--password-stdin`` (for scripts). ``remove NAME`` deletes the user with their
conversations, plans and models.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.auth import Accounts, PasswordError
from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.storage import open_configured_storage
from assistant.storage import UserNameError
from tools.views.documents.admin import UserLine, UserListDocument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user who signs in with a password")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    listing = actions.add_parser("list", help="list the users")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    remove = actions.add_parser("remove", help="remove a user and everything they own")
    remove.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    storage = open_configured_storage()
    try:
        if args.action == "add":
            password = _read_password(args.password_stdin)
            try:
                Accounts(storage.users).add(args.name, password)
            except (UserNameError, PasswordError) as error:
                raise CliError(str(error)) from None
            print(
                f"added {args.name}: they sign in when the chat runs with BUDGETMIX_AUTH=password"
            )
        elif args.action == "list":
            users = storage.users.list()
            if args.json:
                rows = [
                    UserLine(name=u.name, created=u.created_at, can_sign_in=u.can_sign_in)
                    for u in users
                ]
                print_document(UserListDocument(users=rows))
            else:
                for user in users:
                    print(user.name if user.can_sign_in else f"{user.name} (no password)")
        else:
            if not storage.users.remove(args.name):
                raise CliError(f"no user named {args.name!r} (see `budgetmix users list`)")
            print(f"removed {args.name} with their conversations, plans and models")
    finally:
        storage.close()
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise CliError("no password on standard input")
        return line.rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise CliError("the two passwords differ; nothing was changed")
    return first
