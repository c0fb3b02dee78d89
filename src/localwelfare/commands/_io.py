"""Reading users' own files for the command line, with errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from localwelfare.errors import InputError


def read_text_csv(path: str | Path, expected: str = "one row per unit") -> pd.DataFrame:
    """Read a CSV with every cell as text (empty cells missing), or raise InputError naming the
    file and what is wrong with it."""
    path = Path(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: empty file, expected a header row and {expected}") from None
    except pd.errors.ParserError as error:
        raise InputError(f"{path}: not a readable CSV file: {error}") from None
