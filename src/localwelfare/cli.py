"""The command line: ``python -m localwelfare COMMAND ...``.

Command groups live in :mod:`localwelfare.commands`, one module each, and are discovered here.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from localwelfare import __version__, commands
from localwelfare.errors import InputError


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="python -m localwelfare",
        description="Pipeline, data package and analyses of the local welfare research compendium.",
    )
    parser.add_argument("--version", action="version", version=f"localwelfare {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # shared helpers of the commands, not a command group
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (2 for bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `... | head`
        return 0
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM during a build
        print(f"error: {interrupt or 'interrupted'}", file=sys.stderr)
        return 130
