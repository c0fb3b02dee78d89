"""WP2 qualitative synthesis: coded segments to matrices, co-occurrence, agreement and quotes.

Every function takes the tidy coded-segments table (one row per coding, as
:func:`localwelfare.refiqda.segments_table` returns it or the ``coded_segments`` resource holds it:
``coding_id, segment_id, source, coder, code_path, start, end, text``), joined by the caller with
what it knows of each interview (actor group, case, region), and returns a tidy DataFrame.

Codes are paths (``"access/language"``); ``level`` rolls them up to their ancestor at that depth
(``level=1``: the top-level themes), counting a segment once for a parent even when several of its
children code it. ``level=None`` keeps the codes as coded.

Examples
--------
>>> import pandas as pd
>>> from localwelfare import qualitative as q
>>> seg = pd.DataFrame({
...     "segment_id": ["s1", "s1", "s2", "s3"], "source": ["i1", "i1", "i1", "i2"],
...     "coder": "a", "code_path": ["access/language", "trust", "access/cost", "trust"],
...     "start": [0, 0, 50, 0], "end": [40, 40, 90, 30], "group": ["fam", "fam", "fam", "sw"]})
>>> q.code_matrix(seg, by="group", level=1)[["code", "group", "n_segments", "n_interviews"]]
     code group  n_segments  n_interviews
0  access   fam           2             1
1  access    sw           0             0
2   trust   fam           1             1
3   trust    sw           1             1
"""

from __future__ import annotations

import hashlib
import warnings

import krippendorff
import networkx as nx
import numpy as np
import pandas as pd
import pingouin as pg
from scipy import stats
from sklearn.metrics import cohen_kappa_score

from localwelfare import privacy
from localwelfare.errors import InputError
from localwelfare.refiqda import PATH_SEP

#: Cochran's rule for chi-square tests: no expected count below 1 and at most 20 % below 5.
MIN_EXPECTED = 5.0
MAX_SMALL_SHARE = 0.2


def _need(frame: pd.DataFrame, columns: list[str], what: str = "segments") -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what}: required column(s) {missing} missing")


def code_at_level(code_path: pd.Series, level: int | None, sep: str = PATH_SEP) -> pd.Series:
    """Return each code path rolled up to its ancestor at depth ``level`` (None: unchanged).

    Examples
    --------
    >>> code_at_level(pd.Series(["a/b/c", "a", "d/e"]), 2).tolist()
    ['a/b', 'a', 'd/e']
    """
    if level is None:
        return code_path.astype("string")
    if level < 1:
        raise InputError(f"code level must be 1 or more, got {level}")
    parts = code_path.astype("string").str.split(sep, n=level, regex=False)
    return parts.str[:level].str.join(sep)


def rollup(segments: pd.DataFrame, level: int | None, code_col: str = "code_path") -> pd.DataFrame:
    """Return ``segments`` with codes rolled up to ``level`` and a column ``code``.

    A segment coded by one coder with several codes that roll up to the same parent keeps one row
    for that parent.
    """
    _need(segments, [code_col, "segment_id"])
    out = segments.assign(code=code_at_level(segments[code_col], level))
    keys = ["segment_id", "code"] + (["coder"] if "coder" in out else [])
    return out.drop_duplicates(keys).reset_index(drop=True)


