"""Sub-commands of ``python -m localwelfare``.

Each module in this package adds one command group with ``register(subparsers)``; the command line
(:mod:`localwelfare.cli`) discovers them, so a work package adds its commands without touching the
others. A handler returns the exit status and raises :class:`localwelfare.errors.InputError` for bad
input, which the command line turns into a message on stderr and exit status 2.
"""
