"""Disclosure control: what may be published about people.

One small-cell rule holds for every published table: a count of people (or of interviews) below
the threshold :data:`SMALL_CELL` is shown as ``<N`` (:func:`suppress_small_counts`), and so is a
single count glued into the prose (:func:`small_count`). Groups compared in a table or a test
have at least that many people (:func:`large_enough_groups`).

One rare-combination rule holds for attributes published together: no combination of them may
narrow to fewer than :data:`SMALL_CELL` people (:func:`rare_combinations`, and
:func:`safe_attributes` for the longest run of attributes that keeps the rule).

Examples
--------
>>> import pandas as pd
>>> from localwelfare.privacy import suppress_small_counts
>>> suppress_small_counts(pd.DataFrame({"n": [12, 3, 0]}), threshold=5)["n"].tolist()
['12', '<5', '0']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from localwelfare.errors import InputError, require_columns

__all__ = [
    "SMALL_CELL",
    "large_enough_groups",
    "rare_combinations",
    "safe_attributes",
    "small_count",
    "suppress_small_counts",
]

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


def small_count(value: int, threshold: int = SMALL_CELL) -> int | str:
    """Return a single count as published: ``"<threshold"`` when it is below ``threshold`` and
    above zero, else the count (for glued numbers in the prose; tables use
    :func:`suppress_small_counts`).

    Examples
    --------
    >>> small_count(3), small_count(0), small_count(12)
    ('<5', 0, 12)
    """
    value = int(value)
    return f"<{threshold}" if 0 < value < threshold else value


def rare_combinations(
    frame: pd.DataFrame, columns: list[str], threshold: int = SMALL_CELL
) -> pd.DataFrame:
    """Return every combination of the attributes ``columns`` shared by fewer than ``threshold``
    people (one row per person in ``frame``); an empty result means the combination rule holds.

    The rule: no published combination of attributes (e.g. region x legal status x origin x
    gender) may narrow to fewer than ``threshold`` people, or a reader who knows someone with
    those attributes would recognise them. A missing attribute counts as a value of its own.

    Returns
    -------
    DataFrame
        One row per rare combination: the ``columns`` and ``n`` (1 to ``threshold - 1``), smallest
        first.

    Examples
    --------
    >>> people = pd.DataFrame({"region": ["a"] * 6 + ["b"] * 6, "gender": ["w"] * 11 + ["m"]})
    >>> rare_combinations(people, ["region"], threshold=5).empty
    True
    >>> rare_combinations(people, ["region", "gender"], threshold=5).values.tolist()
    [['b', 'm', 1]]
    """
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise InputError(f"attribute column(s) {absent} not in the data")
    if not columns:
        return pd.DataFrame({"n": pd.Series([], dtype="int64")})
    keys = frame[columns].astype("object")
    counts = keys.groupby(columns, dropna=False, observed=True).size().rename("n").reset_index()
    rare = counts[(counts["n"] > 0) & (counts["n"] < threshold)]
    return rare.sort_values("n", kind="stable").reset_index(drop=True).astype({"n": "int64"})


def large_enough_groups(
    frame: pd.DataFrame, group: str, threshold: int = SMALL_CELL
) -> pd.DataFrame:
    """Return the rows of ``frame`` whose ``group`` has at least ``threshold`` rows.

    Rows with a missing group are dropped too. Unused categories of a categorical group are kept
    in the dtype (so tables still show them, as empty).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 2})
    >>> large_enough_groups(frame, "g", threshold=5)["g"].unique().tolist()
    ['a']
    """
    require_columns(frame, [group], "group")
    sizes = frame[group].value_counts(dropna=True)
    keep = sizes[sizes >= threshold].index
    return frame[frame[group].isin(keep)]


def safe_attributes(
    frame: pd.DataFrame, attributes: Sequence[str], threshold: int = SMALL_CELL
) -> list[str]:
    """Return the longest leading run of ``attributes`` that can be published together.

    Attributes are taken in the order of priority given; the first one whose addition lets some
    combination of the attributes so far narrow to fewer than ``threshold`` people (see
    :func:`localwelfare.rare_combinations`) stops the run. Use it to decide which
    attributes a quote or a cross-table may carry.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"region": ["a"] * 6 + ["b"] * 6, "gender": ["w"] * 11 + ["m"]})
    >>> safe_attributes(frame, ["region", "gender"], threshold=5)
    ['region']
    """
    require_columns(frame, list(attributes), "attribute")
    chosen: list[str] = []
    for attribute in attributes:
        if len(rare_combinations(frame, [*chosen, attribute], threshold)):
            break
        chosen.append(attribute)
    return chosen
