"""The ``budgetmix`` command line: ``chat``, ``ask``, ``fit``, ``optimize``, ``forecast``,
``attribute``, ``index`` and the stored records: ``users``, ``models``, ``plans`` and
``track``.

Each subcommand lives in its own module with two functions, ``add_arguments(parser)`` and
``run(args) -> int``; this module only wires them together and turns expected failures
(:class:`CliError`) into a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from assistant.cli.errors import CliError

# name -> (module, one-line help); modules are imported lazily so `--help` stays fast.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("assistant.cli.chat", "serve the Chainlit chat over HTTP"),
    "ask": ("assistant.cli.ask", "run one conversation turn and print the reply"),
    "fit": ("assistant.cli.fit", "fit response curves to a weekly spend history"),
    "optimize": ("assistant.cli.optimize", "optimize a budget allocation from fitted curves"),
    "forecast": ("assistant.cli.forecast", "forecast dated future weeks for a spend plan"),
    "attribute": ("assistant.cli.attribute", "attribute conversions from customer journeys"),
    "index": ("assistant.cli.index", "build or refresh the methodology knowledge index"),
    "schema": ("assistant.cli.schema", "print the JSON schema of a command's --json output"),
    "users": ("assistant.cli.users", "add, list or remove the users who sign in to the chat"),
    "models": ("assistant.cli.models", "show saved models, their versions and what changed"),
    "plans": ("assistant.cli.plans", "adopt a plan from a session, list and show adopted plans"),
    "track": ("assistant.cli.track", "track weekly actuals against an adopted plan"),
    "batch": ("assistant.cli.batch", "fit many data sets at once on Ray (batch fit SPEC.json)"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Given the command line ``argv``, only the subcommand it names is imported
    (the engine and the chat stack are heavy), so ``budgetmix --help`` stays instant; with
    ``argv=None`` every subcommand is wired in (for tests and introspection)."""
    parser = argparse.ArgumentParser(
        prog="budgetmix",
        description="Tells a CMO where the next marketing dollar should go, and proves it.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = None if argv is None else next((a for a in argv if a in SUBCOMMANDS), None)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        if argv is not None and name != chosen:
            sub.add_parser(name, help=help_text)
            continue
        module = import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    from assistant.config import ConfigError

    try:
        code: int = args.handler(args)
    except CliError as error:
        print(f"budgetmix {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except ConfigError as error:
        print(f"budgetmix {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
