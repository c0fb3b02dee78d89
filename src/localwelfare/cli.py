"""The command line: ``python -m localwelfare [-v | -q] COMMAND ...``.

Command groups live in :mod:`localwelfare.commands`, one module each, and are discovered here.

Exit status, for scripts and CI:

====  ==========================================================================================
0     success
1     findings: ``privacy-check`` found personal data, ``verify`` found a difference
2     bad input or usage: an unknown option (argparse), a file, a parameter or a value that breaks
      a rule (:class:`localwelfare.errors.InputError`, with the file, key and rule in its message)
3     internal error: an unexpected exception; one line on stderr, the traceback with ``-v``
130   interrupted (Ctrl-C, SIGTERM during a build)
====  ==========================================================================================

Messages go through :mod:`logging` (logger ``localwelfare``) on stderr: INFO by default, DEBUG
with ``-v``, warnings and errors only with ``-q``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import traceback

from localwelfare import __version__, commands
from localwelfare.errors import InputError
from localwelfare.pipeline.runs import skip_slow_imports

#: Exit status of each outcome (see the module's docstring).
OK, FINDINGS, BAD_INPUT, INTERNAL_ERROR, INTERRUPTED = 0, 1, 2, 3, 130

log = logging.getLogger("localwelfare")


class _StderrHandler(logging.StreamHandler):
    """Writes to the current ``sys.stderr`` (which tests and notebooks may replace)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler sets it; the current stderr is used
        pass


def configure_logging(verbosity: int = 0) -> None:
    """Show the package's messages on stderr: INFO (``verbosity`` 0), DEBUG (1) or WARNING (-1)."""
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    for handler in [h for h in log.handlers if isinstance(h, _StderrHandler)]:
        log.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def _add_verbosity(parser: argparse.ArgumentParser, default) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=1,
        default=default,
        help="more messages (DEBUG), and the traceback of an internal error",
    )
    group.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        default=default,
        help="only warnings and errors",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="python -m localwelfare",
        description="Pipeline, data package and analyses of the local welfare research compendium.",
        epilog="Exit status: 0 success, 1 findings (privacy-check, verify), 2 bad input or usage, "
        "3 internal error (run with -v for the traceback), 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"localwelfare {__version__}")
    _add_verbosity(parser, default=0)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # shared helpers of the commands, not a command group
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    for command in set(subparsers.choices.values()):  # -v/-q also after the command's name
        _add_verbosity(command, default=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (see the module's docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)  # bad usage: argparse prints it and exits with status 2
    configure_logging(args.verbosity)
    skip_slow_imports()
    try:
        return int(args.handler(args) or OK)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:  # e.g. `... | head`
        return OK
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM during a build
        print(f"error: {interrupt or 'interrupted'}", file=sys.stderr)
        return INTERRUPTED
    except Exception as error:  # a bug, not the user's input: say so, traceback on request
        if args.verbosity > 0:
            traceback.print_exc(file=sys.stderr)
        message = " ".join(str(error).split())
        print(
            f"error: internal error: {type(error).__name__}: {message} "
            "(run with -v for the traceback)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
