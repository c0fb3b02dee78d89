"""Disclosure control for published tables, figures and quotes.

One small-cell rule holds for every published table: a count of people (or of interviews) below
the threshold is shown as ``<N``. The default threshold is :data:`SMALL_CELL`.

Examples
--------
>>> import pandas as pd
>>> from localwelfare.privacy import suppress_small_counts
>>> suppress_small_counts(pd.DataFrame({"n": [12, 3, 0]}), threshold=5)["n"].tolist()
['12', '<5', '0']
"""

from __future__ import annotations

import pandas as pd

#: Counts of people below this are never published.
SMALL_CELL = 5


def suppress_small_counts(
    table: pd.DataFrame, threshold: int = SMALL_CELL, columns: list[str] | None = None
) -> pd.DataFrame:
    """Return ``table`` with every count in ``columns`` (default: all integer columns) that is
    below ``threshold`` and above zero shown as ``"<threshold"``.

    Zero stays zero: an empty cell discloses nobody. The result's count columns are strings, for
    display only; never compute on them.
    """
    out = table.copy()
    if columns is None:
        columns = [c for c in out.columns if pd.api.types.is_integer_dtype(out[c])]
    for col in columns:
        values = out[col]
        small = values.notna() & (values > 0) & (values < threshold)
        out[col] = values.astype("string").where(~small, f"<{threshold}")
    return out