def code_matrix(
    segments: pd.DataFrame,
    by: str,
    level: int | None = 1,
    interviews: pd.DataFrame | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return the code x group matrix in long form: counts of segments and of interviews.

    Parameters
    ----------
    segments : DataFrame
        Coded segments with ``segment_id``, ``code_path``, ``source_col`` and ``by``.
    by : str
        Column of the groups (actor group, case, region).
    level : int or None, default 1
        Code level to roll up to (see :func:`rollup`).
    interviews : DataFrame, optional
        One row per interview with ``source_col`` and ``by``: gives each group's number of
        interviews (also those without codings); default: the interviews in ``segments``.
    codes : list of str, optional
        Codes to show (e.g. every code of the codebook at ``level``, used or not); default: the
        codes in ``segments``.
    source_col : str, default ``"source"``

    Returns
    -------
    DataFrame
        One row per code and group: ``code``, ``by``, ``n_segments`` (segments coded),
        ``n_interviews`` (interviews mentioning the code: presence), ``n_interviews_group``,
        ``share_interviews`` (``n_interviews / n_interviews_group``) and ``share_segments``
        (``n_segments`` over the group's coded segments: the theme's weight in what the group
        says, which does not saturate as presence does in long interviews).
    """
    _need(segments, ["segment_id", "code_path", source_col, by])
    seg = rollup(segments, level)
    seg = seg.drop_duplicates(["segment_id", "code"])
    base = interviews if interviews is not None else segments
    _need(base, [source_col, by], "interviews")
    group_sizes = base.drop_duplicates(source_col).groupby(by, observed=False).size()
    groups = list(group_sizes.index)
    code_list = list(codes) if codes is not None else sorted(seg["code"].dropna().unique())
    n_seg = seg.groupby(["code", by], observed=True).size()
    n_int = seg.groupby(["code", by], observed=True)[source_col].nunique()
    grid = pd.MultiIndex.from_product([code_list, groups], names=["code", by])
    out = pd.DataFrame(
        {
            "n_segments": n_seg.reindex(grid, fill_value=0).astype("int64"),
            "n_interviews": n_int.reindex(grid, fill_value=0).astype("int64"),
        }
    ).reset_index()
    out["n_interviews_group"] = out[by].map(group_sizes).astype("int64")
    segments_group = segments.groupby(by, observed=False)["segment_id"].nunique()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_interviews"] = (out["n_interviews"] / out["n_interviews_group"]).round(4)
        out["share_segments"] = (
            out["n_segments"] / out[by].map(segments_group).astype("float64")
        ).round(4)
    return out


def _expected_rule(expected: np.ndarray, min_expected: float, max_small_share: float):
    small = float((expected < min_expected).mean())
    ok = bool(expected.min() >= 1.0 and small <= max_small_share)
    return ok, small


def _untested(row: dict, statement: str) -> dict:
    """The result row of a table no chi-square test can be run on, with the reason."""
    return {
        **row,
        "chi2": np.nan,
        "dof": 0,
        "p_value": np.nan,
        "cramers_v": np.nan,
        "min_expected": np.nan,
        "share_expected_below": np.nan,
        "testable": False,
        "statement": statement,
    }


def contingency_test(
    table: pd.DataFrame,
    min_expected: float = MIN_EXPECTED,
    max_small_share: float = MAX_SMALL_SHARE,
    correction: bool = True,
) -> pd.DataFrame:
    """Return the chi-square test of independence and Cramer's V of a table of counts.

    The test is reported only when the counts allow it (Cochran's rule: every expected count at
    least 1, at most ``max_small_share`` of them below ``min_expected``); otherwise ``testable``
    is False and ``statement`` says why. Rows or columns that are all zero are dropped first.

    Parameters
    ----------
    table : DataFrame
        Counts, e.g. ``code_matrix(...).pivot(index="code", columns=by, values="n_segments")``.
    min_expected, max_small_share : float
        Cochran's rule (defaults 5 and 0.2).
    correction : bool, default True
        Yates' continuity correction for 2 x 2 tables (scipy's default).

    Returns
    -------
    DataFrame
        One row: ``n, n_rows, n_cols, chi2, dof, p_value, cramers_v, min_expected,
        share_expected_below, testable, statement``. Cramer's V is
        ``sqrt(chi2 / (n (min(r, c) - 1)))`` from the chi-square reported (Yates-corrected for
        2 x 2 tables when ``correction``), as pingouin computes it.

    Examples
    --------
    >>> t = pd.DataFrame([[10, 10, 20], [20, 20, 20]])
    >>> round(float(contingency_test(t)["chi2"].iloc[0]), 4)
    2.7778
    """
    counts = table.to_numpy(dtype=float)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    row = {"n": int(counts.sum()), "n_rows": counts.shape[0], "n_cols": counts.shape[1]}
    if min(counts.shape) < 2:
        return pd.DataFrame([_untested(row, "fewer than two non-empty rows or columns: no test")])
    result = stats.chi2_contingency(counts, correction=correction)
    ok, small = _expected_rule(result.expected_freq, min_expected, max_small_share)
    statement = (
        "chi-square test reported"
        if ok
        else (
            f"expected counts too small for a chi-square test: minimum "
            f"{result.expected_freq.min():.2f}, {small:.0%} of cells below {min_expected:g} "
            f"(rule: none below 1, at most {max_small_share:.0%} below {min_expected:g})"
        )
    )
    return pd.DataFrame(
        [
            {
                **row,
                "chi2": float(result.statistic) if ok else np.nan,
                "dof": int(result.dof),
                "p_value": float(result.pvalue) if ok else np.nan,
                "cramers_v": (
                    float(np.sqrt(result.statistic / (counts.sum() * (min(counts.shape) - 1))))
                    if ok
                    else np.nan
                ),
                "min_expected": float(result.expected_freq.min()),
                "share_expected_below": small,
                "testable": ok,
                "statement": statement,
            }
        ]
    )


def code_group_tests(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    by: str,
    level: int | None = 1,
    source_col: str = "source",
    min_expected: float = MIN_EXPECTED,
    max_small_share: float = MAX_SMALL_SHARE,
    correction: bool = True,
) -> pd.DataFrame:
    """Return, per code, the chi-square test of "interview mentions the code" x group.

    Interviews, not segments, are the units: they are independent, segments of one interview are
    not. The test (``pingouin.chi2_independence``, Pearson row) is reported only where the
    expected counts allow it (see :func:`contingency_test`); ``statement`` says so otherwise.

    Returns
    -------
    DataFrame
        One row per code: ``code, chi2, dof, p_value, cramers_v, min_expected,
        share_expected_below, testable, statement``.
    """
    _need(interviews, [source_col, by], "interviews")
    seg = rollup(segments, level)
    units = interviews[[source_col, by]].drop_duplicates(source_col).reset_index(drop=True)
    units[by] = units[by].astype("object")
    rows = []
    for code, frame in seg.groupby("code", sort=True):
        data = units.assign(mentioned=units[source_col].isin(set(frame[source_col])))
        row = {"code": code}
        if data["mentioned"].nunique() < 2 or data[by].nunique() < 2:
            rows.append(_untested(row, "mentioned in every interview or in none: no test"))
            continue
        data["mentioned"] = data["mentioned"].map({True: "yes", False: "no"})
        with warnings.catch_warnings():  # small counts are handled by the rule below
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", RuntimeWarning)  # other lambdas of pingouin's table
            expected, _observed, result = pg.chi2_independence(
                data, x="mentioned", y=by, correction=correction
            )
        ok, small = _expected_rule(expected.to_numpy(), min_expected, max_small_share)
        pearson = result.set_index("test").loc["pearson"]
        rows.append(
            {
                **row,
                "chi2": float(pearson["chi2"]) if ok else np.nan,
                "dof": int(pearson["dof"]),
                "p_value": float(pearson["pval"]) if ok else np.nan,
                "cramers_v": float(pearson["cramer"]) if ok else np.nan,
                "min_expected": float(expected.to_numpy().min()),
                "share_expected_below": small,
                "testable": ok,
                "statement": (
                    "chi-square test reported"
                    if ok
                    else f"expected counts too small (minimum {expected.to_numpy().min():.2f}): "
                    "no test"
                ),
            }
        )
    return pd.DataFrame(rows)


def cooccurrence(
    segments: pd.DataFrame,
    level: int | None = 1,
    scope: str = "segment",
    source_col: str = "source",
) -> pd.DataFrame:
    """Return how often each pair of codes occurs together.

    Parameters
    ----------
    segments : DataFrame
        Coded segments (``segment_id, source, coder, code_path, start, end``).
    level : int or None, default 1
        Code level (see :func:`rollup`); pairs of a code with itself are dropped.
    scope : {"segment", "interview"}, default "segment"
        ``"segment"``: two codings co-occur when one coder's coded ranges in the same source
        overlap (``start_b < end_a`` and ``start_a < end_b``); ``n`` counts such pairs of codings
        and ``n_a`` the codings of each code. ``"interview"``: two codes co-occur in an
        interview that has both; ``n`` and ``n_a`` count interviews.

    Returns
    -------
    DataFrame
        One row per pair with ``n > 0``: ``code_a, code_b`` (``code_a < code_b``), ``n``,
        ``n_a``, ``n_b`` and ``jaccard = n / (n_a + n_b - n)`` (ATLAS.ti's c-coefficient),
        largest ``n`` first.
    """
    if scope not in ("segment", "interview"):
        raise InputError(f"co-occurrence scope must be 'segment' or 'interview', got {scope!r}")
    seg = rollup(segments, level)
    code_cat = pd.Categorical(seg["code"])
    names = np.asarray(code_cat.categories, dtype=object)
    codes = code_cat.codes.astype(np.int64)
    k = len(names)
    if scope == "interview":
        src = pd.factorize(seg[source_col])[0]
        presence = np.zeros((src.max() + 1 if len(src) else 0, k), dtype=np.int64)
        presence[src, codes] = 1
        matrix = presence.T @ presence
        totals = np.diag(matrix).copy()
    else:
        _need(seg, ["start", "end", "coder"])
        start = seg["start"].to_numpy(dtype=np.int64)
        end = seg["end"].to_numpy(dtype=np.int64)
        group = pd.factorize(
            pd.MultiIndex.from_arrays([seg[source_col].astype(str), seg["coder"].astype(str)])
        )[0].astype(np.int64)
        totals = np.bincount(codes, minlength=k)
        big = int(max(end.max(initial=0), start.max(initial=0))) + 1
        order = np.lexsort((start, group))
        key = group[order] * big + start[order]
        limit = np.searchsorted(key, group[order] * big + end[order], side="left")
        idx = np.arange(len(order))
        count = np.maximum(limit - idx - 1, 0)
        first = np.repeat(idx, count)
        offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        second = first + 1 + offsets
        a, b = codes[order][first], codes[order][second]
        keep = a != b
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        matrix = np.bincount(lo * k + hi, minlength=k * k).reshape(k, k)
        matrix = matrix + matrix.T
    iu = np.triu_indices(k, 1)
    n = matrix[iu]
    mask = n > 0
    out = pd.DataFrame(
        {
            "code_a": names[iu[0][mask]],
            "code_b": names[iu[1][mask]],
            "n": n[mask].astype("int64"),
            "n_a": totals[iu[0][mask]].astype("int64"),
            "n_b": totals[iu[1][mask]].astype("int64"),
        }
    )
    out["jaccard"] = (out["n"] / (out["n_a"] + out["n_b"] - out["n"])).round(4)
    return out.sort_values(["n", "code_a", "code_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def cooccurrence_graph(table: pd.DataFrame, min_n: int = 1, weight: str = "n") -> nx.Graph:
    """Return the co-occurrence graph: codes as nodes (attribute ``n``: their count), pairs with
    ``n >= min_n`` as edges (attributes ``n``, ``jaccard`` and ``weight``, taken from column
    ``weight``)."""
    graph = nx.Graph()
    for code_col, n_col in (("code_a", "n_a"), ("code_b", "n_b")):
        for code, n in zip(table[code_col], table[n_col], strict=True):
            graph.add_node(code, n=int(n))
    kept = table[table["n"] >= min_n]
    for row in kept.to_dict("records"):
        graph.add_edge(
            row["code_a"],
            row["code_b"],
            n=int(row["n"]),
            jaccard=float(row["jaccard"]),
            weight=float(row[weight]),
        )
    return graph


def code_communities(
    graph: nx.Graph, method: str = "greedy_modularity", resolution: float = 1.0, seed: int = 0
) -> pd.DataFrame:
    """Return the communities of a co-occurrence graph, one row per code.

    Parameters
    ----------
    method : {"greedy_modularity", "louvain"}, default "greedy_modularity"
        networkx's Clauset-Newman-Moore greedy modularity (deterministic) or Louvain (``seed``).
    resolution : float, default 1.0
        Modularity resolution (higher: smaller communities).

    Returns
    -------
    DataFrame
        ``code, community`` (0 = largest), ``strength`` (sum of edge weights) and ``modularity``
        of the partition (the same on every row).
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["code", "community", "strength", "modularity"])
    if method == "greedy_modularity":
        parts = nx.community.greedy_modularity_communities(
            graph, weight="weight", resolution=resolution
        )
    elif method == "louvain":
        parts = nx.community.louvain_communities(
            graph, weight="weight", resolution=resolution, seed=seed
        )
    else:
        raise InputError(f"community method must be 'greedy_modularity' or 'louvain': {method!r}")
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    modularity = nx.community.modularity(graph, parts, weight="weight", resolution=resolution)
    rows = [
        {
            "code": code,
            "community": i,
            "strength": float(graph.degree(code, weight="weight")),
            "modularity": round(float(modularity), 6),
        }
        for i, part in enumerate(parts)
        for code in part
    ]
    return pd.DataFrame(rows)


