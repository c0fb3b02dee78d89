"""Errors the compendium raises for bad input.

Every error a user can cause (a file that cannot be read, a row that breaks the codebook, an unknown
run parameter) is an :class:`InputError`. Its message names the file, and where it applies the row,
the field and the rule broken. The command line prints the message and exits with status 2.
"""

from __future__ import annotations

from collections.abc import Sequence


class InputError(Exception):
    """Bad input supplied by the user: a file, a parameter or a value that breaks a rule."""


def require_columns(frame, columns: Sequence[str], what: str = "item") -> None:
    """Raise :class:`InputError` naming every one of ``columns`` that ``frame`` lacks.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "scale")
    Traceback (most recent call last):
    ...
    localwelfare.errors.InputError: scale column(s) 'b' not in the data (columns: a)
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{what} column(s) {', '.join(repr(c) for c in missing)} not in the data "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )
