"""Survey weights: response by stratum, post-stratification to a frame, and unit weights.

A survey of a known population (the web survey of all PCSWs, one per municipality) is weighted
to its frame by post-stratification (:func:`poststratification_weights`: each respondent of
stratum ``h`` stands for ``N_h / n_h`` frame units), after looking at who answered
(:func:`response_rates`) and with the weights' spread reported (:func:`weight_summary`: Kish's
design effect and effective sample size). Models take unit weights aligned on their units
(:func:`unit_weights`, rescaled to mean 1 for pseudo-likelihoods; :func:`aligned_weights` as
they are, for weighted shares).

Examples
--------
>>> import pandas as pd
>>> from localwelfare import weights
>>> frame = pd.DataFrame({"region": list("aaab"), "size": list("xxyy")})
>>> weights.poststratification_weights(frame.iloc[[0, 2, 3]], frame, ["region", "size"])[
...     "weight"
... ].tolist()
[2.0, 1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from localwelfare.errors import InputError

__all__ = [
    "aligned_weights",
    "poststratification_weights",
    "response_rates",
    "unit_weights",
    "weight_summary",
]


def response_rates(
    frame: pd.DataFrame, respondents: pd.DataFrame, strata: Iterable[str] = ("region", "size_class")
) -> pd.DataFrame:
    """Return the frame size, respondents and response rate per stratum (one row per stratum)."""
    strata = list(strata)
    f = frame.groupby(strata, observed=True).size().rename("frame_n")
    r = respondents.groupby(strata, observed=True).size().rename("respondents")
    out = pd.concat([f, r], axis=1).fillna(0).astype(int).reset_index()
    out["response_rate"] = out["respondents"] / out["frame_n"]
    return out


def poststratification_weights(
    respondents: pd.DataFrame,
    frame: pd.DataFrame,
    strata: Iterable[str] = ("region", "size_class"),
    collapse_empty: bool = True,
) -> pd.DataFrame:
    """Return post-stratification weights of respondents to the frame.

    Each respondent in stratum ``h`` gets ``w = N_h / n_h`` (frame units over respondents), so
    the weights add up to the frame size and each stratum's weighted count equals its frame count.
    A frame stratum without respondents would be lost; with ``collapse_empty`` it is merged with
    the next stratum of the same first variable (e.g. the next size class in the same region;
    the previous one for the last), following the order of the last variable's categories.

    Parameters
    ----------
    respondents, frame : DataFrame
        One row per respondent / per frame unit, both with the ``strata`` columns.
    strata : list of str, default ("region", "size_class")
    collapse_empty : bool, default True
        Merge frame strata without respondents with a neighbour (else raise InputError).

    Returns
    -------
    DataFrame
        Index of ``respondents``; columns ``stratum`` (the possibly merged stratum), ``frame_n``,
        ``sample_n`` and ``weight``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"region": list("aaab"), "size": list("xxyy")})
    >>> resp = frame.iloc[[0, 2, 3]]
    >>> poststratification_weights(resp, frame, ["region", "size"])["weight"].tolist()
    [2.0, 1.0, 1.0]
    """
    strata = list(strata)
    for name, table in (("respondents", respondents), ("frame", frame)):
        absent = [s for s in strata if s not in table.columns]
        if absent:
            raise InputError(f"{name}: stratification column(s) missing: {', '.join(absent)}")

    def key(table):
        return pd.Series(
            list(zip(*(table[s].astype(str) for s in strata), strict=True)), index=table.index
        )

    frame_key, resp_key = key(frame), key(respondents)
    unknown = set(resp_key) - set(frame_key)
    if unknown:
        raise InputError(f"respondents in strata absent from the frame: {sorted(unknown)}")
    merged = {cell: cell for cell in frame_key.unique()}
    counts = resp_key.value_counts()
    order = _stratum_order(frame, strata)
    for cell in order:
        if counts.get(cell, 0) > 0:
            continue
        if not collapse_empty:
            raise InputError(f"frame stratum {cell} has no respondents; weights undefined")
        group = [c for c in order if c[:-1] == cell[:-1]]
        pos = group.index(cell)
        neighbours = group[pos + 1 :] + group[:pos][::-1]
        target = next((c for c in neighbours if counts.get(c, 0) > 0), None)
        if target is None:
            raise InputError(f"frame strata {cell[:-1]} have no respondents at all")
        for src, dst in merged.items():
            if dst == cell:
                merged[src] = target
    frame_cell = frame_key.map(merged)
    resp_cell = resp_key.map(merged)
    frame_n = frame_cell.value_counts()
    sample_n = resp_cell.value_counts()
    out = pd.DataFrame(
        {
            "stratum": resp_cell.map(lambda c: " x ".join(c)),
            "frame_n": resp_cell.map(frame_n).astype(int),
            "sample_n": resp_cell.map(sample_n).astype(int),
        },
        index=respondents.index,
    )
    out["weight"] = out["frame_n"] / out["sample_n"]
    return out


def _stratum_order(frame: pd.DataFrame, strata: list[str]) -> list[tuple]:
    """Frame strata sorted by the categories' order (categoricals) or value."""
    cells = frame[strata].drop_duplicates()
    sort_cols = []
    for s in strata:
        col = cells[s]
        sort_cols.append(
            col.cat.codes if isinstance(col.dtype, pd.CategoricalDtype) else col.astype(str)
        )
    order = pd.DataFrame({s: v for s, v in zip(strata, sort_cols, strict=True)}).sort_values(strata)
    cells = cells.loc[order.index]
    return [tuple(str(v) for v in row) for row in cells.itertuples(index=False)]