# --- inter-coder agreement -------------------------------------------------------------------


def agreement_from_counts(both: int, a_only: int, b_only: int, neither: int) -> dict:
    """Return percent agreement, Cohen's kappa and Krippendorff's nominal alpha of two coders'
    binary decisions (a code applied or not) summarised as a 2 x 2 table.

    Kappa is ``sklearn.metrics.cohen_kappa_score`` and alpha ``krippendorff.alpha`` on the units
    the table stands for; both are NaN when only one value occurs (no variation to agree on).

    Examples
    --------
    NVivo's coding-comparison example: 1000 characters, 50 coded by both, 100 by A only, 50 by B
    only, 800 by neither.

    >>> r = agreement_from_counts(50, 100, 50, 800)
    >>> round(r["percent_agreement"], 1), round(r["kappa"], 4), round(r["alpha"], 4)
    (85.0, 0.3182, 0.3146)
    """
    counts = np.array([both, a_only, b_only, neither], dtype=np.int64)
    if (counts < 0).any():
        raise InputError("agreement counts must not be negative")
    n = int(counts.sum())
    row = {
        "n_units": n,
        "both": int(both),
        "a_only": int(a_only),
        "b_only": int(b_only),
        "neither": int(neither),
    }
    if n == 0:
        return {**row, "percent_agreement": np.nan, "kappa": np.nan, "alpha": np.nan}
    pattern_a = np.array([1, 1, 0, 0])
    pattern_b = np.array([1, 0, 1, 0])
    present = counts > 0
    percent = 100.0 * (both + neither) / n
    if np.unique(np.concatenate([pattern_a[present], pattern_b[present]])).size < 2:
        return {**row, "percent_agreement": percent, "kappa": np.nan, "alpha": np.nan}
    kappa = cohen_kappa_score(
        pattern_a[present], pattern_b[present], labels=[0, 1], sample_weight=counts[present]
    )
    value_counts = np.repeat(
        np.array([[0, 2], [1, 1], [1, 1], [2, 0]], dtype=np.int64), counts, axis=0
    )
    alpha = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    return {**row, "percent_agreement": percent, "kappa": float(kappa), "alpha": float(alpha)}


