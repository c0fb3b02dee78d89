"""Errors the compendium raises for bad input.

Every error a user can cause (a file that cannot be read, a row that breaks the codebook, an unknown
run parameter) is an :class:`InputError`. Its message names the file, and where it applies the row,
the field and the rule broken. The command line prints the message and exits with status 2.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input supplied by the user: a file, a parameter or a value that breaks a rule."""