def weight_summary(weights: pd.Series) -> pd.DataFrame:
    """Return the spread of survey weights (one row).

    Columns: ``n``, ``total``, ``min``, ``max``, ``max_min_ratio``, ``cv`` (coefficient of
    variation, population SD over mean), ``design_effect`` (Kish's ``1 + cv^2`` =
    ``n sum(w^2) / (sum w)^2``) and ``effective_n`` (``n / design_effect``).

    Examples
    --------
    >>> weight_summary(pd.Series([1.0, 1.0, 2.0, 4.0]))["design_effect"].round(3).tolist()
    [1.375]
    """
    w = np.asarray(weights, dtype=float)
    n = w.size
    deff = n * np.sum(w**2) / np.sum(w) ** 2
    return pd.DataFrame(
        [
            {
                "n": n,
                "total": float(w.sum()),
                "min": float(w.min()),
                "max": float(w.max()),
                "max_min_ratio": float(w.max() / w.min()),
                "cv": float(w.std() / w.mean()),
                "design_effect": float(deff),
                "effective_n": float(n / deff),
            }
        ]
    )


def unit_weights(
    weights: pd.Series | np.ndarray, index: pd.Index, kept: pd.Index | None = None
) -> np.ndarray:
    """Return the weights of the units ``kept`` (default: all of ``index``), rescaled to mean 1.

    ``weights`` is a Series (aligned on the units' labels) or an array in the order of ``index``.
    Every unit kept needs a finite, non-negative weight, and they may not all be 0.

    Examples
    --------
    >>> import pandas as pd
    >>> unit_weights(pd.Series([1.0, 3.0], index=["a", "b"]), pd.Index(["a", "b"])).tolist()
    [0.5, 1.5]
    """
    kept = index if kept is None else kept
    if isinstance(weights, pd.Series):
        absent = kept.difference(weights.index)
        if len(absent):
            raise InputError(f"no weight for unit(s) {', '.join(map(str, absent[:5]))}")
        values = pd.to_numeric(weights.reindex(kept), errors="coerce")
    else:
        values = pd.Series(np.asarray(weights, dtype=float).ravel())
        if len(values) != len(index):
            raise InputError(f"{len(values)} weights given for {len(index)} units")
        values.index = index
        values = values.reindex(kept)
    bad = ~np.isfinite(values.to_numpy(dtype=float)) | (values.to_numpy(dtype=float) < 0)
    if bad.any():
        unit = values.index[bad][0]
        raise InputError(
            f"unit {unit}: weights must be finite numbers >= 0, got {values.loc[unit]!r}"
        )
    w = values.to_numpy(dtype=float)
    if w.sum() <= 0:
        raise InputError("weights are all 0")
    return w * (len(w) / w.sum())


def aligned_weights(weights: pd.Series, index: pd.Index) -> np.ndarray:
    """Return ``weights`` in the order of ``index``, as they are (no rescaling).

    Every unit of ``index`` needs a finite, non-negative weight in ``weights``.

    Examples
    --------
    >>> aligned_weights(pd.Series([1.0, 3.0], index=["a", "b"]), pd.Index(["b", "a"])).tolist()
    [3.0, 1.0]
    """
    missing = index.difference(weights.index)
    if len(missing):
        raise InputError(f"no weight for unit(s) {', '.join(map(str, missing[:5]))}")
    w = weights.reindex(index).to_numpy(dtype=float)
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise InputError("weights must be finite and non-negative")
    return w