def _agreement_table(rows: list[dict], codes_order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    pooled = agreement_from_counts(
        *(int(frame[c].sum()) for c in ("both", "a_only", "b_only", "neither"))
    )
    out = pd.concat([frame, pd.DataFrame([{"code": "(pooled)", **pooled}])], ignore_index=True)
    out["percent_agreement"] = out["percent_agreement"].round(2)
    out[["kappa", "alpha"]] = out[["kappa", "alpha"]].astype(float).round(4)
    return out


def _double_coded(seg: pd.DataFrame, coder_a: str, coder_b: str, source_col: str) -> list:
    by_coder = seg.groupby("coder")[source_col].unique()
    for coder in (coder_a, coder_b):
        if coder not in by_coder.index:
            raise InputError(f"segments: field 'coder': no codings by coder '{coder}'")
    return sorted(set(by_coder[coder_a]) & set(by_coder[coder_b]))


def agreement_characters(
    segments: pd.DataFrame,
    lengths: dict | pd.Series,
    coder_a: str,
    coder_b: str,
    level: int | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return inter-coder agreement on characters, per code and pooled, as NVivo computes it.

    For each code and each source coded by both coders, every character of the source is a unit
    that each coder either coded with the code or not; the 2 x 2 tables of all sources are summed
    per code (and over codes for the pooled row) and passed to :func:`agreement_from_counts`.

    Parameters
    ----------
    segments : DataFrame
        Coded segments of both coders (``source, coder, code_path, start, end``).
    lengths : dict or Series
        Number of characters of each source.
    coder_a, coder_b : str
        The two coders compared.
    level : int or None, default None
        Code level (see :func:`rollup`).
    codes : list of str, optional
        Codes to compare; default: every code either coder used in the double-coded sources.

    Returns
    -------
    DataFrame
        One row per code and a last row ``"(pooled)"``: ``code, n_units, both, a_only, b_only,
        neither, percent_agreement, kappa, alpha``.
    """
    seg = rollup(segments, level)
    shared = _double_coded(seg, coder_a, coder_b, source_col)
    seg = seg[seg[source_col].isin(shared) & seg["coder"].isin([coder_a, coder_b])]
    code_list = list(codes) if codes is not None else sorted(seg["code"].unique())
    lengths = pd.Series(lengths)
    totals = {c: np.zeros(4, dtype=np.int64) for c in code_list}
    for source, frame in seg.groupby(source_col):
        if source not in lengths.index:
            raise InputError(f"lengths: no number of characters for source '{source}'")
        size = int(lengths[source])
        if int(frame["end"].max()) > size:
            raise InputError(
                f"segments: source '{source}': a coding ends at {int(frame['end'].max())}, "
                f"after the source's {size} characters"
            )
        by_code = dict(tuple(frame.groupby("code")))
        for code in code_list:
            masks = []
            for coder in (coder_a, coder_b):
                mask = np.zeros(size, dtype=bool)
                part = by_code.get(code)
                if part is not None:
                    for s, e in part.loc[part["coder"] == coder, ["start", "end"]].itertuples(
                        index=False
                    ):
                        mask[int(s) : int(e)] = True
                masks.append(mask)
            a, b = masks
            both = int((a & b).sum())
            a_only, b_only = int((a & ~b).sum()), int((~a & b).sum())
            totals[code] += [both, a_only, b_only, size - both - a_only - b_only]
    rows = [{"code": c, **agreement_from_counts(*totals[c])} for c in code_list]
    return _agreement_table(rows, code_list)


def segment_units(segments: pd.DataFrame, source_col: str = "source") -> pd.DataFrame:
    """Return the units of segment agreement: per source, the ranges where coded segments (of any
    coder, any code) overlap, merged. Columns ``source, unit, start, end``."""
    rows = []
    for source, frame in segments.sort_values([source_col, "start"]).groupby(source_col):
        cur_s = cur_e = None
        unit = 0
        for s, e in frame[["start", "end"]].itertuples(index=False):
            s, e = int(s), int(e)
            if cur_e is not None and s < cur_e:
                cur_e = max(cur_e, e)
                continue
            if cur_e is not None:
                rows.append((source, unit, cur_s, cur_e))
                unit += 1
            cur_s, cur_e = s, e
        if cur_e is not None:
            rows.append((source, unit, cur_s, cur_e))
    return pd.DataFrame(rows, columns=[source_col, "unit", "start", "end"])


def agreement_segments(
    segments: pd.DataFrame,
    coder_a: str,
    coder_b: str,
    level: int | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return inter-coder agreement on segments (overlap), per code and pooled.

    Units are the stretches of text that either coder coded in a source coded by both (overlapping
    segments merged, :func:`segment_units`). A coder applied a code to a unit when one of their
    codings with that code overlaps it. Same columns as :func:`agreement_characters`, with
    ``n_units`` counting units.
    """
    seg = rollup(segments, level)
    shared = _double_coded(seg, coder_a, coder_b, source_col)
    seg = seg[seg[source_col].isin(shared) & seg["coder"].isin([coder_a, coder_b])]
    code_list = list(codes) if codes is not None else sorted(seg["code"].unique())
    units = segment_units(seg, source_col)
    merged = seg.merge(units, on=source_col, suffixes=("", "_unit"))
    overlap = (merged["start"] < merged["end_unit"]) & (merged["start_unit"] < merged["end"])
    applied = merged[overlap][[source_col, "unit", "coder", "code"]].drop_duplicates()
    n_units = len(units)
    rows = []
    for code in code_list:
        part = applied[applied["code"] == code]
        a = set(map(tuple, part.loc[part["coder"] == coder_a, [source_col, "unit"]].to_numpy()))
        b = set(map(tuple, part.loc[part["coder"] == coder_b, [source_col, "unit"]].to_numpy()))
        both = len(a & b)
        rows.append(
            {
                "code": code,
                **agreement_from_counts(both, len(a - b), len(b - a), n_units - len(a | b)),
            }
        )
    return _agreement_table(rows, code_list)


def krippendorff_alpha(
    ratings: pd.DataFrame,
    level_of_measurement: str = "nominal",
    unit: str = "unit",
    coder: str = "coder",
    value: str = "value",
) -> float:
    """Return Krippendorff's alpha of ratings in long form (one row per unit, coder and value;
    missing ratings simply absent), computed by the ``krippendorff`` package.

    Examples
    --------
    >>> r = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "coder": list("ababab"),
    ...                   "value": [1, 1, 2, 2, 1, 2]})
    >>> round(krippendorff_alpha(r), 3)
    0.444
    """
    _need(ratings, [unit, coder, value], "ratings")
    wide = ratings.pivot_table(index=coder, columns=unit, values=value, aggfunc="first")
    return float(
        krippendorff.alpha(
            reliability_data=wide.to_numpy(dtype=float), level_of_measurement=level_of_measurement
        )
    )


# --- quotes and the framework matrix ---------------------------------------------------------


def _rank_key(seed: int, segment_id: str) -> str:
    return hashlib.blake2b(f"{seed}\x1f{segment_id}".encode(), digest_size=8).hexdigest()


def _shorten(text: str, max_chars: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0]
    return cut + " …"


def select_quotes(
    segments: pd.DataFrame,
    by: list[str] | str,
    n: int = 1,
    seed: int = 0,
    level: int | None = 1,
    min_chars: int = 40,
    max_chars: int = 300,
    register=None,
    pseudonyms: dict | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return up to ``n`` quotes per group, chosen reproducibly and de-identified.

    Within each group of ``by`` (e.g. ``["code", "actor_group"]``; ``code`` is the code at
    ``level``), the candidate segments with at least ``min_chars`` characters are ranked by a hash
    of ``seed`` and their ``segment_id``: the choice does not depend on row order and changes only
    with the seed. Each quote is shortened to ``max_chars`` and attributed to its interview's
    pseudonym.

    The segments are expected de-identified already: names and places are removed when the
    interviews enter ``data/raw`` (:func:`localwelfare.privacy.deidentify_project`), so no
    register need reach a notebook. As a safety net each quote goes through
    :func:`localwelfare.privacy.deidentify_text` again, which masks e-mail addresses, phone
    numbers, national register numbers and IBANs by their patterns (and the terms of
    ``register``, if one is given).

    Returns
    -------
    DataFrame
        ``by`` columns, ``segment_id``, ``speaker`` (pseudonym) and ``quote``.
    """
    by = [by] if isinstance(by, str) else list(by)
    seg = rollup(segments, level)
    _need(seg, [*by, "text", source_col])
    seg = seg[seg["text"].fillna("").str.len() >= min_chars].drop_duplicates([*by, "segment_id"])
    seg = seg.assign(_rank=[_rank_key(seed, s) for s in seg["segment_id"]])
    chosen = seg.sort_values([*by, "_rank"]).groupby(by, observed=True, sort=True).head(n)
    pseudonyms = pseudonyms or {}
    out = chosen[by].copy()
    out["segment_id"] = chosen["segment_id"].to_numpy()
    out["speaker"] = [pseudonyms.get(s, "participant") for s in chosen[source_col]]
    out["quote"] = [
        privacy.deidentify_text(_shorten(t, max_chars), register) for t in chosen["text"]
    ]
    return out.reset_index(drop=True)


def framework_matrix(
    segments: pd.DataFrame,
    row: str,
    level: int | None = 1,
    seed: int = 0,
    register=None,
    pseudonyms: dict | None = None,
    min_chars: int = 40,
    max_chars: int = 200,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return the framework matrix: one cell per ``row`` value (case, actor group) and theme, with
    counts and one exemplar quote (see :func:`select_quotes`; ``register`` is optional there too).

    Returns
    -------
    DataFrame
        ``row``, ``theme``, ``n_segments``, ``n_interviews``, ``quote``, ``speaker``; cells
        without segments have counts 0 and no quote.
    """
    counts = code_matrix(segments, by=row, level=level, source_col=source_col)
    quotes = select_quotes(
        segments,
        by=["code", row],
        n=1,
        seed=seed,
        level=level,
        min_chars=min_chars,
        max_chars=max_chars,
        register=register,
        pseudonyms=pseudonyms,
        source_col=source_col,
    )
    quotes[row] = quotes[row].astype(counts[row].dtype) if len(quotes) else quotes[row]
    out = counts.merge(quotes[["code", row, "quote", "speaker"]], on=["code", row], how="left")
    out = out.rename(columns={"code": "theme"})
    return (
        out[[row, "theme", "n_segments", "n_interviews", "quote", "speaker"]]
        .sort_values([row, "theme"])
        .reset_index(drop=True)
    )


__all__ = [
    "code_at_level",
    "rollup",
    "code_matrix",
    "contingency_test",
    "code_group_tests",
    "cooccurrence",
    "cooccurrence_graph",
    "code_communities",
    "agreement_from_counts",
    "agreement_characters",
    "agreement_segments",
    "segment_units",
    "krippendorff_alpha",
    "select_quotes",
    "framework_matrix",
]
